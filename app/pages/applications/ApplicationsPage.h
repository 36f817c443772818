#pragma once

#include "app/ListPage.h"
#include "models/applications/ClientsModel.h"

namespace gatehouse::app {

// Applications
class ApplicationsPage final : public ListPage {
    Q_OBJECT

public:
    explicit ApplicationsPage(client::Session& session, QWidget* parent = nullptr);

    [[nodiscard]] QString title() const override { return tr("Applications"); }
    [[nodiscard]] QString iconName() const override { return QStringLiteral("applications"); }
    void refreshActionState(const ActionContext& context) override;

private:
    ApplicationsPage(client::Session& session, client::ClientsModel* model, QWidget* parent);

    client::ClientsModel* m_model;
};

} // namespace gatehouse::app
