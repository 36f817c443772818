#include "identity/SessionService.h"

#include "crypto/Digest.h"
#include "crypto/Encoding.h"
#include "crypto/Random.h"
#include "store/Store.h"

#include <QJsonValue>

#include <cmath>

namespace gatehouse::identity {
namespace {

constexpr int kIdBytes = 32;

// Hours as stored; `fallback` when absent or not a positive finite number.
std::chrono::milliseconds hoursSetting(const QJsonObject& settings, QLatin1String name,
                                       double fallback) {
    const QJsonValue value = settings.value(name);
    double hours = value.isDouble() ? value.toDouble() : fallback;
    if (!std::isfinite(hours) || hours <= 0)
        hours = fallback;
    // Past a year nothing is meaningful, and the product stays far from overflowing.
    hours = std::min(hours, 24.0 * 366);
    return std::chrono::milliseconds(static_cast<qint64>(std::llround(hours * 3600'000.0)));
}

} // namespace

SessionSettings SessionSettings::fromTenantSettings(const QJsonObject& settings) {
    SessionSettings result;
    result.lifetime =
        hoursSetting(settings, QLatin1String("session_lifetime"), kDefaultLifetimeHours);
    result.idleTimeout =
        std::min(result.lifetime,
                 hoursSetting(settings, QLatin1String("idle_session_lifetime"), kDefaultIdleHours));
    return result;
}

CookieScope CookieScope::tenantPath(const QString& tenantId, bool secure) {
    return {QByteArrayLiteral("/t/") + tenantId.toUtf8() + '/', secure};
}

CookieScope CookieScope::ownDomain(bool secure) {
    return {QByteArrayLiteral("/"), secure};
}

SessionService::SessionService(store::Store& store)
    : m_store(store) {}

Result<NewSession> SessionService::create(const store::TenantRecord& tenant, const QString& userId,
                                          const QString& connection, const QString& ip,
                                          const QString& userAgent, const QDateTime& authTime,
                                          const CookieScope& scope) const {
    const SessionSettings settings = SessionSettings::fromTenantSettings(tenant.settings);
    QByteArray value = crypto::randomToken(kIdBytes);

    store::LoginSessionRecord session;
    session.idHash = crypto::sha256(value);
    session.tenant = tenant.id;
    session.userId = userId;
    session.connection = connection;
    session.authTime = authTime;
    session.ip = ip;
    session.userAgent = userAgent;
    Result<store::LoginSessionRecord> created =
        m_store.loginSessions().create(session, settings.idleTimeout, settings.lifetime);
    if (!created)
        return created.error();

    http::SetCookie cookie;
    cookie.name = kCookieName.toByteArray();
    cookie.value = value;
    cookie.path = scope.path;
    cookie.secure = scope.secure;
    cookie.sameSite = http::SameSite::Lax;
    cookie.maxAgeSeconds =
        std::chrono::duration_cast<std::chrono::seconds>(settings.lifetime).count();
    return NewSession{std::move(value), std::move(*created), std::move(cookie)};
}

Result<std::optional<store::LoginSessionRecord>>
SessionService::find(const store::TenantRecord& tenant, QByteArrayView cookieValue) const {
    const std::optional<QByteArray> hash = hashCookieValue(cookieValue);
    if (!hash)
        return std::optional<store::LoginSessionRecord>();
    Result<std::optional<store::LoginSessionRecord>> found =
        m_store.loginSessions().findActive(tenant.id, *hash);
    if (!found || !*found)
        return found;

    const QDateTime now = m_store.database().now();
    if ((*found)->lastActiveAt.msecsTo(now) < std::chrono::milliseconds(kTouchInterval).count())
        return found;
    const SessionSettings settings = SessionSettings::fromTenantSettings(tenant.settings);
    Result<store::LoginSessionRecord> touched =
        m_store.loginSessions().touch(tenant.id, *hash, settings.idleTimeout);
    if (!touched) {
        // Expired or ended between the two statements: as if it had not been found.
        if (touched.error().code == "not_found")
            return std::optional<store::LoginSessionRecord>();
        return touched.error();
    }
    return std::optional<store::LoginSessionRecord>(std::move(*touched));
}

Result<http::SetCookie> SessionService::end(const store::TenantRecord& tenant,
                                            QByteArrayView cookieValue,
                                            const CookieScope& scope) const {
    if (const std::optional<QByteArray> hash = hashCookieValue(cookieValue)) {
        Result<void> ended = m_store.transaction([&]() -> Result<void> {
            Result<int> revoked =
                m_store.grants().revokeForSession(tenant.id, *hash, QString(kEndReason));
            if (!revoked)
                return revoked.error();
            Result<void> removed = m_store.loginSessions().remove(tenant.id, *hash);
            if (!removed && removed.error().code != "not_found")
                return removed;
            return {};
        });
        if (!ended)
            return ended.error();
    }
    return deletingCookie(scope);
}

http::SetCookie SessionService::deletingCookie(const CookieScope& scope) {
    http::SetCookie cookie;
    cookie.name = kCookieName.toByteArray();
    cookie.path = scope.path;
    cookie.secure = scope.secure;
    cookie.sameSite = http::SameSite::Lax;
    cookie.maxAgeSeconds = 0;
    return cookie;
}

QString SessionService::sessionIdForToken(const store::LoginSessionRecord& record) {
    return sessionIdForToken(record.idHash);
}

QString SessionService::sessionIdForToken(const QByteArray& idHash) {
    const QByteArray input = QByteArrayLiteral("sid") + idHash;
    const QByteArray digest = crypto::sha256(input);
    return QString::fromLatin1(crypto::base64UrlEncode(QByteArrayView(digest).first(16)));
}

std::optional<QByteArray> SessionService::hashCookieValue(QByteArrayView cookieValue) {
    // 32 bytes are 43 base64url characters; checking the length first keeps a huge cookie from
    // being decoded at all.
    if (cookieValue.size() != 43)
        return std::nullopt;
    const Result<QByteArray> decoded = crypto::base64UrlDecode(cookieValue);
    if (!decoded || decoded->size() != kIdBytes)
        return std::nullopt;
    return crypto::sha256(cookieValue);
}

} // namespace gatehouse::identity
