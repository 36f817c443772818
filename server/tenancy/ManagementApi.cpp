#include "tenancy/ManagementApi.h"

namespace gatehouse::tenancy {

QStringList ManagementApi::scopes(bool systemTenant) {
    QStringList scopes{
        QStringLiteral("read:clients"),
        QStringLiteral("create:clients"),
        QStringLiteral("update:clients"),
        QStringLiteral("delete:clients"),
        QStringLiteral("read:client_keys"),
        QStringLiteral("update:client_keys"),
        QStringLiteral("read:resource_servers"),
        QStringLiteral("create:resource_servers"),
        QStringLiteral("update:resource_servers"),
        QStringLiteral("delete:resource_servers"),
        QStringLiteral("read:client_grants"),
        QStringLiteral("create:client_grants"),
        QStringLiteral("update:client_grants"),
        QStringLiteral("delete:client_grants"),
        QStringLiteral("read:signing_keys"),
        QStringLiteral("create:signing_keys"),
        QStringLiteral("update:signing_keys"),
        QStringLiteral("read:tenant_settings"),
        QStringLiteral("update:tenant_settings"),
        QStringLiteral("read:users"),
        QStringLiteral("create:users"),
        QStringLiteral("update:users"),
        QStringLiteral("delete:users"),
        QStringLiteral("read:connections"),
        QStringLiteral("create:connections"),
        QStringLiteral("update:connections"),
        QStringLiteral("delete:connections"),
        QStringLiteral("read:logs"),
    };
    if (systemTenant) {
        scopes << QStringLiteral("read:tenants") << QStringLiteral("create:tenants")
               << QStringLiteral("update:tenants") << QStringLiteral("delete:tenants");
    }
    return scopes;
}

} // namespace gatehouse::tenancy
