#pragma once

#include "core/Result.h"
#include "store/Validation.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <chrono>

// Input checks and helpers shared by the repositories of transactional login data.
namespace gatehouse::store::transactional {

// Length of the SHA-256 digests that stand for secrets (session ids, codes, tokens).
inline constexpr qsizetype kHashSize = 32;

[[nodiscard]] inline Result<void> secretHash(const QString& field, const QByteArray& hash) {
    if (hash.size() != kHashSize)
        return validation::invalid(
            QStringLiteral("%1 must be a SHA-256 digest of %2 bytes, not %3 bytes")
                .arg(field)
                .arg(kHashSize)
                .arg(hash.size()));
    return {};
}

[[nodiscard]] inline Result<void> positive(const QString& field, std::chrono::milliseconds value) {
    if (value.count() <= 0)
        return validation::invalid(QStringLiteral("%1 must be positive").arg(field));
    return {};
}

[[nodiscard]] inline QDateTime after(const QDateTime& time, std::chrono::milliseconds duration) {
    return time.addMSecs(duration.count());
}

// RFC 6749 §5.2: whatever was wrong with a code or refresh token, the client hears only this.
[[nodiscard]] inline Error invalidGrant(const QString& message) {
    return Error::badRequest(QByteArrayLiteral("invalid_grant"), message);
}

} // namespace gatehouse::store::transactional
