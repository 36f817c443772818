#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace gatehouse::crypto {

// Hashes for secrets that are already high-entropy random values: client secrets, authorization
// codes, refresh tokens, session ids (each >= 128 bits from randomToken()). Guessing such a value
// is infeasible whatever the hash costs, so a slow password hash would only cap token issuance
// (argon2 manages ~20/s per core) without adding security. A plain SHA-256 is enough to make a
// stolen database useless for presenting the secrets; no pepper, so no key to manage or rotate.
// Stored form: "sha256$" + base64url(SHA-256(secret)), 50 bytes.
// Never use this for human-chosen passwords: that is PasswordHasher's job.
class SecretHash final {
public:
    SecretHash() = delete;

    [[nodiscard]] static QByteArray hash(QByteArrayView secret);

    // Constant-time in the secret and the stored hash. An empty secret never verifies, so a
    // missing parameter cannot match anything; a stored value in another format never verifies.
    [[nodiscard]] static bool verify(QByteArrayView secret, QByteArrayView stored);
};

} // namespace gatehouse::crypto
