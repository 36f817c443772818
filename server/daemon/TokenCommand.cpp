#include "daemon/TokenCommand.h"

#include "crypto/Sealer.h"
#include "daemon/DataDirectory.h"
#include "daemon/InstanceConfig.h"
#include "oidc/AccessTokenClaims.h"
#include "store/AdministratorRepository.h"
#include "store/DatabaseConfig.h"
#include "store/Store.h"
#include "tenancy/IssuerPolicy.h"
#include "tenancy/TenantCatalog.h"
#include "tenancy/TenantId.h"

#include <algorithm>

namespace gatehouse::daemon {
namespace {

Error tokenError(const char* code, const QString& message) {
    return Error{QByteArray(code), message, 500};
}

Result<store::Store> openStore(const config::ServerConfig& config) {
    auto databaseConfig = store::DatabaseConfig::fromUrl(config.resolvedDatabaseUrl());
    if (!databaseConfig)
        return databaseConfig.error();
    return store::Store::open(*databaseConfig);
}

// As TokenEndpoint::grantFor, for one client and the system Management API, without authentication:
// reading the master key was the authentication.
Result<LocalToken> sign(const tenancy::TenantSnapshot& system, const QString& clientId,
                        const QString& issuer, const tenancy::Clock& clock) {
    const tenancy::ClientEntry* client = system.client(clientId);
    if (client == nullptr || !client->grantTypes.contains(QLatin1String("client_credentials")))
        return tokenError("no_system_client",
                          QStringLiteral("the system management client %1 no longer exists or may "
                                         "not use client credentials")
                              .arg(clientId));
    const QString audience = tenancy::IssuerPolicy::managementAudience(issuer);
    const tenancy::ResourceServerEntry* api = system.resourceServerForAudience(audience);
    const std::optional<QStringList> scopes =
        api == nullptr ? std::nullopt : system.grantedScopes(clientId, api->identifier);
    if (!scopes)
        return tokenError("no_system_client",
                          QStringLiteral("the system management client %1 has no grant for %2")
                              .arg(clientId, audience));
    if (!system.signingKey())
        return tokenError("no_signing_key", QStringLiteral("the system tenant has no signing key"));
    const int lifetime = std::min(api->tokenLifetimeSeconds, kLocalTokenLifetimeSeconds);
    const qint64 now = clock().toSecsSinceEpoch();
    const oidc::AccessTokenClaims claims = oidc::AccessTokenClaims::forClient(
        issuer, clientId, audience, scopes->join(u' '), now, lifetime);
    const QByteArray token = system.signingKey()->signAccessToken(claims.toJson());
    if (token.isEmpty())
        return tokenError("signing_failed", QStringLiteral("signing the token failed"));
    return LocalToken{token, lifetime};
}

} // namespace

QJsonObject LocalToken::toJson() const {
    return {{QStringLiteral("access_token"), QString::fromLatin1(accessToken)},
            {QStringLiteral("expires_in"), expiresIn},
            {QStringLiteral("token_type"), QStringLiteral("Bearer")}};
}

Result<LocalToken> issueLocalToken(const TokenRequest& request,
                                   const QProcessEnvironment& environment,
                                   const tenancy::Clock& clock) {
    const DataDirectory dir(request.dataDir);
    auto config = loadInstanceConfig(dir, request.flags, environment);
    if (!config)
        return config.error();
    if (config->publicUrl.isEmpty() && config->listenPort == 0)
        return tokenError("issuer_unknown",
                          QStringLiteral("%1 listens on a port chosen when it starts, so the "
                                         "issuer of its tokens is not known; give --listen "
                                         "HOST:PORT as run is given it, or set [server] "
                                         "public_url")
                              .arg(dir.path()));
    auto masterKey = dir.readMasterKey();
    if (!masterKey)
        return masterKey.error();
    auto sealer = crypto::Sealer::fromKey(*masterKey);
    if (!sealer)
        return sealer.error();
    auto store = openStore(*config);
    if (!store)
        return store.error();
    auto clientId = store->settings().get(QString(store::kSystemManagementClientSetting));
    if (!clientId)
        return clientId.error();
    if (!*clientId)
        return tokenError("no_system_client",
                          QStringLiteral("%1 has no system management client (setting %2)")
                              .arg(dir.path(), store::kSystemManagementClientSetting));
    const tenancy::IssuerPolicy issuers{config->publicBaseUrl(), config->domain};
    tenancy::TenantCatalog catalog(*store, *sealer, issuers);
    // Only the system tenant: an instance with many tenants must not unseal all their keys.
    if (auto loaded = catalog.loadOnly({QString(tenancy::kSystemTenantId)}); !loaded)
        return loaded.error();
    const std::shared_ptr<const tenancy::TenantSnapshot> system =
        catalog.find(tenancy::kSystemTenantId);
    if (!system)
        return tokenError("no_system_tenant",
                          QStringLiteral("the system tenant could not be loaded"));
    return sign(*system, **clientId, issuers.pathIssuer(QString(tenancy::kSystemTenantId)), clock);
}

} // namespace gatehouse::daemon
