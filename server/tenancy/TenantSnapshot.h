#pragma once

#include "core/Result.h"
#include "crypto/KeyPair.h"
#include "crypto/PublicKey.h"
#include "store/Records.h"
#include "tenancy/IssuerPolicy.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace gatehouse::tenancy {

// What the OAuth endpoints need to know about a client.
struct ClientEntry {
    QString clientId;
    QString name;
    QByteArray secretHash; // crypto::SecretHash form; empty for public clients
    QStringList grantTypes;
    QString appType;               // non_interactive | spa | native | regular_web
    QStringList callbacks;         // registered redirect URIs, compared exactly
    QStringList allowedLogoutUrls; // where logout may send the browser, compared exactly
    QStringList webOrigins;        // origins allowed to call the OAuth API from a browser (CORS)

    // Public clients cannot keep a secret (RFC 6749 §2.1): browser and native apps.
    [[nodiscard]] bool isPublic() const {
        return appType == QLatin1String("spa") || appType == QLatin1String("native");
    }
    [[nodiscard]] bool isNative() const { return appType == QLatin1String("native"); }
};

struct ResourceServerEntry {
    QString id;
    QString name;
    QString identifier; // as stored: ManagementApi::kIdentifier for the Management API
    QStringList scopes;
    int tokenLifetimeSeconds = 86400;
    bool isSystem = false;
};

// The key that signs the tenant's tokens now, unsealed, with the JWS headers of its tokens
// pre-encoded: base64url({"alg":…,"kid":…,"typ":"at+jwt" or "JWT"}) followed by '.'.
struct ActiveSigningKey {
    crypto::KeyPair keyPair;
    QByteArray kid;
    QByteArray accessTokenHeader;
    QByteArray idTokenHeader;

    // A JWS compact serialization (RFC 7515 §7.1) of `claimsJson` under the access-token or
    // ID-token header; empty only when OpenSSL fails. Thread-safe.
    [[nodiscard]] QByteArray signAccessToken(QByteArrayView claimsJson) const;
    [[nodiscard]] QByteArray signIdToken(QByteArrayView claimsJson) const;
};

// Everything the runtime needs about one tenant, read once from the store and then shared,
// immutable, by every worker thread (std::shared_ptr<const TenantSnapshot>). Nothing on the
// token, JWKS or discovery paths touches the database: a configuration change produces a new
// snapshot instead (see TenantCatalog).
class TenantSnapshot final {
public:
    // The records of one tenant as loaded from the store. `currentKey` is the unsealed private key
    // of the Current record in `keys`, absent when the tenant has none (nothing can be signed).
    struct Source {
        store::TenantRecord tenant;
        QList<store::ClientRecord> clients;
        QList<store::ResourceServerRecord> resourceServers;
        QList<store::ClientGrantRecord> grants;
        QList<store::SigningKeyRecord> keys;
        std::optional<crypto::KeyPair> currentKey;
    };

    // Fails ("invalid_key") when a published key's JWK cannot be read.
    [[nodiscard]] static Result<std::shared_ptr<const TenantSnapshot>>
    build(Source source, const IssuerPolicy& policy);

    [[nodiscard]] const store::TenantRecord& tenant() const { return m_tenant; }
    [[nodiscard]] const QString& id() const { return m_tenant.id; }
    [[nodiscard]] const store::TenantRecord& record() const { return m_tenant; }
    // The tenant's settings as stored (TenantRecord::settings): lifetimes, attack protection, ….
    [[nodiscard]] const QJsonObject& settings() const { return m_tenant.settings; }
    [[nodiscard]] bool isSystem() const;

    // Path issuer first; see IssuerPolicy.
    [[nodiscard]] const QStringList& issuers() const { return m_issuers; }
    [[nodiscard]] bool hasIssuer(const QString& issuer) const { return m_issuers.contains(issuer); }
    // Hosts (lowercase, no port) at whose root this tenant is served, and the issuer of each.
    [[nodiscard]] QStringList hosts() const { return m_hostIssuers.keys(); }
    [[nodiscard]] QString issuerForHost(const QString& host) const {
        return m_hostIssuers.value(host);
    }

    [[nodiscard]] const ClientEntry* client(const QString& clientId) const;
    // By stored identifier.
    [[nodiscard]] const ResourceServerEntry* resourceServer(const QString& identifier) const;
    // By an audience as a client spells it: `{issuer}api/v2/` for any of the tenant's issuers
    // finds the Management API; the stored marker itself finds nothing (see ManagementApi).
    [[nodiscard]] const ResourceServerEntry*
    resourceServerForAudience(const QString& audience) const;
    // True when `audience` is `{issuer}api/v2/` for one of this tenant's issuers.
    [[nodiscard]] bool isManagementAudience(const QString& audience) const;
    // The scopes granted to a client for a resource server (by stored identifier); nullopt when
    // there is no client grant at all (an empty list is a grant without scopes).
    [[nodiscard]] std::optional<QStringList> grantedScopes(const QString& clientId,
                                                           const QString& identifier) const;
    // True when `origin` is exactly one of the `web_origins` of some client of the tenant.
    [[nodiscard]] bool hasWebOrigin(const QString& origin) const {
        return m_webOrigins.contains(origin);
    }
    // The tenant setting `default_audience`, used when a token request names none.
    [[nodiscard]] const QString& defaultAudience() const { return m_defaultAudience; }
    // The longest access-token lifetime of the tenant's APIs: how long a retired key must stay in
    // the JWKS.
    [[nodiscard]] int longestTokenLifetimeSeconds() const { return m_longestLifetime; }

    [[nodiscard]] const std::optional<ActiveSigningKey>& signingKey() const { return m_signingKey; }
    // Next, Current and Previous keys; Revoked keys and other tenants' kids are unknown.
    [[nodiscard]] std::optional<crypto::PublicKey> verificationKey(QByteArrayView kid) const;
    [[nodiscard]] QList<QByteArray> verificationKids() const { return m_verificationKeys.keys(); }

    // Pre-serialised bodies (JWKS, RFC 7517 §5; discovery per issuer, OpenID Connect
    // Discovery 1.0 §4.2). discovery() is empty for an issuer that is not the tenant's.
    [[nodiscard]] const QByteArray& jwks() const { return m_jwks; }
    [[nodiscard]] QByteArray discovery(const QString& issuer) const;

    TenantSnapshot(const TenantSnapshot&) = delete;
    TenantSnapshot& operator=(const TenantSnapshot&) = delete;

private:
    TenantSnapshot() = default;
    [[nodiscard]] Result<void> loadKeys(const Source& source);
    void indexConfiguration(const Source& source);

    store::TenantRecord m_tenant;
    QStringList m_issuers;
    QHash<QString, QString> m_hostIssuers;
    QHash<QString, ClientEntry> m_clients;
    QSet<QString> m_webOrigins; // of every client
    QHash<QString, ResourceServerEntry> m_resourceServers;
    QHash<QString, QStringList> m_grants; // clientId + '\n' + identifier
    QString m_defaultAudience;
    int m_longestLifetime = 0;
    std::optional<ActiveSigningKey> m_signingKey;
    QHash<QByteArray, crypto::PublicKey> m_verificationKeys;
    QByteArray m_jwks;
    QHash<QString, QByteArray> m_discovery;
};

} // namespace gatehouse::tenancy
