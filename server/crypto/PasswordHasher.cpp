#include "crypto/PasswordHasher.h"

#include <sodium.h>

namespace gatehouse::crypto {

namespace {

bool ensureSodium() {
    // sodium_init() is idempotent and thread-safe; the static makes it one call per process.
    static const bool initialised = sodium_init() >= 0;
    return initialised;
}

// crypto_pwhash_argon2id_str* need a NUL-terminated string; QByteArray guarantees one.
QByteArray terminated(QByteArrayView encoded) {
    return QByteArray(encoded.data(), encoded.size());
}

bool plausibleEncoding(QByteArrayView encoded) {
    return !encoded.isEmpty() && encoded.size() < qsizetype(crypto_pwhash_argon2id_STRBYTES) &&
           !encoded.contains('\0');
}

} // namespace

PasswordHasher::PasswordHasher(PasswordCost cost)
    : m_cost(cost) {}

Result<QByteArray> PasswordHasher::hash(QByteArrayView password) const {
    if (password.size() > kMaxPasswordBytes)
        return Error::badRequest(
            QByteArrayLiteral("password_too_long"),
            QStringLiteral("passwords are limited to %1 bytes").arg(kMaxPasswordBytes));
    if (!ensureSodium())
        return Error::internal(QStringLiteral("libsodium could not be initialised"));
    if (m_cost.opsLimit < crypto_pwhash_argon2id_OPSLIMIT_MIN ||
        m_cost.opsLimit > crypto_pwhash_argon2id_OPSLIMIT_MAX ||
        m_cost.memLimitBytes < crypto_pwhash_argon2id_MEMLIMIT_MIN ||
        m_cost.memLimitBytes > crypto_pwhash_argon2id_MEMLIMIT_MAX)
        return Error::internal(QStringLiteral("argon2id cost t=%1, m=%2 bytes is out of range")
                                   .arg(m_cost.opsLimit)
                                   .arg(m_cost.memLimitBytes));

    char out[crypto_pwhash_argon2id_STRBYTES] = {};
    if (crypto_pwhash_argon2id_str(out, password.data(),
                                   static_cast<unsigned long long>(password.size()),
                                   m_cost.opsLimit, m_cost.memLimitBytes) != 0)
        return Error::internal(QStringLiteral("argon2id hashing failed (out of memory?)"));
    return QByteArray(out);
}

bool PasswordHasher::verify(QByteArrayView password, QByteArrayView encoded) const {
    if (password.size() > kMaxPasswordBytes || !plausibleEncoding(encoded) || !ensureSodium())
        return false;
    const QByteArray stored = terminated(encoded);
    return crypto_pwhash_argon2id_str_verify(stored.constData(), password.data(),
                                             static_cast<unsigned long long>(password.size())) == 0;
}

bool PasswordHasher::needsRehash(QByteArrayView encoded) const {
    if (!plausibleEncoding(encoded) || !ensureSodium())
        return true;
    const QByteArray stored = terminated(encoded);
    return crypto_pwhash_argon2id_str_needs_rehash(stored.constData(), m_cost.opsLimit,
                                                   m_cost.memLimitBytes) != 0;
}

} // namespace gatehouse::crypto
