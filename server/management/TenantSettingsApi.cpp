#include "management/TenantSettingsApi.h"

#include "management/RequestBody.h"
#include "store/Store.h"

#include <QUrl>

#include <array>

namespace gatehouse::management {
namespace {

constexpr QLatin1String kFriendlyName{"friendly_name"};
constexpr QLatin1String kPictureUrl{"picture_url"};
constexpr QLatin1String kSupportEmail{"support_email"};
constexpr QLatin1String kSupportUrl{"support_url"};
constexpr QLatin1String kDefaultAudience{"default_audience"};
constexpr QLatin1String kSigningAlg{"signing_alg"};

// The settings kept in TenantRecord::settings under the same names.
constexpr std::array<QLatin1String, 4> kStoredSettings{kPictureUrl, kSupportEmail, kSupportUrl,
                                                       kDefaultAudience};

const std::array<Field, 6> kFields{
    Field{.name = kFriendlyName, .maxLength = 255, .nonEmpty = true},
    Field{.name = kPictureUrl, .maxLength = 2000},
    Field{.name = kSupportEmail, .maxLength = 255},
    Field{.name = kSupportUrl, .maxLength = 2000},
    Field{.name = kDefaultAudience, .maxLength = 600},
    Field{.name = kSigningAlg,
          .allowed = {QStringLiteral("RS256"), QStringLiteral("ES256"), QStringLiteral("EdDSA")}},
};

// Empty clears; otherwise an absolute http(s) URL.
Result<void> checkUrl(const RequestBody& body, QLatin1String field) {
    const QString text = body.string(field);
    const QUrl url(text, QUrl::StrictMode);
    if (!text.isEmpty() &&
        (!url.isValid() || url.host().isEmpty() ||
         (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http"))))
        return invalidBody(
            QStringLiteral("'%1' must be an absolute http(s) URL, got '%2'").arg(field, text));
    return {};
}

Result<void> checkEmail(const QString& email) {
    const qsizetype at = email.lastIndexOf(u'@');
    if (!email.isEmpty() && (at <= 0 || at == email.size() - 1 || email.contains(u' ')))
        return invalidBody(
            QStringLiteral("'support_email' must be an e-mail address, got '%1'").arg(email));
    return {};
}

QJsonObject settingsJson(const store::TenantRecord& tenant) {
    QJsonObject json{
        {kFriendlyName, tenant.displayName},
        {kSigningAlg, tenant.signingAlgorithm},
    };
    for (const QLatin1String& name : kStoredSettings)
        json.insert(name, tenant.settings.value(name).toString());
    return json;
}

} // namespace

TenantSettingsApi::TenantSettingsApi(store::Store& store, TenantUpdate& update)
    : m_store(store)
    , m_update(update) {}

QList<Endpoint> TenantSettingsApi::endpoints() {
    using http::Method;
    const QByteArray path = QByteArrayLiteral("/api/v2/tenants/settings");
    return {
        {Method::Get, path, QLatin1String("read:tenant_settings"), Access::Read, Reach::EveryTenant,
         [this](const ManagementCall& call) {
             return get(call);
         }},
        {Method::Patch, path, QLatin1String("update:tenant_settings"), Access::Write,
         Reach::EveryTenant,
         [this](const ManagementCall& call) {
             return update(call);
         }},
    };
}

Result<http::HttpResponse> TenantSettingsApi::get(const ManagementCall& call) const {
    // From the store, not the snapshot: a client that just wrote must read its write back even
    // if this node's catalog has not refreshed yet.
    auto tenant = m_store.tenants().find(call.tenantId());
    if (!tenant)
        return tenant.error();
    if (!*tenant)
        return Error::notFound(QStringLiteral("no tenant '%1'").arg(call.tenantId()));
    return jsonResponse(200, settingsJson(**tenant));
}

Result<http::HttpResponse> TenantSettingsApi::update(const ManagementCall& call) {
    auto body =
        RequestBody::parse(call.request.header("Content-Type"), call.request.body(), kFields);
    if (!body)
        return body.error();
    for (const QLatin1String& field : {kPictureUrl, kSupportUrl}) {
        if (auto url = checkUrl(*body, field); !url)
            return url.error();
    }
    if (auto email = checkEmail(body->string(kSupportEmail)); !email)
        return email.error();
    auto updated = m_update.apply(call.tenantId(), [&](store::TenantRecord& tenant) {
        if (auto audience = checkDefaultAudience(call, body->string(kDefaultAudience)); !audience)
            return audience;
        if (body->has(kFriendlyName))
            tenant.displayName = body->string(kFriendlyName);
        if (body->has(kSigningAlg))
            tenant.signingAlgorithm = body->string(kSigningAlg);
        for (const QLatin1String& name : kStoredSettings) {
            if (body->has(name))
                tenant.settings.insert(name, body->string(name));
        }
        return Result<void>();
    });
    if (!updated)
        return updated.error();
    return jsonResponse(200, settingsJson(*updated));
}

// The default audience must name one of the tenant's APIs. The Management API is refused: its
// audience depends on the issuer the client uses, so no single string can stand for it.
Result<void> TenantSettingsApi::checkDefaultAudience(const ManagementCall& call,
                                                     const QString& audience) const {
    if (audience.isEmpty())
        return {};
    if (call.storedAudience(audience) != audience)
        return invalidBody(
            QStringLiteral("'default_audience' cannot be the Management API, got '%1'")
                .arg(audience));
    auto server = m_store.resourceServers().findByIdentifier(call.tenantId(), audience);
    if (!server)
        return server.error();
    if (!*server)
        return invalidBody(
            QStringLiteral("'default_audience': no API with identifier '%1' in this tenant")
                .arg(audience));
    return {};
}

} // namespace gatehouse::management
