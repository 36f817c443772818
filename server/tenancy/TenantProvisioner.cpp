#include "tenancy/TenantProvisioner.h"

#include "crypto/SigningAlgorithm.h"
#include "tenancy/ManagementApi.h"
#include "tenancy/SigningKeyService.h"

#include <QJsonArray>
#include <QJsonObject>

namespace gatehouse::tenancy {

TenantProvisioner::TenantProvisioner(store::Store store, SigningKeyService& keys)
    : m_store(std::move(store))
    , m_keys(keys) {}

store::ResourceServerRecord TenantProvisioner::managementApi(const QString& tenant) {
    store::ResourceServerRecord api;
    api.tenant = tenant;
    api.name = ManagementApi::kName;
    api.identifier = ManagementApi::kIdentifier;
    api.tokenLifetimeSeconds = ManagementApi::kTokenLifetimeSeconds;
    api.isSystem = true;
    for (const QString& scope : ManagementApi::scopes(tenant == kSystemTenantId)) {
        api.scopes.append(
            QJsonObject{{QStringLiteral("value"), scope}, {QStringLiteral("description"), scope}});
    }
    return api;
}

// Enabled for the clients the tenant has now (none, unless a caller's transaction made some);
// clients created later are added by whoever creates them
// (ConnectionRepository::enableOnDatabaseConnections).
Result<void> TenantProvisioner::createDefaultConnection(const QString& tenant) {
    auto clients = m_store.clients().list(tenant);
    if (!clients)
        return clients.error();
    QStringList clientIds;
    for (const store::ClientRecord& client : *clients)
        clientIds << client.clientId;
    auto created = m_store.connections().create(
        store::ConnectionRepository::defaultDatabase(tenant, clientIds));
    if (!created)
        return created.error();
    return {};
}

Result<store::TenantRecord> TenantProvisioner::create(store::TenantRecord tenant,
                                                      SystemTenantId system, const Extra& extra) {
    if (auto valid = validateTenantId(tenant.id, system); !valid)
        return valid.error();
    if (tenant.signingAlgorithm.isEmpty())
        tenant.signingAlgorithm = QStringLiteral("RS256");
    const auto algorithm = crypto::parseAlgorithm(tenant.signingAlgorithm.toLatin1());
    if (!algorithm)
        return Error::badRequest(QByteArrayLiteral("invalid_request"),
                                 QStringLiteral("signing algorithm must be RS256, ES256 or EdDSA"));

    // Keys first, outside the transaction: RSA generation takes long enough to matter to writers.
    Result<store::SigningKeyRecord> current =
        m_keys.generate(tenant.id, *algorithm, store::KeyStatus::Current);
    if (!current)
        return current.error();
    Result<store::SigningKeyRecord> next =
        m_keys.generate(tenant.id, *algorithm, store::KeyStatus::Next);
    if (!next)
        return next.error();

    return m_store.database().transaction<store::TenantRecord>(
        [&]() -> Result<store::TenantRecord> {
            Result<store::TenantRecord> created = m_store.tenants().create(tenant);
            if (!created)
                return created.error();
            if (auto key = m_store.signingKeys().create(*current); !key)
                return key.error();
            if (auto key = m_store.signingKeys().create(*next); !key)
                return key.error();
            if (auto api = m_store.resourceServers().create(managementApi(tenant.id)); !api)
                return api.error();
            if (auto connection = createDefaultConnection(tenant.id); !connection)
                return connection.error();
            if (extra) {
                if (auto added = extra(m_store, *created); !added)
                    return added.error();
            }
            return created;
        });
}

} // namespace gatehouse::tenancy
