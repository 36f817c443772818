#include "models/connections/ConnectionsModel.h"

namespace gatehouse::client {

ConnectionsModel::ConnectionsModel(Session& session, QObject* parent)
    : PagedListModel(session, parent) {}

QList<PagedListModel::Column> ConnectionsModel::columns() const {
    return {
        {tr("Name"), QStringLiteral("name"), true},
        {tr("Strategy"), QStringLiteral("strategy"), true},
        {tr("Applications"), QStringLiteral("enabled_clients"), false},
    };
}

} // namespace gatehouse::client
