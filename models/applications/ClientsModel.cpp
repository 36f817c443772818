#include "models/applications/ClientsModel.h"

namespace gatehouse::client {

ClientsModel::ClientsModel(Session& session, QObject* parent)
    : PagedListModel(session, parent) {}

QList<PagedListModel::Column> ClientsModel::columns() const {
    return {
        {tr("Name"), QStringLiteral("name"), true},
        {tr("Type"), QStringLiteral("app_type"), true},
        {tr("Client ID"), QStringLiteral("client_id"), true},
    };
}

} // namespace gatehouse::client
