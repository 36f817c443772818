#include "models/tenants/TenantsModel.h"

#include "models/api/ApiCall.h"
#include "models/session/Session.h"
#include "models/tenants/TenantSettings.h"

namespace gatehouse::client {

using namespace Qt::StringLiterals;

TenantsModel::TenantsModel(Session& session, QObject* parent)
    : PagedListModel(session, parent) {}

QList<PagedListModel::Column> TenantsModel::columns() const {
    return {
        {tr("Tenant"), u"id"_s, true},
        {tr("Name"), u"friendly_name"_s, true},
        {tr("Domain"), u"domain"_s, false},
        {tr("Signing"), u"signing_alg"_s, false},
    };
}

TenantRecord TenantsModel::recordAt(int row) const {
    if (row < 0 || row >= rowCount())
        return {};
    return TenantRecord::fromJson(itemAt(row));
}

ApiCall* TenantsModel::create(const TenantRecord& tenant) {
    ApiCall* call = session().managementCall("POST", this->tenant(), u"tenants"_s, {},
                                             QJsonDocument(tenant.toCreateJson()));
    connect(call, &ApiCall::finished, this, [this, call] {
        if (call->result().ok())
            upsert(call->result().json.object());
    });
    return call;
}

ApiCall* TenantsModel::remove(const QString& id) {
    ApiCall* call = session().managementCall("DELETE", tenant(), u"tenants/"_s + id);
    connect(call, &ApiCall::finished, this, [this, call, id] {
        // Gone either way: deleted now, or already (404).
        if (call->result().ok() || call->result().httpStatus == 404)
            removeId(id);
    });
    return call;
}

void TenantsModel::noteSettings(const QString& id, const TenantSettings& settings) {
    const int row = rowOf(id);
    if (row < 0)
        return;
    QJsonObject item = itemAt(row);
    item.insert(u"friendly_name"_s, settings.friendlyName);
    item.insert(u"signing_alg"_s, settings.signingAlg);
    upsert(item);
}

} // namespace gatehouse::client
