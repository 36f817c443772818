#pragma once

#include "core/Result.h"
#include "store/Records.h"
#include "store/TransactionalRecords.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <chrono>
#include <optional>

namespace gatehouse::store {
class Store;
}

namespace gatehouse::identity {

// A tenant's attack protection, from TenantRecord::settings (Auth0's defaults):
//   "brute_force_protection":   {"enabled": true, "max_attempts": 10, "block_minutes": 60}
//   "suspicious_ip_throttling": {"enabled": true, "max_attempts": 100, "window_minutes": 60}
// Auth0 blocks a user+IP pair until a reset; a block here ends after block_minutes or when an
// administrator unblocks the user. The Management API refuses bad values (TenantSettingsApi);
// stored values that are missing or out of range are read as the defaults.
struct AttackProtectionSettings {
    struct BruteForce {
        bool enabled = true;
        int maxAttempts = 10;
        std::chrono::minutes block{60};
    };
    struct IpThrottling {
        bool enabled = true;
        int maxAttempts = 100;
        std::chrono::minutes window{60};
    };
    BruteForce bruteForce;
    IpThrottling ipThrottling;

    [[nodiscard]] static AttackProtectionSettings fromTenantSettings(const QJsonObject& settings);
};

// One login attempt as attack protection sees it.
struct LoginAttempt {
    QString identifier;            // what was typed: e-mail address or username
    std::optional<QString> userId; // when the identifier names a user of the connection
    QString ip;                    // the client's address (normalized here, ClientAddress.h)
};

struct Decision {
    enum class Verdict { Allowed, UserBlocked, IpThrottled };

    Verdict verdict = Verdict::Allowed;
    QDateTime until;              // when the block or throttle ends
    qint64 retryAfterSeconds = 0; // IpThrottled: for Retry-After, at least 1
    // check(): whether the user+IP pair had failures on record (or brute-force protection is
    // off, so the counter was not read). Without any, a success has nothing to forget.
    bool pairFailuresOnRecord = true;

    [[nodiscard]] bool allowed() const { return verdict == Verdict::Allowed; }
    // What the login page and the token endpoint answer: UserBlocked is 401 `too_many_attempts`
    // with Auth0's wording (no hint whether the account exists), IpThrottled is 429
    // `too_many_requests`. Allowed has no error.
    [[nodiscard]] Error toError() const;
};

// Brute-force protection and suspicious-IP throttling with Auth0's semantics (SECURITY.md,
// "Passwords and attack protection"). Counters live in the store, so restarts and every node of
// a datacenter see the same counts.
//
// - After max_attempts consecutive failures for one user from one IP, that pair is blocked
//   (UserBlocked), also for the right password, until block_minutes have passed, a success
//   before the block, or unblock(). The same user from another IP and other users from that IP
//   are not affected. Failures are consecutive within 30 days of the first one.
// - After max_attempts failures from one IP across all identifiers within window_minutes, the
//   IP is throttled (IpThrottled, 429) for window_minutes. A success does not reset it.
// - An identifier that names no user is counted exactly like a user: per (normalized
//   identifier, IP), with the same threshold, block and message, so that the answers never
//   reveal whether an account exists. Known users are counted by user id (the e-mail address
//   and the username of one user share a budget); unknown identifiers by the SHA-256 of their
//   NFKC, case-folded form, so that the store never keeps a password typed into the wrong field.
//   Such a counter is an `ip`-kind row of its own subject (`identifier|<hash>|<ip>`, which no
//   address can equal), because a `user_ip` row must reference an existing user.
// - Every refusal is logged on `gatehouse.security` as one JSON line: tenant, kind, ip, user id
//   or identifier, failures, until. Never a password (this class never sees one).
class AttackProtection final {
public:
    static constexpr std::chrono::days kConsecutiveWindow{30};

    explicit AttackProtection(store::Store& store);

    // Before checking a password: whether this attempt may proceed at all. An IP throttle is
    // reported before a user block (it says less about the account).
    [[nodiscard]] Result<Decision> check(const store::TenantRecord& tenant,
                                         const LoginAttempt& attempt) const;
    // A wrong password (or an unknown identifier): counts the failure for the pair and for the
    // IP in one transaction and returns the decision after it.
    [[nodiscard]] Result<Decision> recordFailure(const store::TenantRecord& tenant,
                                                 const LoginAttempt& attempt) const;
    // A successful login forgets the pair's failures (not the IP's).
    [[nodiscard]] Result<void> recordSuccess(const store::TenantRecord& tenant,
                                             const LoginAttempt& attempt) const;
    // The same after check() allowed the attempt: no store write when check() saw no failures
    // for the pair (a failure counted since then stays counted, which errs on the safe side).
    [[nodiscard]] Result<void> recordSuccess(const store::TenantRecord& tenant,
                                             const LoginAttempt& attempt,
                                             const Decision& checked) const;
    // Management API user-blocks: forgets every block and counter of the user; how many.
    [[nodiscard]] Result<int> unblock(const QString& tenantId, const QString& userId) const;
    // Lifts the throttle of an address (normalized like every other).
    [[nodiscard]] Result<void> unthrottle(const QString& tenantId, const QString& ip) const;

private:
    store::Store& m_store;
};

} // namespace gatehouse::identity
