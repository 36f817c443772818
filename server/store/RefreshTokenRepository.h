#pragma once

#include "core/Result.h"
#include "store/GrantRepository.h"
#include "store/TransactionalRecords.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <chrono>
#include <memory>
#include <optional>

namespace gatehouse::store {

class Database;

// How refresh tokens age and rotate (RFC 9700 §4.14.2).
struct RefreshTokenPolicy {
    // A token unused for this long expires; every rotation starts the idle period anew. The
    // grant's expiresAt bounds it.
    std::chrono::milliseconds idleLifetime{std::chrono::hours(24 * 15)};
    // A rotated token presented again within this time of its rotation is still exchanged
    // (clients that refresh concurrently); later, it is taken as stolen and its grant revoked.
    std::chrono::milliseconds reuseInterval{0};
};

// The outcome of presenting a refresh token. ReuseDetected is not an error, so that the
// revocation it caused is committed: the caller answers `invalid_grant` to the client.
struct RefreshRotation {
    enum class Outcome { Rotated, ReuseDetected };

    Outcome outcome = Outcome::Rotated;
    GrantRecord grant;        // as it is now (revoked, for ReuseDetected)
    RefreshTokenRecord token; // the new token; empty for ReuseDetected
};

// Refresh tokens, looked up by their SHA-256. They belong to a grant, which holds the absolute
// expiry and the revocation of the whole family: a token of a revoked or expired grant is
// refused whatever its own state. Never in the change log.
class RefreshTokenRepository final {
public:
    explicit RefreshTokenRepository(std::shared_ptr<Database> db);

    // The first token of a grant: sets createdAt and idleExpiresAt; clientId defaults to the
    // grant's. `not_found` when the grant does not exist, `invalid_grant` when it is revoked or
    // expired, `invalid_request` when clientId is not the grant's client.
    Result<RefreshTokenRecord> issue(RefreshTokenRecord token, const RefreshTokenPolicy& policy);
    // Exchanges the token `oldHash` (presented by `clientId`) for a new one, `newHash`, in one
    // transaction: the old one is marked rotated and replaced. `invalid_grant` when the token is
    // unknown in the tenant, bound to another client, idle-expired, or its grant is revoked or
    // expired; ReuseDetected (and the grant revoked) when it was rotated more than
    // policy.reuseInterval ago.
    Result<RefreshRotation> rotate(const QString& tenant, const QString& clientId,
                                   const QByteArray& oldHash, const QByteArray& newHash,
                                   const RefreshTokenPolicy& policy);
    [[nodiscard]] Result<std::optional<RefreshTokenRecord>> find(const QString& tenant,
                                                                 const QByteArray& tokenHash) const;
    // Oldest first.
    [[nodiscard]] Result<QList<RefreshTokenRecord>> listForGrant(const QString& tenant,
                                                                 const QString& grantId) const;

private:
    [[nodiscard]] Result<RefreshRotation>
    rotateLocked(const QString& tenant, const QString& clientId, const QByteArray& oldHash,
                 const QByteArray& newHash, const RefreshTokenPolicy& policy);
    [[nodiscard]] Result<RefreshTokenRecord>
    insert(RefreshTokenRecord token, const GrantRecord& grant, const RefreshTokenPolicy& policy);

    std::shared_ptr<Database> m_db;
    GrantRepository m_grants;
};

} // namespace gatehouse::store
