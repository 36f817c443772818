#include "tenancy/TenantSnapshot.h"

#include "core/Json.h"
#include "crypto/Encoding.h"
#include "tenancy/DiscoveryDocument.h"
#include "tenancy/ManagementApi.h"
#include "tenancy/TenantId.h"

#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>

namespace gatehouse::tenancy {
namespace {

QString grantKey(const QString& clientId, const QString& identifier) {
    return clientId + u'\n' + identifier;
}

QStringList scopeValues(const QJsonArray& scopes) {
    QStringList values;
    values.reserve(scopes.size());
    for (const QJsonValue& scope : scopes) {
        const QString value = scope.isObject()
                                  ? scope.toObject().value(QStringLiteral("value")).toString()
                                  : scope.toString();
        if (!value.isEmpty())
            values.append(value);
    }
    return values;
}

// The JWKS lists the signing key first, then the next one, then retired ones: clients that take
// the first key (wrongly, but commonly) get the one that signs.
int publicationOrder(store::KeyStatus status) {
    switch (status) {
    case store::KeyStatus::Current:
        return 0;
    case store::KeyStatus::Next:
        return 1;
    case store::KeyStatus::Previous:
        return 2;
    case store::KeyStatus::Revoked:
        break;
    }
    return 3;
}

// Access tokens are typed "at+jwt" (RFC 9068 §2.1) so that no verifier can mistake one for an ID
// token, which is typed "JWT" (OIDC Core §2 leaves typ open; Auth0 and most providers send JWT).
QByteArray jwsHeader(const QByteArray& algorithm, const QByteArray& kid, const QString& type) {
    const QJsonObject header{
        {QStringLiteral("alg"), QString::fromLatin1(algorithm)},
        {QStringLiteral("kid"), QString::fromLatin1(kid)},
        {QStringLiteral("typ"), type},
    };
    return crypto::base64UrlEncode(json::compact(header)) + '.';
}

QByteArray signWith(const crypto::KeyPair& key, const QByteArray& header,
                    QByteArrayView claimsJson) {
    QByteArray token = header;
    token += crypto::base64UrlEncode(claimsJson);
    const QByteArray signature = key.sign(token);
    if (signature.isEmpty())
        return {};
    token += '.';
    token += crypto::base64UrlEncode(signature);
    return token;
}

} // namespace

QByteArray ActiveSigningKey::signAccessToken(QByteArrayView claimsJson) const {
    return signWith(keyPair, accessTokenHeader, claimsJson);
}

QByteArray ActiveSigningKey::signIdToken(QByteArrayView claimsJson) const {
    return signWith(keyPair, idTokenHeader, claimsJson);
}

Result<std::shared_ptr<const TenantSnapshot>> TenantSnapshot::build(Source source,
                                                                    const IssuerPolicy& policy) {
    std::shared_ptr<TenantSnapshot> snapshot(new TenantSnapshot);
    snapshot->m_tenant = source.tenant;
    snapshot->m_issuers = policy.issuers(source.tenant.id, source.tenant.domain);
    for (const QString& host :
         {policy.tenantHost(source.tenant.id), IssuerPolicy::normalizeHost(source.tenant.domain)}) {
        if (!host.isEmpty())
            snapshot->m_hostIssuers.insert(host, policy.hostIssuer(host));
    }
    snapshot->indexConfiguration(source);
    if (auto loaded = snapshot->loadKeys(source); !loaded)
        return loaded.error();
    return std::shared_ptr<const TenantSnapshot>(std::move(snapshot));
}

void TenantSnapshot::indexConfiguration(const Source& source) {
    for (const store::ClientRecord& client : source.clients) {
        m_clients.insert(client.clientId,
                         ClientEntry{client.clientId, client.name, client.secretHash,
                                     client.grantTypes, client.appType, client.callbacks,
                                     client.allowedLogoutUrls, client.webOrigins});
        for (const QString& origin : client.webOrigins)
            m_webOrigins.insert(origin);
    }
    for (const store::ResourceServerRecord& api : source.resourceServers) {
        m_resourceServers.insert(api.identifier,
                                 ResourceServerEntry{api.id, api.name, api.identifier,
                                                     scopeValues(api.scopes),
                                                     api.tokenLifetimeSeconds, api.isSystem});
        m_longestLifetime = std::max(m_longestLifetime, api.tokenLifetimeSeconds);
    }
    for (const store::ClientGrantRecord& grant : source.grants)
        m_grants.insert(grantKey(grant.clientId, grant.audience), grant.scope);
    m_defaultAudience = source.tenant.settings.value(QStringLiteral("default_audience")).toString();
}

Result<void> TenantSnapshot::loadKeys(const Source& source) {
    QList<store::SigningKeyRecord> published;
    for (const store::SigningKeyRecord& key : source.keys) {
        if (key.status != store::KeyStatus::Revoked)
            published.append(key);
    }
    std::stable_sort(published.begin(), published.end(), [](const auto& a, const auto& b) {
        return publicationOrder(a.status) < publicationOrder(b.status);
    });

    QJsonArray keys;
    QStringList algorithms;
    for (const store::SigningKeyRecord& record : published) {
        Result<crypto::PublicKey> key = crypto::PublicKey::fromJwk(record.publicJwk);
        if (!key)
            return Error{key.error().code,
                         QStringLiteral("tenant %1, key %2: %3")
                             .arg(record.tenant, record.kid, key.error().message),
                         500};
        const QByteArray kid = record.kid.toLatin1();
        const QString algorithm = QString::fromLatin1(crypto::algorithmName(key->algorithm()));
        m_verificationKeys.insert(kid, *key);
        QJsonObject jwk = key->jwk();
        jwk.insert(QStringLiteral("kid"), record.kid);
        jwk.insert(QStringLiteral("alg"), algorithm);
        jwk.insert(QStringLiteral("use"), QStringLiteral("sig"));
        keys.append(jwk);
        if (record.status != store::KeyStatus::Previous && !algorithms.contains(algorithm))
            algorithms.append(algorithm);
        if (record.status == store::KeyStatus::Current && source.currentKey) {
            const QByteArray algorithm = crypto::algorithmName(source.currentKey->algorithm());
            m_signingKey = ActiveSigningKey{*source.currentKey, kid,
                                            jwsHeader(algorithm, kid, QStringLiteral("at+jwt")),
                                            jwsHeader(algorithm, kid, QStringLiteral("JWT"))};
        }
    }
    m_jwks = json::compact(QJsonObject{{QStringLiteral("keys"), keys}});
    for (const QString& issuer : std::as_const(m_issuers))
        m_discovery.insert(issuer, discoveryDocument(issuer, algorithms));
    return {};
}

bool TenantSnapshot::isSystem() const {
    return m_tenant.id == kSystemTenantId;
}

const ClientEntry* TenantSnapshot::client(const QString& clientId) const {
    const auto it = m_clients.constFind(clientId);
    return it == m_clients.cend() ? nullptr : &*it;
}

const ResourceServerEntry* TenantSnapshot::resourceServer(const QString& identifier) const {
    const auto it = m_resourceServers.constFind(identifier);
    return it == m_resourceServers.cend() ? nullptr : &*it;
}

bool TenantSnapshot::isManagementAudience(const QString& audience) const {
    for (const QString& issuer : m_issuers) {
        if (audience.size() == issuer.size() + 7 && audience.startsWith(issuer) &&
            audience.endsWith(QLatin1String("api/v2/")))
            return true;
    }
    return false;
}

const ResourceServerEntry*
TenantSnapshot::resourceServerForAudience(const QString& audience) const {
    if (isManagementAudience(audience))
        return resourceServer(ManagementApi::kIdentifier);
    if (audience == ManagementApi::kIdentifier)
        return nullptr;
    return resourceServer(audience);
}

std::optional<QStringList> TenantSnapshot::grantedScopes(const QString& clientId,
                                                         const QString& identifier) const {
    const auto it = m_grants.constFind(grantKey(clientId, identifier));
    if (it == m_grants.cend())
        return std::nullopt;
    return *it;
}

std::optional<crypto::PublicKey> TenantSnapshot::verificationKey(QByteArrayView kid) const {
    const auto it = m_verificationKeys.constFind(kid.toByteArray());
    if (it == m_verificationKeys.cend())
        return std::nullopt;
    return *it;
}

QByteArray TenantSnapshot::discovery(const QString& issuer) const {
    return m_discovery.value(issuer);
}

} // namespace gatehouse::tenancy
