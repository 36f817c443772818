#include "management/ClientsApi.h"

#include "crypto/Random.h"
#include "crypto/SecretHash.h"
#include "management/ListQuery.h"
#include "management/ProtectedClients.h"
#include "management/RequestBody.h"
#include "store/Store.h"

#include <QUrl>
#include <QUrlQuery>

#include <array>

namespace gatehouse::management {
namespace {

constexpr QLatin1String kClient{"client"};
constexpr QLatin1String kName{"name"};
constexpr QLatin1String kDescription{"description"};
constexpr QLatin1String kAppType{"app_type"};
constexpr QLatin1String kGrantTypes{"grant_types"};
constexpr QLatin1String kCallbacks{"callbacks"};
constexpr QLatin1String kLogoutUrls{"allowed_logout_urls"};
constexpr QLatin1String kWebOrigins{"web_origins"};
constexpr QLatin1String kFirstParty{"is_first_party"};
constexpr QLatin1String kMetadata{"client_metadata"};

// 24 random bytes: 192 bits, 32 URL-safe characters (SECURITY.md asks >= 128 bits).
constexpr int kClientIdBytes = 24;
// 32 random bytes: 256 bits, 43 characters.
constexpr int kSecretBytes = 32;

// What a client may list. The password grants are never a default: a client opts in by listing
// them, as in Auth0 (docs/login.md, "Password grant").
const QStringList& grantTypes() {
    static const QStringList types{
        QStringLiteral("authorization_code"), QStringLiteral("refresh_token"),
        QStringLiteral("client_credentials"), QStringLiteral("password"),
        QStringLiteral("http://auth0.com/oauth/grant-type/password-realm")};
    return types;
}

// Auth0's limits where it documents them (description 140, metadata 10 keys of 255 characters).
std::array<Field, 9> clientFields(Presence namePresence) {
    return {
        Field{.name = kName, .presence = namePresence, .maxLength = 255, .nonEmpty = true},
        Field{.name = kDescription, .maxLength = 140},
        Field{.name = kAppType, .allowed = store::ClientRepository::appTypes()},
        Field{.name = kGrantTypes,
              .type = FieldType::StringArray,
              .maxItems = 10,
              .allowed = grantTypes()},
        Field{
            .name = kCallbacks, .type = FieldType::StringArray, .maxLength = 2000, .maxItems = 100},
        Field{.name = kLogoutUrls,
              .type = FieldType::StringArray,
              .maxLength = 2000,
              .maxItems = 100},
        Field{.name = kWebOrigins,
              .type = FieldType::StringArray,
              .maxLength = 2000,
              .maxItems = 100},
        Field{.name = kFirstParty, .type = FieldType::Boolean},
        Field{.name = kMetadata, .type = FieldType::StringMap, .maxLength = 255, .maxItems = 10},
    };
}

bool isPublic(const QString& appType) {
    return appType == QLatin1String("spa") || appType == QLatin1String("native");
}

QStringList defaultGrantTypes(const QString& appType) {
    if (appType == QLatin1String("non_interactive"))
        return {QStringLiteral("client_credentials")};
    if (isPublic(appType))
        return {QStringLiteral("authorization_code"), QStringLiteral("refresh_token")};
    return {QStringLiteral("authorization_code"), QStringLiteral("refresh_token"),
            QStringLiteral("client_credentials")};
}

// Redirect and logout URLs are compared as exact strings (SECURITY.md), so a registered one must
// be a complete absolute URI without a fragment (RFC 6749 §3.1.2); wildcards never match.
Result<void> checkAbsoluteUrls(QLatin1String field, const QStringList& urls) {
    for (qsizetype i = 0; i < urls.size(); ++i) {
        const QUrl url(urls[i], QUrl::StrictMode);
        const bool web =
            url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https");
        if (!url.isValid() || url.scheme().isEmpty() || url.hasFragment() ||
            urls[i].contains(u'*') || (web && url.host().isEmpty()))
            return invalidBody(QStringLiteral("'%1[%2]' must be an absolute URI without "
                                              "a fragment or wildcard, got '%3'")
                                   .arg(field)
                                   .arg(i)
                                   .arg(urls[i]));
    }
    return {};
}

// Browsers send Origin as scheme "://" host [":" port] (RFC 6454 §6.2): lower-case scheme and
// host, IDNs in ASCII, no default port, no path, not even "/". CORS compares it exactly with
// the stored origin, so only that form is accepted; anything else is refused with the form to
// use, since a near miss would silently never match.
Result<void> checkWebOrigins(const QStringList& origins) {
    for (qsizetype i = 0; i < origins.size(); ++i) {
        const QString& origin = origins[i];
        const QUrl url(origin, QUrl::StrictMode);
        const bool web =
            url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https");
        const auto refuse = [&](const QString& why) {
            return invalidBody(QStringLiteral("'%1[%2]' must be an origin, "
                                              "scheme://host[:port], %3; got '%4'")
                                   .arg(kWebOrigins)
                                   .arg(i)
                                   .arg(why, origin));
        };
        if (!url.isValid() || !web || url.host().isEmpty() || origin.contains(u'*'))
            return refuse(QStringLiteral("with scheme http or https and no wildcard"));
        if (!url.path().isEmpty() || url.hasQuery() || url.hasFragment() ||
            !url.userInfo().isEmpty())
            return refuse(QStringLiteral("without path, query, fragment or user"));
        const QString host = url.host(QUrl::FullyEncoded);
        const int defaultPort = url.scheme() == QLatin1String("https") ? 443 : 80;
        QString canonical = url.scheme() + QStringLiteral("://") +
                            (host.contains(u':') ? QStringLiteral("[%1]").arg(host) : host);
        if (url.port() != -1 && url.port() != defaultPort)
            canonical += QStringLiteral(":%1").arg(url.port());
        if (canonical != origin)
            return refuse(QStringLiteral("as a browser sends it (%1)").arg(canonical));
    }
    return {};
}

Result<void> checkGrantTypes(const store::ClientRecord& client) {
    if (isPublic(client.appType) && client.grantTypes.contains(QLatin1String("client_credentials")))
        return invalidBody(QStringLiteral("'grant_types': a %1 application is a public client and "
                                          "cannot use client_credentials")
                               .arg(client.appType));
    return {};
}

// Applies the fields present in `body` to `client`. Returns the new plain secret when the change
// makes a public client confidential (it then needs its first secret), else an empty array.
Result<QByteArray> applyFields(const RequestBody& body, store::ClientRecord& client) {
    const bool wasPublic = isPublic(client.appType);
    if (body.has(kName))
        client.name = body.string(kName);
    if (body.has(kDescription))
        client.description = body.string(kDescription);
    if (body.has(kAppType))
        client.appType = body.string(kAppType);
    if (body.has(kGrantTypes))
        client.grantTypes = body.strings(kGrantTypes);
    if (body.has(kCallbacks))
        client.callbacks = body.strings(kCallbacks);
    if (body.has(kLogoutUrls))
        client.allowedLogoutUrls = body.strings(kLogoutUrls);
    if (body.has(kWebOrigins))
        client.webOrigins = body.strings(kWebOrigins);
    if (body.has(kFirstParty))
        client.isFirstParty = body.boolean(kFirstParty);
    if (body.has(kMetadata))
        client.metadata = body.object(kMetadata);
    if (auto callbacks = checkAbsoluteUrls(kCallbacks, client.callbacks); !callbacks)
        return callbacks.error();
    if (auto logoutUrls = checkAbsoluteUrls(kLogoutUrls, client.allowedLogoutUrls); !logoutUrls)
        return logoutUrls.error();
    if (auto origins = checkWebOrigins(client.webOrigins); !origins)
        return origins.error();
    if (auto grants = checkGrantTypes(client); !grants)
        return grants.error();
    if (isPublic(client.appType)) {
        client.secretHash.clear();
        return QByteArray();
    }
    if (!wasPublic && !client.secretHash.isEmpty())
        return QByteArray();
    QByteArray secret = crypto::randomToken(kSecretBytes);
    client.secretHash = crypto::SecretHash::hash(secret);
    return secret;
}

QJsonObject clientJson(const store::ClientRecord& client, const QByteArray& secret = {}) {
    QJsonObject json{
        {QStringLiteral("tenant"), client.tenant},
        {QStringLiteral("client_id"), client.clientId},
        {kName, client.name},
        {kDescription, client.description},
        {kAppType, client.appType},
        {kGrantTypes, QJsonArray::fromStringList(client.grantTypes)},
        {kCallbacks, QJsonArray::fromStringList(client.callbacks)},
        {kLogoutUrls, QJsonArray::fromStringList(client.allowedLogoutUrls)},
        {kWebOrigins, QJsonArray::fromStringList(client.webOrigins)},
        {kFirstParty, client.isFirstParty},
        {kMetadata, client.metadata},
        {QStringLiteral("token_endpoint_auth_method"), client.secretHash.isEmpty()
                                                           ? QStringLiteral("none")
                                                           : QStringLiteral("client_secret_post")},
        {QStringLiteral("created_at"), timestamp(client.createdAt)},
        {QStringLiteral("updated_at"), timestamp(client.updatedAt)},
    };
    if (!secret.isEmpty())
        json.insert(QStringLiteral("client_secret"), QString::fromLatin1(secret));
    return json;
}

} // namespace

ClientsApi::ClientsApi(store::Store& store)
    : m_store(store) {}

QList<Endpoint> ClientsApi::endpoints() {
    using http::Method;
    const QByteArray one = QByteArrayLiteral("/api/v2/clients/{id}");
    return {
        {Method::Get, QByteArrayLiteral("/api/v2/clients"), QLatin1String("read:clients"),
         Access::Read, Reach::EveryTenant,
         [this](const ManagementCall& call) {
             return list(call);
         }},
        {Method::Post, QByteArrayLiteral("/api/v2/clients"), QLatin1String("create:clients"),
         Access::Write, Reach::EveryTenant,
         [this](const ManagementCall& call) {
             return create(call);
         }},
        {Method::Get, one, QLatin1String("read:clients"), Access::Read, Reach::EveryTenant,
         [this](const ManagementCall& call) {
             return get(call);
         }},
        {Method::Patch, one, QLatin1String("update:clients"), Access::Write, Reach::EveryTenant,
         [this](const ManagementCall& call) {
             return update(call);
         }},
        {Method::Delete, one, QLatin1String("delete:clients"), Access::Write, Reach::EveryTenant,
         [this](const ManagementCall& call) {
             return remove(call);
         }},
        {Method::Post, QByteArrayLiteral("/api/v2/clients/{id}/rotate-secret"),
         QLatin1String("update:client_keys"), Access::Write, Reach::EveryTenant,
         [this](const ManagementCall& call) {
             return rotateSecret(call);
         }},
    };
}

Result<http::HttpResponse> ClientsApi::list(const ManagementCall& call) const {
    auto query = ListQuery::parse(
        QUrlQuery(QString::fromUtf8(call.request.query())), {kAppType},
        {QLatin1String("name"), QLatin1String("app_type"), QLatin1String("client_id")});
    if (!query)
        return query.error();
    auto clients = m_store.clients().list(call.tenantId());
    if (!clients)
        return clients.error();
    const QString appType = query->filter(kAppType);
    QJsonArray items;
    for (const store::ClientRecord& client : *clients) {
        if (appType.isNull() || client.appType == appType)
            items.append(clientJson(client));
    }
    return jsonResponse(query->respond(items, QLatin1String("clients")));
}

Result<http::HttpResponse> ClientsApi::get(const ManagementCall& call) const {
    const QString id = call.pathParam(u"id");
    auto client = requireFound(m_store.clients().find(call.tenantId(), id), kClient, id);
    if (!client)
        return client.error();
    return jsonResponse(200, clientJson(*client));
}

Result<http::HttpResponse> ClientsApi::create(const ManagementCall& call) {
    const auto fields = clientFields(Presence::Required);
    auto body =
        RequestBody::parse(call.request.header("Content-Type"), call.request.body(), fields);
    if (!body)
        return body.error();
    store::ClientRecord client;
    client.tenant = call.tenantId();
    client.clientId = QString::fromLatin1(crypto::randomToken(kClientIdBytes));
    if (body->has(kAppType))
        client.appType = body->string(kAppType);
    client.grantTypes = defaultGrantTypes(client.appType);
    auto secret = applyFields(*body, client);
    if (!secret)
        return secret.error();
    // One transaction: a new application is enabled on the tenant's database connections, as
    // in Auth0, or not created at all.
    auto created =
        m_store.database().transaction<store::ClientRecord>([&]() -> Result<store::ClientRecord> {
            auto made = m_store.clients().create(client);
            if (!made)
                return made;
            if (auto enabled =
                    m_store.connections().enableOnDatabaseConnections(made->tenant, made->clientId);
                !enabled)
                return enabled.error();
            return made;
        });
    if (!created)
        return duplicateField(created.error(), kName);
    return jsonResponse(201, clientJson(*created, *secret));
}

Result<http::HttpResponse> ClientsApi::update(const ManagementCall& call) {
    const auto fields = clientFields(Presence::Optional);
    auto body =
        RequestBody::parse(call.request.header("Content-Type"), call.request.body(), fields);
    if (!body)
        return body.error();
    const QString id = call.pathParam(u"id");
    QByteArray secret;
    auto updated =
        m_store.database().transaction<store::ClientRecord>([&]() -> Result<store::ClientRecord> {
            auto client = requireFound(m_store.clients().find(call.tenantId(), id), kClient, id);
            if (!client)
                return client;
            if (auto allowed = ProtectedClients(m_store).checkUpdate(call.tenantId(), id, *body);
                !allowed)
                return allowed.error();
            auto newSecret = applyFields(*body, *client);
            if (!newSecret)
                return newSecret.error();
            secret = *newSecret;
            return m_store.clients().update(*client);
        });
    if (!updated)
        return duplicateField(updated.error(), kName);
    return jsonResponse(200, clientJson(*updated, secret));
}

Result<http::HttpResponse> ClientsApi::remove(const ManagementCall& call) {
    const QString id = call.pathParam(u"id");
    // One transaction: the lookup that makes another tenant's id a 404, and the delete, which
    // takes the client's grants with it (ClientRepository::remove).
    auto removed = m_store.transaction([&]() -> Result<void> {
        auto client = requireFound(m_store.clients().find(call.tenantId(), id), kClient, id);
        if (!client)
            return client.error();
        if (auto allowed = ProtectedClients(m_store).checkDelete(call.tenantId(), id); !allowed)
            return allowed;
        return m_store.clients().remove(call.tenantId(), id);
    });
    if (!removed)
        return removed.error();
    return noContent();
}

Result<http::HttpResponse> ClientsApi::rotateSecret(const ManagementCall& call) {
    auto body =
        RequestBody::parse(call.request.header("Content-Type"), call.request.body(), {}, true);
    if (!body)
        return body.error();
    const QString id = call.pathParam(u"id");
    const QByteArray secret = crypto::randomToken(kSecretBytes);
    auto rotated =
        m_store.database().transaction<store::ClientRecord>([&]() -> Result<store::ClientRecord> {
            auto client = requireFound(m_store.clients().find(call.tenantId(), id), kClient, id);
            if (!client)
                return client;
            if (isPublic(client->appType))
                return Error::badRequest(
                    QByteArrayLiteral("invalid_request"),
                    QStringLiteral("a %1 application is a public client and has no secret")
                        .arg(client->appType));
            client->secretHash = crypto::SecretHash::hash(secret);
            return m_store.clients().update(*client);
        });
    if (!rotated)
        return rotated.error();
    return jsonResponse(200, clientJson(*rotated, secret));
}

} // namespace gatehouse::management
