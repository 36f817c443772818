#include "management/ResourceServersApi.h"

#include "management/ListQuery.h"
#include "management/RequestBody.h"
#include "store/Store.h"
#include "tenancy/ManagementApi.h"

#include <QUrlQuery>

#include <array>

namespace gatehouse::management {
namespace {

constexpr QLatin1String kResourceServer{"resource server"};
constexpr QLatin1String kName{"name"};
constexpr QLatin1String kIdentifier{"identifier"};
constexpr QLatin1String kScopes{"scopes"};
constexpr QLatin1String kValue{"value"};
constexpr QLatin1String kDescription{"description"};
constexpr QLatin1String kTokenLifetime{"token_lifetime"};
constexpr QLatin1String kSigningAlg{"signing_alg"};

const std::array<Field, 2> kScopeFields{
    Field{.name = kValue, .presence = Presence::Required, .maxLength = 280, .nonEmpty = true},
    Field{.name = kDescription, .maxLength = 500},
};

// Auth0's limits: token lifetimes up to 30 days.
std::array<Field, 5> serverFields(Presence presence) {
    return {
        Field{.name = kName, .presence = presence, .maxLength = 200, .nonEmpty = true},
        Field{.name = kIdentifier, .presence = presence, .maxLength = 600, .nonEmpty = true},
        Field{.name = kScopes,
              .type = FieldType::ObjectArray,
              .maxItems = 500,
              .items = kScopeFields},
        Field{.name = kTokenLifetime, .type = FieldType::Integer, .minimum = 1, .maximum = 2592000},
        Field{
            .name = kSigningAlg,
            .allowed = {QStringLiteral("RS256"), QStringLiteral("ES256"), QStringLiteral("EdDSA")}},
    };
}

// RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ).
bool isScopeToken(const QString& value) {
    for (const QChar c : value) {
        const char16_t u = c.unicode();
        if (u < 0x21 || u > 0x7e || u == 0x22 || u == 0x5c)
            return false;
    }
    return !value.isEmpty();
}

// Scopes as stored: [{value, description}] with a description always present, values unique.
Result<QJsonArray> normalizeScopes(const QJsonArray& scopes) {
    QJsonArray normalized;
    QStringList seen;
    for (qsizetype i = 0; i < scopes.size(); ++i) {
        const QJsonObject scope = scopes[i].toObject();
        const QString value = scope.value(kValue).toString();
        if (!isScopeToken(value))
            return invalidBody(QStringLiteral("'scopes[%1].value' must be a scope token without "
                                              "spaces, quotes or backslashes, got '%2'")
                                   .arg(i)
                                   .arg(value));
        if (seen.contains(value))
            return invalidBody(QStringLiteral("'scopes' defines '%1' twice").arg(value));
        seen.append(value);
        normalized.append(
            QJsonObject{{kValue, value}, {kDescription, scope.value(kDescription).toString()}});
    }
    return normalized;
}

// Gatehouse signs every token of a tenant with the tenant's current key, so an API can only
// "choose" that algorithm; accepting another would promise tokens that are never issued.
Result<void> checkSigningAlg(const RequestBody& body, const ManagementCall& call) {
    const QString tenantAlg = call.route.tenant->tenant().signingAlgorithm;
    if (body.has(kSigningAlg) && body.string(kSigningAlg) != tenantAlg)
        return invalidBody(QStringLiteral("'signing_alg' must be the tenant's algorithm (%1): "
                                          "change it in the tenant settings")
                               .arg(tenantAlg));
    return {};
}

Result<void> applyFields(const RequestBody& body, store::ResourceServerRecord& server) {
    if (body.has(kName))
        server.name = body.string(kName);
    if (body.has(kTokenLifetime))
        server.tokenLifetimeSeconds = int(body.integer(kTokenLifetime));
    if (body.has(kScopes)) {
        auto scopes = normalizeScopes(body.array(kScopes));
        if (!scopes)
            return scopes.error();
        server.scopes = *scopes;
    }
    return {};
}

Error systemApiRefusal(const QString& what) {
    return Error{QByteArrayLiteral("operation_not_allowed"),
                 QStringLiteral("the Management API is a system API: %1").arg(what), 403};
}

QJsonObject serverJson(const store::ResourceServerRecord& server, const ManagementCall& call) {
    return {
        {QStringLiteral("id"), server.id},
        {kName, server.name},
        {kIdentifier, call.displayedAudience(server.identifier)},
        {kScopes, server.scopes},
        {kTokenLifetime, server.tokenLifetimeSeconds},
        {kSigningAlg, call.route.tenant->tenant().signingAlgorithm},
        {QStringLiteral("is_system"), server.isSystem},
        {QStringLiteral("created_at"), timestamp(server.createdAt)},
        {QStringLiteral("updated_at"), timestamp(server.updatedAt)},
    };
}

} // namespace

ResourceServersApi::ResourceServersApi(store::Store& store)
    : m_store(store) {}

QList<Endpoint> ResourceServersApi::endpoints() {
    using http::Method;
    const QByteArray all = QByteArrayLiteral("/api/v2/resource-servers");
    const QByteArray one = QByteArrayLiteral("/api/v2/resource-servers/{id}");
    return {
        {Method::Get, all, QLatin1String("read:resource_servers"), Access::Read, Reach::EveryTenant,
         [this](const ManagementCall& call) {
             return list(call);
         }},
        {Method::Post, all, QLatin1String("create:resource_servers"), Access::Write,
         Reach::EveryTenant,
         [this](const ManagementCall& call) {
             return create(call);
         }},
        {Method::Get, one, QLatin1String("read:resource_servers"), Access::Read, Reach::EveryTenant,
         [this](const ManagementCall& call) {
             return get(call);
         }},
        {Method::Patch, one, QLatin1String("update:resource_servers"), Access::Write,
         Reach::EveryTenant,
         [this](const ManagementCall& call) {
             return update(call);
         }},
        {Method::Delete, one, QLatin1String("delete:resource_servers"), Access::Write,
         Reach::EveryTenant,
         [this](const ManagementCall& call) {
             return remove(call);
         }},
    };
}

Result<http::HttpResponse> ResourceServersApi::list(const ManagementCall& call) const {
    auto query = ListQuery::parse(QUrlQuery(QString::fromUtf8(call.request.query())), {},
                                  {QLatin1String("name"), QLatin1String("identifier")});
    if (!query)
        return query.error();
    auto servers = m_store.resourceServers().list(call.tenantId());
    if (!servers)
        return servers.error();
    QJsonArray items;
    for (const store::ResourceServerRecord& server : *servers)
        items.append(serverJson(server, call));
    return jsonResponse(query->respond(items, QLatin1String("resource_servers")));
}

Result<http::HttpResponse> ResourceServersApi::get(const ManagementCall& call) const {
    const QString id = call.pathParam(u"id");
    auto server =
        requireFound(m_store.resourceServers().find(call.tenantId(), id), kResourceServer, id);
    if (!server)
        return server.error();
    return jsonResponse(200, serverJson(*server, call));
}

Result<http::HttpResponse> ResourceServersApi::create(const ManagementCall& call) {
    const auto fields = serverFields(Presence::Required);
    auto body =
        RequestBody::parse(call.request.header("Content-Type"), call.request.body(), fields);
    if (!body)
        return body.error();
    if (auto alg = checkSigningAlg(*body, call); !alg)
        return alg.error();
    const QString identifier = body->string(kIdentifier);
    // The Management API's audiences (and its marker) are taken, whatever the issuer.
    if (call.storedAudience(identifier) != identifier)
        return Error::conflict(
            QStringLiteral("duplicate 'identifier': '%1' is the Management API").arg(identifier));
    store::ResourceServerRecord server;
    server.tenant = call.tenantId();
    server.identifier = identifier;
    if (auto applied = applyFields(*body, server); !applied)
        return applied.error();
    auto created = m_store.resourceServers().create(server);
    if (!created)
        return duplicateField(created.error(), kIdentifier);
    return jsonResponse(201, serverJson(*created, call));
}

Result<http::HttpResponse> ResourceServersApi::update(const ManagementCall& call) {
    const auto fields = serverFields(Presence::Optional);
    auto body =
        RequestBody::parse(call.request.header("Content-Type"), call.request.body(), fields);
    if (!body)
        return body.error();
    if (body->has(kIdentifier))
        return invalidBody(QStringLiteral("'identifier' cannot be changed: grants and issued "
                                          "tokens refer to it"));
    if (auto alg = checkSigningAlg(*body, call); !alg)
        return alg.error();
    const QString id = call.pathParam(u"id");
    auto updated = m_store.database().transaction<store::ResourceServerRecord>(
        [&]() -> Result<store::ResourceServerRecord> {
            auto server = requireFound(m_store.resourceServers().find(call.tenantId(), id),
                                       kResourceServer, id);
            if (!server)
                return server;
            if (server->isSystem && (body->has(kName) || body->has(kScopes)))
                return systemApiRefusal(QStringLiteral("its name and scopes cannot be changed"));
            if (auto applied = applyFields(*body, *server); !applied)
                return applied.error();
            if (auto pruned =
                    pruneGrants(call.tenantId(), server->identifier, scopeValues(server->scopes));
                !pruned)
                return pruned.error();
            return m_store.resourceServers().update(*server);
        });
    if (!updated)
        return updated.error();
    return jsonResponse(200, serverJson(*updated, call));
}

Result<http::HttpResponse> ResourceServersApi::remove(const ManagementCall& call) {
    const QString id = call.pathParam(u"id");
    auto removed = m_store.transaction([&]() -> Result<void> {
        auto server =
            requireFound(m_store.resourceServers().find(call.tenantId(), id), kResourceServer, id);
        if (!server)
            return server.error();
        if (server->isSystem)
            return systemApiRefusal(QStringLiteral("it cannot be deleted"));
        return m_store.resourceServers().remove(call.tenantId(), id);
    });
    if (!removed)
        return removed.error();
    return noContent();
}

Result<void> ResourceServersApi::pruneGrants(const QString& tenant, const QString& audience,
                                             const QStringList& scopes) {
    auto grants = m_store.clientGrants().list(tenant, {QString(), audience});
    if (!grants)
        return grants.error();
    for (store::ClientGrantRecord grant : *grants) {
        const qsizetype before = grant.scope.size();
        grant.scope.removeIf([&](const QString& scope) { return !scopes.contains(scope); });
        if (grant.scope.size() == before)
            continue;
        if (auto updated = m_store.clientGrants().update(grant); !updated)
            return updated.error();
    }
    return {};
}

} // namespace gatehouse::management
