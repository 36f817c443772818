#include "models/tenants/TenantsModel.h"

namespace gatehouse::client {

TenantsModel::TenantsModel(Session& session, QObject* parent)
    : PagedListModel(session, parent) {}

QList<PagedListModel::Column> TenantsModel::columns() const {
    return {
        {tr("Tenant"), QStringLiteral("id"), true},
        {tr("Name"), QStringLiteral("friendly_name"), true},
        {tr("Domain"), QStringLiteral("domain"), false},
        {tr("Signing"), QStringLiteral("signing_algorithm"), false},
    };
}

} // namespace gatehouse::client
