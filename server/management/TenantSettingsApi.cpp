#include "management/TenantSettingsApi.h"

#include "loginui/PageModel.h"
#include "management/RequestBody.h"
#include "oidc/UserGrantSettings.h"
#include "store/Store.h"
#include "tenancy/TenantBranding.h"

#include <QUrl>

#include <QJsonValue>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <optional>
#include <span>

namespace gatehouse::management {
namespace {

constexpr QLatin1String kFriendlyName{"friendly_name"};
constexpr QLatin1String kPictureUrl{"picture_url"};
constexpr QLatin1String kSupportEmail{"support_email"};
constexpr QLatin1String kSupportUrl{"support_url"};
constexpr QLatin1String kDefaultAudience{"default_audience"};
constexpr QLatin1String kSigningAlg{"signing_alg"};
constexpr QLatin1String kSessionLifetime{"session_lifetime"};
constexpr QLatin1String kIdleSessionLifetime{"idle_session_lifetime"};
constexpr QLatin1String kBruteForce{"brute_force_protection"};
constexpr QLatin1String kIpThrottling{"suspicious_ip_throttling"};
constexpr QLatin1String kEnabled{"enabled"};
constexpr QLatin1String kMaxAttempts{"max_attempts"};
constexpr QLatin1String kBlockMinutes{"block_minutes"};
constexpr QLatin1String kWindowMinutes{"window_minutes"};
constexpr QLatin1String kUniversalLogin{"universal_login"};
constexpr QLatin1String kColors{"colors"};
constexpr QLatin1String kPrimary{"primary"};
constexpr QLatin1String kRefreshToken{"refresh_token"};
constexpr QLatin1String kTokenLifetime{"token_lifetime"};
constexpr QLatin1String kIdleTokenLifetime{"idle_token_lifetime"};
constexpr QLatin1String kLeeway{"leeway"};

// Session lifetimes in hours, as Auth0 names them (identity/SessionService.h reads them): at
// most a year; idle never longer than absolute.
constexpr qint64 kMaxSessionHours = 8760;
constexpr qint64 kDefaultSessionHours = 168;
constexpr qint64 kDefaultIdleHours = 72;
constexpr qint64 kMaxMinutes = 366LL * 24 * 60;

// Refresh-token lifetimes in seconds, as Auth0 names them (oidc/UserGrantSettings.h reads them):
// at most 365 days (31,536,000 s); the defaults are that reader's.
constexpr qint64 kMaxRefreshSeconds = 365LL * 24 * 60 * 60;
constexpr oidc::UserGrantSettings kGrantDefaults;
constexpr qint64 kDefaultRefreshSeconds = kGrantDefaults.grantLifetime.count();
constexpr qint64 kDefaultIdleRefreshSeconds =
    std::chrono::duration_cast<std::chrono::seconds>(kGrantDefaults.refreshPolicy.idleLifetime)
        .count();
// The reuse interval for concurrent refreshes: short by design, 0 turns it off.
constexpr qint64 kMaxLeewaySeconds = 60;
constexpr qint64 kDefaultLeewaySeconds =
    std::chrono::duration_cast<std::chrono::seconds>(kGrantDefaults.refreshPolicy.reuseInterval)
        .count();

// A field of the nested settings objects (identity/AttackProtection.h and
// oidc/UserGrantSettings.h read them): a boolean, or an integer from `minimum` to `maximum`, with
// the default GET shows while it is unset.
struct NestedField {
    QLatin1String name;
    bool isBoolean = false;
    qint64 maximum = 0;
    QJsonValue fallback;
    qint64 minimum = 1;
};

const std::array<NestedField, 3> kBruteForceFields{
    NestedField{kEnabled, true, 0, true},
    NestedField{kMaxAttempts, false, 100, 10},
    NestedField{kBlockMinutes, false, kMaxMinutes, 60},
};
const std::array<NestedField, 3> kIpThrottlingFields{
    NestedField{kEnabled, true, 0, true},
    NestedField{kMaxAttempts, false, 100'000, 100},
    NestedField{kWindowMinutes, false, kMaxMinutes, 60},
};
// The idle lifetime's default is capped by the absolute lifetime in refreshTokenJson().
const std::array<NestedField, 3> kRefreshTokenFields{
    NestedField{kTokenLifetime, false, kMaxRefreshSeconds, kDefaultRefreshSeconds},
    NestedField{kIdleTokenLifetime, false, kMaxRefreshSeconds, kDefaultIdleRefreshSeconds},
    NestedField{kLeeway, false, kMaxLeewaySeconds, kDefaultLeewaySeconds, 0},
};

// The settings kept in TenantRecord::settings under the same names.
constexpr std::array<QLatin1String, 4> kStoredSettings{kPictureUrl, kSupportEmail, kSupportUrl,
                                                       kDefaultAudience};

const std::array<Field, 12> kFields{
    Field{.name = kFriendlyName, .maxLength = 255, .nonEmpty = true},
    Field{.name = kPictureUrl, .maxLength = 2000},
    Field{.name = kSupportEmail, .maxLength = 255},
    Field{.name = kSupportUrl, .maxLength = 2000},
    Field{.name = kDefaultAudience, .maxLength = 600},
    Field{.name = kSigningAlg,
          .allowed = {QStringLiteral("RS256"), QStringLiteral("ES256"), QStringLiteral("EdDSA")}},
    Field{.name = kSessionLifetime,
          .type = FieldType::Integer,
          .minimum = 1,
          .maximum = kMaxSessionHours},
    Field{.name = kIdleSessionLifetime,
          .type = FieldType::Integer,
          .minimum = 1,
          .maximum = kMaxSessionHours},
    Field{.name = kBruteForce, .type = FieldType::Object},
    Field{.name = kIpThrottling, .type = FieldType::Object},
    Field{.name = kUniversalLogin, .type = FieldType::Object},
    Field{.name = kRefreshToken, .type = FieldType::Object},
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

// `{"enabled": …, "max_attempts": …}` against its fields; errors name the path
// (`brute_force_protection.max_attempts`).
Result<void> checkNested(const RequestBody& body, QLatin1String name,
                         std::span<const NestedField> fields) {
    const QJsonObject object = body.object(name);
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString path = name + u'.' + it.key();
        const auto field = std::find_if(fields.begin(), fields.end(),
                                        [&](const NestedField& f) { return f.name == it.key(); });
        if (field == fields.end())
            return invalidBody(QStringLiteral("unknown field '%1'").arg(path));
        const QJsonValue value = it.value();
        if (field->isBoolean) {
            if (!value.isBool())
                return invalidBody(QStringLiteral("'%1' must be a boolean").arg(path));
            continue;
        }
        const double number = value.toDouble();
        if (!value.isDouble() || std::trunc(number) != number ||
            number < static_cast<double>(field->minimum) ||
            number > static_cast<double>(field->maximum))
            return invalidBody(QStringLiteral("'%1' must be an integer from %2 to %3")
                                   .arg(path)
                                   .arg(field->minimum)
                                   .arg(field->maximum));
    }
    return {};
}

// `{"colors": {"primary": "#rrggbb"}}`, Auth0's shape, of which only the primary colour is kept:
// the one the login pages use (tenancy::TenantBranding). The rule is the renderer's own
// (loginui::isValidColor), so that no colour is accepted here that the pages would then drop.
// "" clears. Errors name the path (`universal_login.colors.primary`).
Result<void> checkUniversalLogin(const RequestBody& body) {
    const QJsonObject login = body.object(kUniversalLogin);
    for (auto it = login.begin(); it != login.end(); ++it) {
        const QString path = kUniversalLogin + u'.' + it.key();
        if (it.key() != kColors)
            return invalidBody(QStringLiteral("unknown field '%1'").arg(path));
        if (!it.value().isObject())
            return invalidBody(QStringLiteral("'%1' must be an object").arg(path));
        const QJsonObject colors = it.value().toObject();
        for (auto color = colors.begin(); color != colors.end(); ++color) {
            const QString colorPath = path + u'.' + color.key();
            if (color.key() != kPrimary)
                return invalidBody(QStringLiteral("unknown field '%1'").arg(colorPath));
            if (!color.value().isString())
                return invalidBody(QStringLiteral("'%1' must be a string").arg(colorPath));
            const QString text = color.value().toString();
            if (!text.isEmpty() && !loginui::isValidColor(text))
                return invalidBody(
                    QStringLiteral(
                        "'%1' must be a colour '#rrggbb' (6 hexadecimal digits), got '%2'")
                        .arg(colorPath, text.left(32)));
        }
    }
    return {};
}

// The primary colour as stored, "" while unset.
QJsonObject universalLoginJson(const store::TenantRecord& tenant) {
    const QString primary = tenancy::TenantBranding::primaryColorIn(tenant.settings);
    return {{kColors, QJsonObject{{kPrimary, primary}}}};
}

// The stored object with every unset field at its default.
QJsonObject nestedJson(const store::TenantRecord& tenant, QLatin1String name,
                       std::span<const NestedField> fields) {
    QJsonObject json = tenant.settings.value(name).toObject();
    for (const NestedField& field : fields) {
        if (!json.contains(field.name))
            json.insert(field.name, field.fallback);
    }
    return json;
}

// `refresh_token` with its defaults. An idle lifetime that was never set shows as the default
// capped by the absolute one: a refresh token never outlives its grant (the store caps it so),
// and a client that sends back what it read must not be refused for idle > absolute.
QJsonObject refreshTokenJson(const store::TenantRecord& tenant) {
    QJsonObject json = nestedJson(tenant, kRefreshToken, kRefreshTokenFields);
    if (!tenant.settings.value(kRefreshToken).toObject().contains(kIdleTokenLifetime))
        json.insert(kIdleTokenLifetime,
                    std::min(kDefaultIdleRefreshSeconds, json.value(kTokenLifetime).toInteger()));
    return json;
}

// After the update: a refresh token's idle lifetime never longer than its absolute one (unset,
// the idle one is the default capped by the absolute one, as above). Both fields are named.
Result<void> checkRefreshLifetimes(const QJsonObject& settings, bool idleInBody) {
    const QJsonObject refresh = settings.value(kRefreshToken).toObject();
    if (!refresh.contains(kIdleTokenLifetime))
        return {};
    const qint64 idle = refresh.value(kIdleTokenLifetime).toInteger();
    const qint64 lifetime = refresh.value(kTokenLifetime).toInteger(kDefaultRefreshSeconds);
    if (idle <= lifetime)
        return {};
    if (idleInBody)
        return invalidBody(QStringLiteral("'refresh_token.idle_token_lifetime' (%1 seconds) must "
                                          "not exceed 'refresh_token.token_lifetime' (%2 seconds)")
                               .arg(idle)
                               .arg(lifetime));
    return invalidBody(QStringLiteral("'refresh_token.token_lifetime' (%1 seconds) must not be "
                                      "less than 'refresh_token.idle_token_lifetime' (%2 seconds)")
                           .arg(lifetime)
                           .arg(idle));
}

// A session lifetime set for the tenant, in hours; nullopt while it is the default.
std::optional<qint64> storedHours(const QJsonObject& settings, QLatin1String name) {
    const QJsonValue value = settings.value(name);
    if (!value.isDouble() || value.toDouble() < 1)
        return std::nullopt;
    return static_cast<qint64>(value.toDouble());
}

// After the update: idle never longer than absolute. An idle lifetime that was never set is the
// default capped by the absolute one (as identity::SessionSettings reads it), so lowering only
// `session_lifetime` below 72 hours is fine.
Result<void> checkSessionLifetimes(const QJsonObject& settings, bool idleInBody) {
    const qint64 lifetime = storedHours(settings, kSessionLifetime).value_or(kDefaultSessionHours);
    const std::optional<qint64> idle = storedHours(settings, kIdleSessionLifetime);
    if (!idle || *idle <= lifetime)
        return {};
    if (idleInBody)
        return invalidBody(QStringLiteral("'idle_session_lifetime' (%1 hours) must not exceed "
                                          "'session_lifetime' (%2 hours)")
                               .arg(*idle)
                               .arg(lifetime));
    return invalidBody(QStringLiteral("'session_lifetime' (%1 hours) must not be less than "
                                      "'idle_session_lifetime' (%2 hours)")
                           .arg(lifetime)
                           .arg(*idle));
}

QJsonObject settingsJson(const store::TenantRecord& tenant) {
    QJsonObject json{
        {kFriendlyName, tenant.displayName},
        {kSigningAlg, tenant.signingAlgorithm},
    };
    for (const QLatin1String& name : kStoredSettings)
        json.insert(name, tenant.settings.value(name).toString());
    const qint64 lifetime =
        storedHours(tenant.settings, kSessionLifetime).value_or(kDefaultSessionHours);
    json.insert(kSessionLifetime, lifetime);
    json.insert(kIdleSessionLifetime, storedHours(tenant.settings, kIdleSessionLifetime)
                                          .value_or(std::min(kDefaultIdleHours, lifetime)));
    json.insert(kBruteForce, nestedJson(tenant, kBruteForce, kBruteForceFields));
    json.insert(kIpThrottling, nestedJson(tenant, kIpThrottling, kIpThrottlingFields));
    json.insert(kUniversalLogin, universalLoginJson(tenant));
    json.insert(kRefreshToken, refreshTokenJson(tenant));
    return json;
}

// Numbers replace the stored ones; the three objects are merged into the stored ones, so that
// `{"brute_force_protection": {"max_attempts": 5}}` keeps `enabled` as it was.
void applyLifetimesAndProtection(const RequestBody& body, QJsonObject& settings) {
    for (const QLatin1String& name : {kSessionLifetime, kIdleSessionLifetime}) {
        if (body.has(name))
            settings.insert(name, body.integer(name));
    }
    for (const QLatin1String& name : {kBruteForce, kIpThrottling, kRefreshToken}) {
        if (!body.has(name))
            continue;
        QJsonObject merged = settings.value(name).toObject();
        const QJsonObject changes = body.object(name);
        for (auto it = changes.begin(); it != changes.end(); ++it)
            merged.insert(it.key(), it.value());
        settings.insert(name, merged);
    }
}

// Merged into the stored object like the attack-protection ones, so that keys other subsystems
// may keep under `universal_login` survive. A colour set to "" is removed (and the objects left
// empty with it): the login pages then use their default colour.
void applyUniversalLogin(const RequestBody& body, QJsonObject& settings) {
    const QJsonObject changes = body.object(kUniversalLogin).value(kColors).toObject();
    if (changes.isEmpty())
        return;
    QJsonObject login = settings.value(kUniversalLogin).toObject();
    QJsonObject colors = login.value(kColors).toObject();
    for (auto it = changes.begin(); it != changes.end(); ++it) {
        if (it.value().toString().isEmpty())
            colors.remove(it.key());
        else
            colors.insert(it.key(), it.value());
    }
    if (colors.isEmpty())
        login.remove(kColors);
    else
        login.insert(kColors, colors);
    if (login.isEmpty())
        settings.remove(kUniversalLogin);
    else
        settings.insert(kUniversalLogin, login);
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
    if (auto nested = checkNested(*body, kBruteForce, kBruteForceFields); !nested)
        return nested.error();
    if (auto nested = checkNested(*body, kIpThrottling, kIpThrottlingFields); !nested)
        return nested.error();
    if (auto nested = checkNested(*body, kRefreshToken, kRefreshTokenFields); !nested)
        return nested.error();
    if (auto login = checkUniversalLogin(*body); !login)
        return login.error();
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
        applyLifetimesAndProtection(*body, tenant.settings);
        applyUniversalLogin(*body, tenant.settings);
        if (auto sessions = checkSessionLifetimes(tenant.settings, body->has(kIdleSessionLifetime));
            !sessions)
            return sessions;
        return checkRefreshLifetimes(tenant.settings,
                                     body->object(kRefreshToken).contains(kIdleTokenLifetime));
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
