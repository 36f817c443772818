#include "management/TenantsApi.h"

#include "management/ListQuery.h"
#include "management/RequestBody.h"
#include "store/Store.h"
#include "tenancy/TenantId.h"
#include "tenancy/TenantProvisioner.h"

#include <QUrlQuery>

#include <array>

namespace gatehouse::management {
namespace {

constexpr QLatin1String kId{"id"};
constexpr QLatin1String kFriendlyName{"friendly_name"};
constexpr QLatin1String kDomain{"domain"};
constexpr QLatin1String kSigningAlg{"signing_alg"};

std::array<Field, 4> tenantFields(Presence idPresence) {
    return {
        Field{.name = kId, .presence = idPresence, .maxLength = 63, .nonEmpty = true},
        Field{.name = kFriendlyName, .maxLength = 255, .nonEmpty = true},
        Field{.name = kDomain, .maxLength = 253},
        Field{
            .name = kSigningAlg,
            .allowed = {QStringLiteral("RS256"), QStringLiteral("ES256"), QStringLiteral("EdDSA")}},
    };
}

QJsonObject tenantJson(const store::TenantRecord& tenant) {
    return {
        {kId, tenant.id},
        {kFriendlyName, tenant.displayName},
        {kDomain, tenant.domain},
        {kSigningAlg, tenant.signingAlgorithm},
        {QStringLiteral("created_at"), timestamp(tenant.createdAt)},
        {QStringLiteral("updated_at"), timestamp(tenant.updatedAt)},
    };
}

Error tenantNotFound(const QString& id) {
    return Error::notFound(QStringLiteral("no tenant with id '%1'").arg(id));
}

// The tenant rules (tenancy::validateTenantId), plus `settings`: /tenants/settings is the
// addressed tenant's own settings, so a tenant of that name could never be reached here.
Result<void> checkTenantId(const QString& id) {
    if (id == QLatin1String("settings"))
        return invalidBody(QStringLiteral("'id': the tenant id 'settings' is reserved"));
    if (auto valid = tenancy::validateTenantId(id); !valid)
        return invalidBody(QStringLiteral("'id': ") + valid.error().message);
    return {};
}

// The store names its fields in its own words; the API names the body's.
Error bodyError(Error error, const RequestBody& body) {
    if (error.code == "invalid_request" && body.has(kDomain) &&
        error.message.contains(QLatin1String("domain")))
        return invalidBody(QStringLiteral("'domain': ") + error.message);
    return error;
}

void applyFields(const RequestBody& body, store::TenantRecord& tenant) {
    if (body.has(kFriendlyName))
        tenant.displayName = body.string(kFriendlyName);
    if (body.has(kDomain))
        tenant.domain = body.string(kDomain).toLower();
    if (body.has(kSigningAlg))
        tenant.signingAlgorithm = body.string(kSigningAlg);
}

} // namespace

TenantsApi::TenantsApi(store::Store& store, tenancy::TenantProvisioner& provisioner,
                       TenantUpdate& update)
    : m_store(store)
    , m_provisioner(provisioner)
    , m_update(update) {}

QList<Endpoint> TenantsApi::endpoints() {
    using http::Method;
    const QByteArray all = QByteArrayLiteral("/api/v2/tenants");
    const QByteArray one = QByteArrayLiteral("/api/v2/tenants/{id}");
    return {
        {Method::Get, all, QLatin1String("read:tenants"), Access::Read, Reach::SystemTenant,
         [this](const ManagementCall& call) {
             return list(call);
         }},
        {Method::Post, all, QLatin1String("create:tenants"), Access::Write, Reach::SystemTenant,
         [this](const ManagementCall& call) {
             return create(call);
         }},
        {Method::Get, one, QLatin1String("read:tenants"), Access::Read, Reach::SystemTenant,
         [this](const ManagementCall& call) {
             return get(call);
         }},
        {Method::Patch, one, QLatin1String("update:tenants"), Access::Write, Reach::SystemTenant,
         [this](const ManagementCall& call) {
             return update(call);
         }},
        {Method::Delete, one, QLatin1String("delete:tenants"), Access::Write, Reach::SystemTenant,
         [this](const ManagementCall& call) {
             return remove(call);
         }},
    };
}

Result<http::HttpResponse> TenantsApi::list(const ManagementCall& call) const {
    auto query = ListQuery::parse(QUrlQuery(QString::fromUtf8(call.request.query())), {},
                                  {QLatin1String("id"), QLatin1String("friendly_name")});
    if (!query)
        return query.error();
    auto tenants = m_store.tenants().list();
    if (!tenants)
        return tenants.error();
    QJsonArray items;
    for (const store::TenantRecord& tenant : *tenants)
        items.append(tenantJson(tenant));
    return jsonResponse(query->respond(items, QLatin1String("tenants")));
}

Result<http::HttpResponse> TenantsApi::get(const ManagementCall& call) const {
    const QString id = call.pathParam(u"id");
    auto tenant = m_store.tenants().find(id);
    if (!tenant)
        return tenant.error();
    if (!*tenant)
        return tenantNotFound(id);
    return jsonResponse(200, tenantJson(**tenant));
}

Result<http::HttpResponse> TenantsApi::create(const ManagementCall& call) {
    const auto fields = tenantFields(Presence::Required);
    auto body =
        RequestBody::parse(call.request.header("Content-Type"), call.request.body(), fields);
    if (!body)
        return body.error();
    store::TenantRecord tenant;
    tenant.id = body->string(kId);
    if (auto valid = checkTenantId(tenant.id); !valid)
        return valid.error();
    tenant.displayName = tenant.id;
    applyFields(*body, tenant);
    auto created = m_provisioner.create(tenant);
    if (!created)
        return bodyError(explainConflict(created.error(), tenant.id), *body);
    return jsonResponse(201, tenantJson(*created));
}

Result<http::HttpResponse> TenantsApi::update(const ManagementCall& call) {
    const auto fields = tenantFields(Presence::Optional);
    auto body =
        RequestBody::parse(call.request.header("Content-Type"), call.request.body(), fields);
    if (!body)
        return body.error();
    const QString id = call.pathParam(u"id");
    if (body->has(kId) && body->string(kId) != id)
        return invalidBody(QStringLiteral("'id' cannot be changed: it is the tenant's URL name"));
    auto updated = m_update.apply(id, [&](store::TenantRecord& tenant) {
        applyFields(*body, tenant);
        return Result<void>();
    });
    if (!updated)
        return bodyError(duplicateField(updated.error(), kDomain), *body);
    return jsonResponse(200, tenantJson(*updated));
}

Result<http::HttpResponse> TenantsApi::remove(const ManagementCall& call) {
    const QString id = call.pathParam(u"id");
    if (id == tenancy::kSystemTenantId)
        return Error{QByteArrayLiteral("operation_not_allowed"),
                     QStringLiteral("the system tenant cannot be deleted"), 403};
    // TenantRepository::remove takes everything the tenant owns with it (ON DELETE CASCADE), in
    // the same transaction as the lookup.
    auto removed = m_store.transaction([&]() -> Result<void> {
        auto tenant = m_store.tenants().find(id);
        if (!tenant)
            return tenant.error();
        if (!*tenant)
            return tenantNotFound(id);
        // A tenant made later under the same id must not inherit the old administrators.
        if (Result<void> forgotten = m_store.administrators().forgetTenant(id); !forgotten)
            return forgotten;
        return m_store.tenants().remove(id);
    });
    if (!removed)
        return removed.error();
    return noContent();
}

Error TenantsApi::explainConflict(Error error, const QString& id) const {
    if (error.code != "conflict")
        return error;
    auto existing = m_store.tenants().find(id);
    const bool idTaken = existing.ok() && existing->has_value();
    return duplicateField(std::move(error), idTaken ? kId : kDomain);
}

} // namespace gatehouse::management
