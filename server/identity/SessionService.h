#pragma once

#include "core/Result.h"
#include "http/Cookies.h"
#include "store/Records.h"
#include "store/TransactionalRecords.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <chrono>
#include <optional>

namespace gatehouse::store {
class Store;
}

namespace gatehouse::identity {

// A tenant's SSO session lifetimes, from TenantRecord::settings under Auth0's names, in hours:
// `session_lifetime` (absolute, default 168 = 7 days) and `idle_session_lifetime` (default 72).
// The Management API refuses bad values (TenantSettingsApi); what is stored anyway (older
// records, hand edits) is read leniently: a missing, non-numeric or non-positive value is the
// default, and the idle timeout never exceeds the absolute lifetime.
struct SessionSettings {
    static constexpr double kDefaultLifetimeHours = 168;
    static constexpr double kDefaultIdleHours = 72;

    std::chrono::milliseconds lifetime{std::chrono::hours(168)};
    std::chrono::milliseconds idleTimeout{std::chrono::hours(72)};

    [[nodiscard]] static SessionSettings fromTenantSettings(const QJsonObject& settings);
};

// Where the session cookie is valid: `/t/{tenant}/` when tenants share the server's host, `/`
// when the tenant is served on a domain of its own. Secure whenever the request came over HTTPS.
struct CookieScope {
    QByteArray path;
    bool secure = true;

    [[nodiscard]] static CookieScope tenantPath(const QString& tenantId, bool secure);
    [[nodiscard]] static CookieScope ownDomain(bool secure);
};

struct NewSession {
    QByteArray cookieValue; // the secret: only in the cookie, never stored
    store::LoginSessionRecord record;
    http::SetCookie cookie; // ready to add to the response
};

// SSO sessions (OpenID Connect's "login session", docs/login.md step 5): a 256-bit random id in
// the `gh_session` cookie (HttpOnly, SameSite=Lax, Max-Age = the absolute lifetime), only its
// SHA-256 in the store. Ending a session revokes every grant made in it.
class SessionService final {
public:
    static constexpr QByteArrayView kCookieName = "gh_session";
    // Activity extends the idle expiry at most this often: reading a session must not be a
    // write on every request.
    static constexpr std::chrono::seconds kTouchInterval{60};
    static constexpr QLatin1String kEndReason{"session_ended"};

    explicit SessionService(store::Store& store);

    // A new session for a user who has just authenticated (authTime: when; invalid = now).
    // Errors are the store's (`not_found` for an unknown tenant or user).
    [[nodiscard]] Result<NewSession> create(const store::TenantRecord& tenant,
                                            const QString& userId, const QString& connection,
                                            const QString& ip, const QString& userAgent,
                                            const QDateTime& authTime,
                                            const CookieScope& scope) const;

    // The active session the cookie names in this tenant, its idle expiry extended (at most once
    // per kTouchInterval). A malformed, unknown, expired or other tenant's cookie is nullopt,
    // not an error: it is whatever the browser sent.
    [[nodiscard]] Result<std::optional<store::LoginSessionRecord>>
    find(const store::TenantRecord& tenant, QByteArrayView cookieValue) const;

    // Logout: removes the session and revokes the grants made in it (one transaction). Returns
    // the cookie that deletes `gh_session`, also when there was no such session (logging out
    // twice, or with a stale cookie, is not an error).
    [[nodiscard]] Result<http::SetCookie> end(const store::TenantRecord& tenant,
                                              QByteArrayView cookieValue,
                                              const CookieScope& scope) const;

    // A Set-Cookie that deletes the session cookie (Max-Age=0), e.g. for a cookie that find()
    // did not accept.
    [[nodiscard]] static http::SetCookie deletingCookie(const CookieScope& scope);

    // The session's public id for the `sid` claim of ID tokens and logout tokens (OpenID Connect
    // Front-/Back-Channel Logout): base64url of the first 16 bytes of SHA-256("sid" ‖ idHash).
    // Stable for the session, and the cookie's secret cannot be derived from it.
    [[nodiscard]] static QString sessionIdForToken(const store::LoginSessionRecord& record);
    // The same from the session's stored hash, as codes and grants keep it.
    [[nodiscard]] static QString sessionIdForToken(const QByteArray& idHash);

    // The SHA-256 the store keeps for a cookie value, or nullopt when the value cannot be one
    // of ours (not canonical base64url of 32 bytes).
    [[nodiscard]] static std::optional<QByteArray> hashCookieValue(QByteArrayView cookieValue);

private:
    store::Store& m_store;
};

} // namespace gatehouse::identity
