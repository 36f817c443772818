#include "app/pages/applications/ApplicationsPage.h"

namespace gatehouse::app {

ApplicationsPage::ApplicationsPage(client::Session& session, QWidget* parent)
    : ApplicationsPage(session, new client::ClientsModel(session), parent) {}

ApplicationsPage::ApplicationsPage(client::Session& session, client::ClientsModel* model,
                                   QWidget* parent)
    : ListPage(session, model, parent)
    , m_model(model) {
    setObjectName(QStringLiteral("applicationsPage"));
}

void ApplicationsPage::refreshActionState(const ActionContext& context) {
    setEnabled(context.allows(QStringLiteral("clients"), client::Permissions::Action::Read));
}

} // namespace gatehouse::app
