#pragma once

#include "app/ListPage.h"
#include "models/tenants/TenantsModel.h"

namespace gatehouse::app {

// Tenants
class TenantsPage final : public ListPage {
    Q_OBJECT

public:
    explicit TenantsPage(client::Session& session, QWidget* parent = nullptr);

    [[nodiscard]] QString title() const override { return tr("Tenants"); }
    [[nodiscard]] QString iconName() const override { return QStringLiteral("tenants"); }
    void refreshActionState(const ActionContext& context) override;

protected:
    [[nodiscard]] QString listTenant() const override { return QStringLiteral("system"); }

private:
    TenantsPage(client::Session& session, client::TenantsModel* model, QWidget* parent);

    client::TenantsModel* m_model;
};

} // namespace gatehouse::app
