#include "models/apis/ResourceServersModel.h"

namespace gatehouse::client {

ResourceServersModel::ResourceServersModel(Session& session, QObject* parent)
    : PagedListModel(session, parent) {}

QList<PagedListModel::Column> ResourceServersModel::columns() const {
    return {
        {tr("Name"), QStringLiteral("name"), true},
        {tr("Identifier (audience)"), QStringLiteral("identifier"), true},
        {tr("Signing"), QStringLiteral("signing_alg"), false},
    };
}

} // namespace gatehouse::client
