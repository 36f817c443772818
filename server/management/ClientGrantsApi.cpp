#include "management/ClientGrantsApi.h"

#include "management/ListQuery.h"
#include "management/RequestBody.h"
#include "store/Store.h"

#include <QUrlQuery>

#include <array>

namespace gatehouse::management {
namespace {

constexpr QLatin1String kClientGrant{"client grant"};
constexpr QLatin1String kClientId{"client_id"};
constexpr QLatin1String kAudience{"audience"};
constexpr QLatin1String kScope{"scope"};

Field scopeField(Presence presence) {
    return Field{.name = kScope,
                 .type = FieldType::StringArray,
                 .presence = presence,
                 .maxLength = 280,
                 .maxItems = 500};
}

const std::array<Field, 3> kCreateFields{
    Field{.name = kClientId, .presence = Presence::Required, .maxLength = 255, .nonEmpty = true},
    Field{.name = kAudience, .presence = Presence::Required, .maxLength = 600, .nonEmpty = true},
    scopeField(Presence::Required),
};

const std::array<Field, 1> kUpdateFields{scopeField(Presence::Required)};

QJsonObject grantJson(const store::ClientGrantRecord& grant, const ManagementCall& call) {
    return {
        {QStringLiteral("id"), grant.id},
        {kClientId, grant.clientId},
        {kAudience, call.displayedAudience(grant.audience)},
        {kScope, QJsonArray::fromStringList(grant.scope)},
        {QStringLiteral("created_at"), timestamp(grant.createdAt)},
        {QStringLiteral("updated_at"), timestamp(grant.updatedAt)},
    };
}

QStringList withoutDuplicates(QStringList scopes) {
    scopes.removeDuplicates();
    return scopes;
}

} // namespace

ClientGrantsApi::ClientGrantsApi(store::Store& store)
    : m_store(store) {}

QList<Endpoint> ClientGrantsApi::endpoints() {
    using http::Method;
    const QByteArray all = QByteArrayLiteral("/api/v2/client-grants");
    const QByteArray one = QByteArrayLiteral("/api/v2/client-grants/{id}");
    return {
        {Method::Get, all, QLatin1String("read:client_grants"), Access::Read, Reach::EveryTenant,
         [this](const ManagementCall& call) {
             return list(call);
         }},
        {Method::Post, all, QLatin1String("create:client_grants"), Access::Write,
         Reach::EveryTenant,
         [this](const ManagementCall& call) {
             return create(call);
         }},
        {Method::Get, one, QLatin1String("read:client_grants"), Access::Read, Reach::EveryTenant,
         [this](const ManagementCall& call) {
             return get(call);
         }},
        {Method::Patch, one, QLatin1String("update:client_grants"), Access::Write,
         Reach::EveryTenant,
         [this](const ManagementCall& call) {
             return update(call);
         }},
        {Method::Delete, one, QLatin1String("delete:client_grants"), Access::Write,
         Reach::EveryTenant,
         [this](const ManagementCall& call) {
             return remove(call);
         }},
    };
}

Result<http::HttpResponse> ClientGrantsApi::list(const ManagementCall& call) const {
    auto query = ListQuery::parse(QUrlQuery(QString::fromUtf8(call.request.query())),
                                  {kClientId, kAudience});
    if (!query)
        return query.error();
    store::ClientGrantRepository::Filter filter{query->filter(kClientId), {}};
    if (const QString audience = query->filter(kAudience); !audience.isNull()) {
        filter.audience = call.storedAudience(audience);
        if (filter.audience.isEmpty()) // the marker: matches nothing, as everywhere else
            return jsonResponse(query->respond({}, QLatin1String("client_grants")));
    }
    auto grants = m_store.clientGrants().list(call.tenantId(), filter);
    if (!grants)
        return grants.error();
    QJsonArray items;
    for (const store::ClientGrantRecord& grant : *grants)
        items.append(grantJson(grant, call));
    return jsonResponse(query->respond(items, QLatin1String("client_grants")));
}

Result<http::HttpResponse> ClientGrantsApi::get(const ManagementCall& call) const {
    const QString id = call.pathParam(u"id");
    auto grant = requireFound(m_store.clientGrants().find(call.tenantId(), id), kClientGrant, id);
    if (!grant)
        return grant.error();
    return jsonResponse(200, grantJson(*grant, call));
}

Result<http::HttpResponse> ClientGrantsApi::create(const ManagementCall& call) {
    auto body =
        RequestBody::parse(call.request.header("Content-Type"), call.request.body(), kCreateFields);
    if (!body)
        return body.error();
    store::ClientGrantRecord grant;
    grant.tenant = call.tenantId();
    grant.clientId = body->string(kClientId);
    grant.audience = call.storedAudience(body->string(kAudience));
    grant.scope = withoutDuplicates(body->strings(kScope));
    auto created = m_store.database().transaction<store::ClientGrantRecord>(
        [&]() -> Result<store::ClientGrantRecord> {
            auto client = m_store.clients().find(grant.tenant, grant.clientId);
            if (!client)
                return client.error();
            if (!*client)
                return Error::notFound(QStringLiteral("'client_id': no client '%1' in this tenant")
                                           .arg(grant.clientId));
            if (auto scopes = checkScopes(grant.tenant, grant.audience, grant.scope); !scopes)
                return scopes.error();
            return m_store.clientGrants().create(grant);
        });
    if (!created)
        return duplicateField(created.error(), QLatin1String("client_id' and 'audience"));
    return jsonResponse(201, grantJson(*created, call));
}

Result<http::HttpResponse> ClientGrantsApi::update(const ManagementCall& call) {
    auto body =
        RequestBody::parse(call.request.header("Content-Type"), call.request.body(), kUpdateFields);
    if (!body)
        return body.error();
    const QString id = call.pathParam(u"id");
    auto updated = m_store.database().transaction<store::ClientGrantRecord>(
        [&]() -> Result<store::ClientGrantRecord> {
            auto grant =
                requireFound(m_store.clientGrants().find(call.tenantId(), id), kClientGrant, id);
            if (!grant)
                return grant;
            grant->scope = withoutDuplicates(body->strings(kScope));
            if (auto scopes = checkScopes(grant->tenant, grant->audience, grant->scope); !scopes)
                return scopes.error();
            return m_store.clientGrants().update(*grant);
        });
    if (!updated)
        return updated.error();
    return jsonResponse(200, grantJson(*updated, call));
}

Result<http::HttpResponse> ClientGrantsApi::remove(const ManagementCall& call) {
    const QString id = call.pathParam(u"id");
    auto removed = m_store.transaction([&]() -> Result<void> {
        auto grant =
            requireFound(m_store.clientGrants().find(call.tenantId(), id), kClientGrant, id);
        if (!grant)
            return grant.error();
        return m_store.clientGrants().remove(call.tenantId(), id);
    });
    if (!removed)
        return removed.error();
    return noContent();
}

Result<void> ClientGrantsApi::checkScopes(const QString& tenant, const QString& identifier,
                                          const QStringList& scopes) const {
    const Error unknown =
        Error::notFound(QStringLiteral("'audience': no API with this identifier in this tenant"));
    if (identifier.isEmpty())
        return unknown;
    auto server = m_store.resourceServers().findByIdentifier(tenant, identifier);
    if (!server)
        return server.error();
    if (!*server)
        return unknown;
    const QStringList defined = scopeValues((*server)->scopes);
    for (qsizetype i = 0; i < scopes.size(); ++i) {
        if (!defined.contains(scopes[i]))
            return invalidBody(QStringLiteral("'scope[%1]': '%2' is not a scope of this API")
                                   .arg(i)
                                   .arg(scopes[i]));
    }
    return {};
}

} // namespace gatehouse::management
