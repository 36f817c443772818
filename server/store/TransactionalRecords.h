#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QStringList>
#include <optional>

namespace gatehouse::store {

// Transactional login data: local to a datacenter, written on every login and token request,
// never in the change log (docs/login.md, "Data"). Secret values (session ids, codes, refresh and
// reset tokens) never reach the store: only their SHA-256, 32 bytes computed by the caller, which
// is also the key they are looked up by. Timestamps are UTC with millisecond precision and are
// set by the repositories from Database::now().

// An SSO session. Active while both idle and absolute expiry are in the future.
struct LoginSessionRecord {
    QByteArray idHash; // SHA-256 of the cookie's random id
    QString tenant;
    QString userId;
    QString connection; // the connection's name the user authenticated with
    QDateTime authTime;
    QDateTime createdAt;
    QDateTime lastActiveAt;
    QDateTime idleExpiresAt; // never later than expiresAt
    QDateTime expiresAt;     // absolute
    QString ip;
    QString userAgent;
    QStringList clients; // client ids that got tokens in this session, for logout

    friend bool operator==(const LoginSessionRecord&, const LoginSessionRecord&) = default;
};

struct AuthorizationCodeRecord {
    QByteArray codeHash;
    QString tenant;
    QString clientId;
    QString redirectUri;
    QString userId;
    QByteArray sessionHash; // empty when issued without a session
    QString scope;          // space-separated, as granted
    QString audience;       // empty: none requested
    QString nonce;
    QString codeChallenge;
    QString codeChallengeMethod;
    QDateTime authTime;
    QDateTime createdAt;
    QDateTime expiresAt;
    QDateTime redeemedAt; // invalid until redeemed
    QString grantId;      // the grant made when it was redeemed

    friend bool operator==(const AuthorizationCodeRecord&,
                           const AuthorizationCodeRecord&) = default;
};

// What one code redemption (or password login) granted a client for a user. Refresh tokens and
// access tokens (claim `gid`) point to it; revoking it revokes everything issued from it.
struct GrantRecord {
    QString tenant;
    QString id; // generated
    QString clientId;
    QString userId;
    QByteArray sessionHash; // empty when not tied to an SSO session
    QByteArray codeHash;    // empty when not made from a code
    QString scope;
    QString audience;
    QDateTime authTime;
    QDateTime createdAt;
    QDateTime expiresAt; // absolute lifetime of its refresh tokens
    QDateTime revokedAt; // invalid while not revoked
    QString revokedReason;

    [[nodiscard]] bool isActive(const QDateTime& now) const {
        return !revokedAt.isValid() && now < expiresAt;
    }
    friend bool operator==(const GrantRecord&, const GrantRecord&) = default;
};

struct RefreshTokenRecord {
    QByteArray tokenHash;
    QString tenant;
    QString grantId;
    QString clientId;
    QDateTime createdAt;
    QDateTime idleExpiresAt; // never later than the grant's expiresAt
    QDateTime rotatedAt;     // invalid until it is exchanged for a successor
    QByteArray replacedByHash;

    friend bool operator==(const RefreshTokenRecord&, const RefreshTokenRecord&) = default;
};

// Brute-force protection counts failures per user and IP (blocking that pair) and per IP across
// users (throttling the address).
enum class AttackCounterKind { UserIp, Ip };

[[nodiscard]] QString toString(AttackCounterKind kind); // "user_ip" | "ip"
[[nodiscard]] std::optional<AttackCounterKind> attackCounterKindFromString(const QString& text);

struct AttackCounterRecord {
    QString tenant;
    AttackCounterKind kind = AttackCounterKind::Ip;
    QString subject; // "<user id>|<ip>" for UserIp, the IP for Ip
    QString userId;  // of a UserIp counter; empty for Ip
    int failures = 0;
    QDateTime firstFailureAt; // start of the current counting window
    QDateTime lastFailureAt;
    QDateTime blockedUntil; // invalid: not blocked

    [[nodiscard]] bool isBlocked(const QDateTime& now) const {
        return blockedUntil.isValid() && now < blockedUntil;
    }
    friend bool operator==(const AttackCounterRecord&, const AttackCounterRecord&) = default;
};

// A single-use ticket mailed to a user: a password reset or an address verification (`purpose`,
// PasswordResetRepository::kPasswordReset or kEmailVerification).
struct PasswordResetRecord {
    QByteArray tokenHash;
    QString tenant;
    QString userId;
    QString purpose = QStringLiteral("password_reset");
    QString email; // verification tickets: the address the link was sent to
    QDateTime createdAt;
    QDateTime expiresAt;
    QDateTime usedAt; // invalid until used

    friend bool operator==(const PasswordResetRecord&, const PasswordResetRecord&) = default;
};

} // namespace gatehouse::store
