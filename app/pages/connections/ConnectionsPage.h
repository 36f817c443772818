#pragma once

#include "app/ListPage.h"
#include "models/connections/ConnectionsModel.h"

namespace gatehouse::app {

// Connections
class ConnectionsPage final : public ListPage {
    Q_OBJECT

public:
    explicit ConnectionsPage(client::Session& session, QWidget* parent = nullptr);

    [[nodiscard]] QString title() const override { return tr("Connections"); }
    [[nodiscard]] QString iconName() const override { return QStringLiteral("connections"); }
    void refreshActionState(const ActionContext& context) override;

private:
    ConnectionsPage(client::Session& session, client::ConnectionsModel* model, QWidget* parent);

    client::ConnectionsModel* m_model;
};

} // namespace gatehouse::app
