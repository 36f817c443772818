#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <cstddef>

namespace gatehouse::crypto {

// argon2id cost. The default is OWASP's minimum (t=2, m=19 MiB, p=1): ~55 ms and 19 MiB per hash
// on this hardware (FACTS.md), so callers must bound how many hashes run at once.
struct PasswordCost {
    unsigned long long opsLimit = 2;
    size_t memLimitBytes = 19u * 1024 * 1024;
};

// Human passwords: argon2id via libsodium, stored as the PHC-style encoded string that
// crypto_pwhash_str produces ("$argon2id$v=19$m=19456,t=2,p=1$salt$hash"), which carries its own
// salt and cost so that the cost can be raised without invalidating stored hashes (needsRehash).
// Thread-safe: const methods share nothing mutable.
class PasswordHasher final {
public:
    // Longer passwords are rejected, never truncated (NIST SP 800-63B §5.1.1.2: no truncation);
    // the cap also stops megabyte "passwords" from being used to burn CPU.
    static constexpr qsizetype kMaxPasswordBytes = 4096;

    explicit PasswordHasher(PasswordCost cost = {});

    [[nodiscard]] PasswordCost cost() const { return m_cost; }

    // Errors: "password_too_long" (400) over kMaxPasswordBytes; "server_error" when the cost is
    // outside libsodium's bounds or memory cannot be allocated.
    [[nodiscard]] Result<QByteArray> hash(QByteArrayView password) const;

    // False for a wrong password, an over-long one, or an encoded string that is not argon2id.
    [[nodiscard]] bool verify(QByteArrayView password, QByteArrayView encoded) const;

    // True when `encoded` was made with another cost than this hasher's, or is not a valid
    // argon2id string: rehash the password at the next successful login.
    [[nodiscard]] bool needsRehash(QByteArrayView encoded) const;

private:
    PasswordCost m_cost;
};

} // namespace gatehouse::crypto
