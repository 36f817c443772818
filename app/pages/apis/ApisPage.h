#pragma once

#include "app/ListPage.h"
#include "models/apis/ResourceServersModel.h"

namespace gatehouse::app {

// APIs
class ApisPage final : public ListPage {
    Q_OBJECT

public:
    explicit ApisPage(client::Session& session, QWidget* parent = nullptr);

    [[nodiscard]] QString title() const override { return tr("APIs"); }
    [[nodiscard]] QString iconName() const override { return QStringLiteral("apis"); }
    void refreshActionState(const ActionContext& context) override;

private:
    ApisPage(client::Session& session, client::ResourceServersModel* model, QWidget* parent);

    client::ResourceServersModel* m_model;
};

} // namespace gatehouse::app
