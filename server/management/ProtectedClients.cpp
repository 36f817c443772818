#include "management/ProtectedClients.h"

#include "management/RequestBody.h"
#include "store/Store.h"
#include "tenancy/TenantId.h"

namespace gatehouse::management {
namespace {

using namespace Qt::StringLiterals;

// The fields that decide how a client authenticates and where its codes go.
const QLatin1String kShapeFields[] = {QLatin1String("app_type"), QLatin1String("grant_types"),
                                      QLatin1String("callbacks"),
                                      QLatin1String("token_endpoint_auth_method")};

Error notAllowed(const QString& message) {
    return Error{QByteArrayLiteral("operation_not_allowed"), message, 403};
}

bool isDashboard(const QString& tenant, const QString& clientId) {
    return tenant == tenancy::kSystemTenantId && clientId == store::kDashboardClientId;
}

} // namespace

ProtectedClients::ProtectedClients(store::Store& store)
    : m_store(store) {}

Result<bool> ProtectedClients::isSystemManagementClient(const QString& tenant,
                                                        const QString& clientId) const {
    if (tenant != tenancy::kSystemTenantId)
        return false;
    const auto id = m_store.settings().get(QString(store::kSystemManagementClientSetting));
    if (!id)
        return id.error();
    return *id && **id == clientId;
}

Result<void> ProtectedClients::checkDelete(const QString& tenant, const QString& clientId) const {
    if (isDashboard(tenant, clientId))
        return notAllowed(u"the Gatehouse dashboard's client cannot be deleted"_s);
    const Result<bool> system = isSystemManagementClient(tenant, clientId);
    if (!system)
        return system.error();
    if (*system)
        return notAllowed(u"the system management client cannot be deleted"_s);
    return {};
}

Result<void> ProtectedClients::checkUpdate(const QString& tenant, const QString& clientId,
                                           const RequestBody& body) const {
    const bool dashboard = isDashboard(tenant, clientId);
    const Result<bool> system = isSystemManagementClient(tenant, clientId);
    if (!system)
        return system.error();
    if (!dashboard && !*system)
        return {};
    for (QLatin1String field : kShapeFields) {
        if (body.has(field))
            return notAllowed(u"'%1' of the %2 cannot be changed"_s.arg(
                field,
                dashboard ? u"Gatehouse dashboard's client"_s : u"system management client"_s));
    }
    return {};
}

} // namespace gatehouse::management
