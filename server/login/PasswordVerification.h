#pragma once

#include "core/Result.h"
#include "identity/AttackProtection.h"
#include "store/Records.h"

#include <QString>
#include <functional>
#include <memory>
#include <optional>

namespace gatehouse::tenancy {
class TenantSnapshot;
}

namespace gatehouse::login {

struct LoginServices;

// One attempt to log in to a database connection with a password.
struct PasswordAttempt {
    std::shared_ptr<const tenancy::TenantSnapshot> tenant;
    QString connection; // the database connection's name
    QString identifier; // what was typed: an e-mail address (has '@') or a username
    QString password;   // as typed; NFKC-normalized before hashing, as sign-up stores it
    QString ip;         // the client's address, for attack protection
};

// What a password check concluded.
struct PasswordVerdict {
    enum class Outcome {
        Verified,         // `user`: the account (its hash renewed when the cost changed)
        WrongCredentials, // a wrong password or an unknown account: one outcome for both
        AccountBlocked,   // the right password of a user an administrator blocked
        Refused,          // attack protection refused: `decision` says how and until when
        Busy,             // the hashing pool's queue is full
        Failed,           // the store failed: `error`
    };
    Outcome outcome = Outcome::Failed;
    std::optional<store::UserRecord> user;
    identity::Decision decision;
    Error error;
};

// The password check that the login page and the password grant share (docs/login.md), so both
// hold the same properties:
// - the account is looked up in the connection by e-mail address or username;
// - attack protection is asked first (a blocked user+IP pair or a throttled IP is refused
//   before any hash), and counts a failure, or forgets the pair's failures on success;
// - argon2id runs on the hashing pool, never on the calling (HTTP worker) thread, and an
//   unknown account verifies a dummy hash, so neither the outcome nor the timing tells a wrong
//   password from an unknown account;
// - a blocked user is refused only after the right password (it says nothing to a guesser);
// - a hash made with another cost is renewed at a successful login.
class PasswordVerification final {
public:
    using Done = std::function<void(PasswordVerdict)>;

    explicit PasswordVerification(const LoginServices& services);

    // Calls `done` exactly once: on the calling thread when the attempt ends before a hash
    // (attack protection, a store failure, a full pool), otherwise on a hashing-pool thread.
    void verify(PasswordAttempt attempt, Done done) const;

private:
    const LoginServices& m_services;
};

} // namespace gatehouse::login
