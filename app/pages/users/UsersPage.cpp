#include "app/pages/users/UsersPage.h"

namespace gatehouse::app {

UsersPage::UsersPage(client::Session& session, QWidget* parent)
    : UsersPage(session, new client::UsersModel(session), parent) {}

UsersPage::UsersPage(client::Session& session, client::UsersModel* model, QWidget* parent)
    : ListPage(session, model, parent)
    , m_model(model) {
    setObjectName(QStringLiteral("usersPage"));
}

void UsersPage::refreshActionState(const ActionContext& context) {
    setEnabled(context.allows(QStringLiteral("users"), client::Permissions::Action::Read));
}

} // namespace gatehouse::app
