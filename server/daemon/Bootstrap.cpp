#include "daemon/Bootstrap.h"

#include "crypto/PasswordHasher.h"
#include "crypto/Random.h"
#include "crypto/Sealer.h"
#include "crypto/SecretHash.h"
#include "store/Store.h"
#include "tenancy/IssuerPolicy.h"
#include "tenancy/ManagementApi.h"
#include "tenancy/SigningKeyService.h"
#include "tenancy/TenantId.h"
#include "tenancy/TenantProvisioner.h"

#include <QJsonArray>
#include <QUuid>

namespace gatehouse::daemon {
namespace {

// A machine-to-machine client of `tenant` with a grant of `scopes` on its Management API.
Result<ClientCredentials> createManagementClient(store::Store& store, const QString& tenant,
                                                 const QString& name, const QStringList& scopes,
                                                 const QString& audience) {
    const QByteArray secret = crypto::randomToken(32);
    store::ClientRecord client;
    client.tenant = tenant;
    client.clientId = QString::fromLatin1(crypto::randomToken(16));
    client.name = name;
    client.description = QStringLiteral("Created by gatehoused init");
    client.appType = QStringLiteral("non_interactive");
    client.secretHash = crypto::SecretHash::hash(secret);
    client.grantTypes = {QStringLiteral("client_credentials")};
    auto created = store.clients().create(client);
    if (!created)
        return created.error();
    if (auto enabled = store.connections().enableOnDatabaseConnections(tenant, created->clientId);
        !enabled)
        return enabled.error();

    store::ClientGrantRecord grant;
    grant.tenant = tenant;
    grant.clientId = created->clientId;
    grant.audience = tenancy::ManagementApi::kIdentifier;
    grant.scope = scopes;
    if (auto granted = store.clientGrants().create(grant); !granted)
        return granted.error();
    return ClientCredentials{created->clientId, QString::fromLatin1(secret), audience};
}

// The dashboard's sign-in client (RFC 8252): native, so public (no secret; PKCE is required of
// public clients) and allowed a loopback redirect on any port; a fixed id, so that a dashboard
// needs no configuration. Schema migration 7 gives data directories made before the same client.
Result<void> createDashboardClient(store::Store& store) {
    store::ClientRecord client;
    client.tenant = tenancy::kSystemTenantId;
    client.clientId = store::kDashboardClientId;
    client.name = store::kDashboardClientName;
    client.description = QStringLiteral("The Gatehouse dashboard (native app, loopback redirect, "
                                        "PKCE)");
    client.appType = QStringLiteral("native");
    client.grantTypes = {QStringLiteral("authorization_code"), QStringLiteral("refresh_token")};
    client.callbacks = {store::kDashboardCallback};
    client.isFirstParty = true;
    auto created = store.clients().create(client);
    if (!created)
        return created.error();
    return store.connections().enableOnDatabaseConnections(client.tenant, client.clientId);
}

Result<QString> createOwner(store::Store& store, const QString& email) {
    const QByteArray password = crypto::randomToken(18); // 144 bits, 24 characters
    auto hash = crypto::PasswordHasher().hash(password);
    if (!hash)
        return hash.error();
    store::UserRecord owner;
    owner.tenant = tenancy::kSystemTenantId;
    owner.connection = store::kDefaultDatabaseConnection;
    owner.email = email;
    owner.passwordHash = *hash;
    owner.emailVerified = true;
    owner.appMetadata = QJsonObject{{QStringLiteral("roles"), QJsonArray{QStringLiteral("owner")}}};
    auto created = store.users().create(owner);
    if (!created)
        return created.error();
    store::AdministratorRecord role;
    role.userId = created->userId;
    role.role = store::AdministratorRepository::kOwner;
    if (auto granted = store.administrators().put(role); !granted)
        return granted.error();
    return QString::fromLatin1(password);
}

} // namespace

Result<InitialCredentials> bootstrapStore(store::Store& store, const crypto::Sealer& sealer,
                                          const tenancy::IssuerPolicy& issuers,
                                          const BootstrapRequest& request) {
    if (auto valid = tenancy::validateTenantId(request.tenant); !valid)
        return valid.error();
    tenancy::SigningKeyService keys(store, sealer);
    tenancy::TenantProvisioner provisioner(store, keys);
    InitialCredentials credentials;
    credentials.publicUrl = issuers.publicBaseUrl;
    credentials.tenant = request.tenant;
    credentials.issuer = issuers.pathIssuer(request.tenant);
    credentials.adminEmail = request.adminEmail;

    const QString systemId = tenancy::kSystemTenantId;
    auto existing = store.tenants().find(systemId);
    if (!existing)
        return existing.error();
    if (existing->has_value()) {
        return Error::conflict(QStringLiteral(
            "the database already holds a Gatehouse instance; to add a node, copy the first node's "
            "data "
            "directory (it holds the master key) and run it with the same --database"));
    }
    auto done = store.transaction([&]() -> Result<void> {
        if (auto instance = store.settings().set(
                QStringLiteral("instance_id"), QUuid::createUuid().toString(QUuid::WithoutBraces));
            !instance)
            return instance;
        store::TenantRecord system;
        system.id = systemId;
        system.displayName = QStringLiteral("System");
        system.signingAlgorithm = request.signingAlgorithm;
        if (auto made = provisioner.create(system, tenancy::SystemTenantId::Allow); !made)
            return made.error();
        store::TenantRecord first;
        first.id = request.tenant;
        first.displayName = request.tenant;
        first.signingAlgorithm = request.signingAlgorithm;
        if (auto made = provisioner.create(first); !made)
            return made.error();

        auto systemClient = createManagementClient(
            store, systemId, QStringLiteral("System management client"),
            tenancy::ManagementApi::scopes(true),
            tenancy::IssuerPolicy::managementAudience(issuers.pathIssuer(systemId)));
        if (!systemClient)
            return systemClient.error();
        credentials.systemManagementClient = *systemClient;
        if (auto remembered = store.settings().set(QString(store::kSystemManagementClientSetting),
                                                   systemClient->clientId);
            !remembered)
            return remembered;
        if (auto dashboard = createDashboardClient(store); !dashboard)
            return dashboard;
        credentials.dashboardClientId = store::kDashboardClientId;
        credentials.dashboardAudience =
            tenancy::IssuerPolicy::managementAudience(issuers.pathIssuer(systemId));
        auto tenantClient =
            createManagementClient(store, request.tenant, QStringLiteral("Management client"),
                                   tenancy::ManagementApi::scopes(false),
                                   tenancy::IssuerPolicy::managementAudience(credentials.issuer));
        if (!tenantClient)
            return tenantClient.error();
        credentials.managementClient = *tenantClient;

        auto password = createOwner(store, request.adminEmail);
        if (!password)
            return password.error();
        credentials.adminPassword = *password;
        return {};
    });
    if (!done)
        return done.error();
    return credentials;
}

} // namespace gatehouse::daemon
