#include "management/MeApi.h"

#include "management/Permissions.h"

namespace gatehouse::management {

using namespace Qt::StringLiterals;

MeApi::MeApi(const std::vector<Endpoint>& endpoints)
    : m_endpoints(endpoints) {}

QList<Endpoint> MeApi::endpoints() {
    return {
        {http::Method::Get,
         QByteArrayLiteral("/api/v2/me"),
         {},
         Access::Read,
         Reach::EveryTenant,
         [this](const ManagementCall& call) {
             return get(call);
         }},
    };
}

Result<http::HttpResponse> MeApi::get(const ManagementCall& call) const {
    QJsonObject me{{u"client_id"_s, call.caller.clientId},
                   {u"tenants"_s, call.permissions.tenantsJson()},
                   {u"permissions"_s, call.permissions.snapshot(m_endpoints)}};
    if (call.administrator) {
        me.insert(u"kind"_s, u"administrator"_s);
        me.insert(u"user_id"_s, call.administrator->userId);
        me.insert(u"email"_s, call.administrator->email);
        me.insert(u"role"_s, call.administrator->role);
    } else {
        me.insert(u"kind"_s, u"client"_s);
        me.insert(u"tenant"_s, call.caller.tenantId);
        me.insert(u"scopes"_s, QJsonArray::fromStringList(call.caller.scopes));
    }
    return jsonResponse(200, me);
}

} // namespace gatehouse::management
