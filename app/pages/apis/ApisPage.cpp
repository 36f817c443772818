#include "app/pages/apis/ApisPage.h"

namespace gatehouse::app {

ApisPage::ApisPage(client::Session& session, QWidget* parent)
    : ApisPage(session, new client::ResourceServersModel(session), parent) {}

ApisPage::ApisPage(client::Session& session, client::ResourceServersModel* model, QWidget* parent)
    : ListPage(session, model, parent)
    , m_model(model) {
    setObjectName(QStringLiteral("apisPage"));
}

void ApisPage::refreshActionState(const ActionContext& context) {
    setEnabled(
        context.allows(QStringLiteral("resource_servers"), client::Permissions::Action::Read));
}

} // namespace gatehouse::app
