#include "app/pages/connections/ConnectionsPage.h"

namespace gatehouse::app {

ConnectionsPage::ConnectionsPage(client::Session& session, QWidget* parent)
    : ConnectionsPage(session, new client::ConnectionsModel(session), parent) {}

ConnectionsPage::ConnectionsPage(client::Session& session, client::ConnectionsModel* model,
                                 QWidget* parent)
    : ListPage(session, model, parent)
    , m_model(model) {
    setObjectName(QStringLiteral("connectionsPage"));
}

void ConnectionsPage::refreshActionState(const ActionContext& context) {
    setEnabled(context.allows(QStringLiteral("connections"), client::Permissions::Action::Read));
}

} // namespace gatehouse::app
