#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QLatin1String>
#include <QString>
#include <QStringList>
#include <optional>

namespace gatehouse::store {

// The stored configuration records. Timestamps are UTC with millisecond precision and are set by
// the repositories (createdAt on create, updatedAt on every write). toJson() is the change-log
// payload: it includes secret-bearing fields as stored (hashes, sealed keys, base64url-encoded)
// because the standby datacenter needs them; fromJson() is its inverse, for applying a change.

struct TenantRecord {
    QString id; // slug [a-z0-9][a-z0-9-]{0,62}, also the URL name (/t/{id}/)
    QString displayName;
    QString domain; // optional custom host, unique when set, stored lower-cased
    QString signingAlgorithm = QStringLiteral("RS256");
    QJsonObject settings;
    QDateTime createdAt;
    QDateTime updatedAt;

    [[nodiscard]] QJsonObject toJson() const;
    [[nodiscard]] static TenantRecord fromJson(const QJsonObject& json);
    friend bool operator==(const TenantRecord&, const TenantRecord&) = default;
};

struct ClientRecord {
    QString tenant;
    QString clientId; // generated when empty
    QString name;     // unique per tenant
    QString description;
    QString appType = QStringLiteral("regular_web"); // non_interactive | spa | native | regular_web
    QByteArray secretHash;
    QStringList grantTypes;
    QStringList callbacks;
    QStringList allowedLogoutUrls; // where logout may return to, compared exactly
    QStringList webOrigins;        // scheme://host[:port] allowed to call the OAuth API (CORS)
    bool isFirstParty = true;
    QJsonObject metadata;
    QDateTime createdAt;
    QDateTime updatedAt;

    [[nodiscard]] QJsonObject toJson() const;
    [[nodiscard]] static ClientRecord fromJson(const QJsonObject& json);
    friend bool operator==(const ClientRecord&, const ClientRecord&) = default;
};

struct ResourceServerRecord {
    QString tenant;
    QString id; // generated when empty
    QString name;
    QString identifier; // the audience, unique per tenant, immutable
    QJsonArray scopes;  // [{"value": "read:users", "description": "..."}]
    int tokenLifetimeSeconds = 86400;
    QString signingAlgorithm; // empty: the tenant's
    bool isSystem = false;
    QDateTime createdAt;
    QDateTime updatedAt;

    [[nodiscard]] QJsonObject toJson() const;
    [[nodiscard]] static ResourceServerRecord fromJson(const QJsonObject& json);
    friend bool operator==(const ResourceServerRecord&, const ResourceServerRecord&) = default;
};

struct ClientGrantRecord {
    QString tenant;
    QString id; // generated when empty
    QString clientId;
    QString audience; // a resource server's identifier; one grant per client and audience
    QStringList scope;
    QDateTime createdAt;
    QDateTime updatedAt;

    [[nodiscard]] QJsonObject toJson() const;
    [[nodiscard]] static ClientGrantRecord fromJson(const QJsonObject& json);
    friend bool operator==(const ClientGrantRecord&, const ClientGrantRecord&) = default;
};

// Rotation: a key is published as Next, signs as Current (one per tenant), keeps verifying as
// Previous, and is Revoked when it must no longer be trusted.
enum class KeyStatus { Next, Current, Previous, Revoked };

[[nodiscard]] QString toString(KeyStatus status);
[[nodiscard]] std::optional<KeyStatus> keyStatusFromString(const QString& text);

struct SigningKeyRecord {
    QString tenant;
    QString kid;
    QString algorithm;
    KeyStatus status = KeyStatus::Next;
    QByteArray sealedPrivateKey; // sealed with the master key by crypto; opaque here
    QJsonObject publicJwk;
    QDateTime createdAt;
    QDateTime activatedAt; // set when the key first becomes Current
    QDateTime retiredAt;   // set when it leaves Current (Previous or Revoked)

    [[nodiscard]] QJsonObject toJson() const;
    [[nodiscard]] static SigningKeyRecord fromJson(const QJsonObject& json);
    friend bool operator==(const SigningKeyRecord&, const SigningKeyRecord&) = default;
};

// Where users come from. Strategy "auth0" is a database connection (Auth0's name for it: users
// with passwords stored here), "oidc" an upstream OpenID provider. Every tenant has the database
// connection named kDefaultDatabaseConnection from its creation.
inline constexpr QLatin1String kDefaultDatabaseConnection{"Username-Password-Authentication"};

struct ConnectionRecord {
    QString tenant;
    QString id;   // `con_` + 16 alphanumerics, generated when empty
    QString name; // unique per tenant, immutable: users refer to their connection by name
    QString strategy = QStringLiteral("auth0"); // auth0 | oidc, immutable
    QJsonObject options;                        // strategy-specific; absent options: defaults
    QByteArray sealedSecret;    // upstream client secret, sealed with the master key by the caller
    QStringList enabledClients; // client ids of the applications that may log in with it
    QDateTime createdAt;
    QDateTime updatedAt;

    [[nodiscard]] QJsonObject toJson() const;
    [[nodiscard]] static ConnectionRecord fromJson(const QJsonObject& json);
    friend bool operator==(const ConnectionRecord&, const ConnectionRecord&) = default;
};

struct UserRecord {
    QString tenant;
    QString userId; // generated when empty: `auth0|` + 24 lower-case hex digits
    QString connection = kDefaultDatabaseConnection; // its name; immutable
    QString email;    // unique per connection, stored lower-cased; may be empty
    QString username; // unique per connection, stored lower-cased; may be empty
    QByteArray passwordHash;
    bool emailVerified = false;
    bool blocked = false;
    QString name;
    QString givenName;
    QString familyName;
    QString nickname;
    QString picture; // URL
    QJsonObject appMetadata;
    QJsonObject userMetadata;
    // Login statistics: written by UserRepository::recordLogin() only, never by update(), and
    // not replicated through the change log (payloads carry them as they were at the write).
    QDateTime lastLogin;
    QString lastIp;
    qint64 loginsCount = 0;
    QDateTime createdAt;
    QDateTime updatedAt;

    [[nodiscard]] QJsonObject toJson() const;
    [[nodiscard]] static UserRecord fromJson(const QJsonObject& json);
    friend bool operator==(const UserRecord&, const UserRecord&) = default;
};

// An upstream account (connection + the provider's `sub`) linked to a user.
struct IdentityRecord {
    QString tenant;
    QString connection;     // the connection's name
    QString providerUserId; // the upstream `sub`, unique per connection
    QString userId;
    QJsonObject profile; // the upstream claims as last seen
    QDateTime createdAt;
    QDateTime updatedAt;

    [[nodiscard]] QJsonObject toJson() const;
    [[nodiscard]] static IdentityRecord fromJson(const QJsonObject& json);
    friend bool operator==(const IdentityRecord&, const IdentityRecord&) = default;
};

struct ChangeRecord {
    qint64 sequence = 0; // strictly increasing in commit order; gaps are possible
    QString tenant;      // empty for instance-wide entities (settings)
    // tenant | client | resource_server | client_grant | signing_key | connection | user |
    // identity | setting
    QString entity;
    QString entityId;
    QString operation; // create | update | delete
    QJsonObject payload;
    QDateTime at;

    friend bool operator==(const ChangeRecord&, const ChangeRecord&) = default;
};

} // namespace gatehouse::store
