#include "models/users/UsersModel.h"

namespace gatehouse::client {

UsersModel::UsersModel(Session& session, QObject* parent)
    : PagedListModel(session, parent) {}

QList<PagedListModel::Column> UsersModel::columns() const {
    return {
        {tr("Email"), QStringLiteral("email"), true},
        {tr("Name"), QStringLiteral("name"), true},
        {tr("Connection"), QStringLiteral("connection"), false},
        {tr("Logins"), QStringLiteral("logins_count"), true},
        {tr("Last login"), QStringLiteral("last_login"), true},
    };
}

} // namespace gatehouse::client
