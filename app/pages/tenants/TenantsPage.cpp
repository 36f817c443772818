#include "app/pages/tenants/TenantsPage.h"

namespace gatehouse::app {

TenantsPage::TenantsPage(client::Session& session, QWidget* parent)
    : TenantsPage(session, new client::TenantsModel(session), parent) {}

TenantsPage::TenantsPage(client::Session& session, client::TenantsModel* model, QWidget* parent)
    : ListPage(session, model, parent)
    , m_model(model) {
    setObjectName(QStringLiteral("tenantsPage"));
}

void TenantsPage::refreshActionState(const ActionContext& context) {
    // Tenants are the system tenant's resource, whatever tenant is current.
    setEnabled(context.signedIn && context.permissions != nullptr &&
               context.permissions->allows(QStringLiteral("system"), QStringLiteral("tenants"),
                                           client::Permissions::Action::Read));
}

} // namespace gatehouse::app
