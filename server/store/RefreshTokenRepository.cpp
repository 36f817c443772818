#include "store/RefreshTokenRepository.h"

#include "store/Database.h"
#include "store/SqlValues.h"
#include "store/TransactionalChecks.h"

namespace gatehouse::store {
namespace {

const QString kColumns = QStringLiteral("token_hash, tenant, grant_id, client_id, created_at, "
                                        "idle_expires_at, rotated_at, replaced_by_hash");

RefreshTokenRecord fromRow(const QSqlQuery& row) {
    RefreshTokenRecord token;
    token.tokenHash = row.value(0).toByteArray();
    token.tenant = row.value(1).toString();
    token.grantId = row.value(2).toString();
    token.clientId = row.value(3).toString();
    token.createdAt = sql::toTimestamp(row.value(4));
    token.idleExpiresAt = sql::toTimestamp(row.value(5));
    token.rotatedAt = sql::toTimestamp(row.value(6));
    token.replacedByHash = row.value(7).toByteArray();
    return token;
}

Result<void> validate(const RefreshTokenPolicy& policy) {
    if (Result<void> idle =
            transactional::positive(QStringLiteral("idleLifetime"), policy.idleLifetime);
        !idle)
        return idle;
    if (policy.reuseInterval.count() < 0)
        return validation::invalid(QStringLiteral("reuseInterval must not be negative"));
    return {};
}

// Why a grant cannot have tokens (any more); empty when it can.
QString inactiveReason(const GrantRecord& grant, const QDateTime& now) {
    if (grant.revokedAt.isValid())
        return QStringLiteral("the grant of this refresh token was revoked (%1)")
            .arg(grant.revokedReason);
    if (now >= grant.expiresAt)
        return QStringLiteral("the grant of this refresh token has expired");
    return {};
}

} // namespace

RefreshTokenRepository::RefreshTokenRepository(std::shared_ptr<Database> db)
    : m_db(db)
    , m_grants(std::move(db)) {}

Result<RefreshTokenRecord> RefreshTokenRepository::issue(RefreshTokenRecord token,
                                                         const RefreshTokenPolicy& policy) {
    if (Result<void> valid = validate(policy); !valid)
        return valid.error();
    if (Result<void> hash = transactional::secretHash(QStringLiteral("tokenHash"), token.tokenHash);
        !hash)
        return hash.error();
    return m_db->transaction<RefreshTokenRecord>([&]() -> Result<RefreshTokenRecord> {
        const Result<std::optional<GrantRecord>> grant = m_grants.find(token.tenant, token.grantId);
        if (!grant)
            return grant.error();
        if (!*grant)
            return Error::notFound(QStringLiteral("grant '%1' does not exist in tenant '%2'")
                                       .arg(token.grantId, token.tenant));
        if (const QString inactive = inactiveReason(**grant, m_db->now()); !inactive.isEmpty())
            return transactional::invalidGrant(inactive);
        if (token.clientId.isEmpty())
            token.clientId = (*grant)->clientId;
        if (token.clientId != (*grant)->clientId)
            return validation::invalid(QStringLiteral("grant '%1' belongs to client '%2', not '%3'")
                                           .arg(token.grantId, (*grant)->clientId, token.clientId));
        return insert(std::move(token), **grant, policy);
    });
}

Result<RefreshRotation> RefreshTokenRepository::rotate(const QString& tenant,
                                                       const QString& clientId,
                                                       const QByteArray& oldHash,
                                                       const QByteArray& newHash,
                                                       const RefreshTokenPolicy& policy) {
    if (Result<void> valid = validate(policy); !valid)
        return valid.error();
    if (Result<void> hash = transactional::secretHash(QStringLiteral("newHash"), newHash); !hash)
        return hash.error();
    // Writers are serialized (Database::transaction), so what is read here stays true until the
    // commit: two rotations of one token run one after the other, the second sees it rotated.
    return m_db->transaction<RefreshRotation>(
        [&] { return rotateLocked(tenant, clientId, oldHash, newHash, policy); });
}

Result<RefreshRotation> RefreshTokenRepository::rotateLocked(const QString& tenant,
                                                             const QString& clientId,
                                                             const QByteArray& oldHash,
                                                             const QByteArray& newHash,
                                                             const RefreshTokenPolicy& policy) {
    const Result<std::optional<RefreshTokenRecord>> old = find(tenant, oldHash);
    if (!old)
        return old.error();
    if (!*old)
        return transactional::invalidGrant(QStringLiteral("the refresh token is unknown"));
    const RefreshTokenRecord& presented = **old;
    if (presented.clientId != clientId)
        return transactional::invalidGrant(
            QStringLiteral("the refresh token was issued to another client"));
    Result<std::optional<GrantRecord>> grant = m_grants.find(tenant, presented.grantId);
    if (!grant)
        return grant.error();
    if (!*grant) // the foreign key's cascade removes a grant's tokens with it
        return transactional::invalidGrant(QStringLiteral("the refresh token is unknown"));
    const QDateTime now = m_db->now();
    if (const QString inactive = inactiveReason(**grant, now); !inactive.isEmpty())
        return transactional::invalidGrant(inactive);

    if (presented.rotatedAt.isValid()) {
        // With no reuse interval every second use is reuse, also one in the same millisecond as
        // the rotation (which `now > rotatedAt + 0` would let through).
        const bool concurrentRefresh =
            policy.reuseInterval.count() > 0 &&
            now <= transactional::after(presented.rotatedAt, policy.reuseInterval);
        if (!concurrentRefresh) {
            if (Result<void> revoked =
                    m_grants.revoke(tenant, presented.grantId,
                                    QString::fromLatin1(GrantRepository::kRefreshTokenReuse));
                !revoked)
                return revoked.error();
            Result<std::optional<GrantRecord>> revokedGrant =
                m_grants.find(tenant, presented.grantId);
            if (!revokedGrant)
                return revokedGrant.error();
            return RefreshRotation{
                RefreshRotation::Outcome::ReuseDetected, revokedGrant->value_or(**grant), {}};
        }
        // Within the reuse interval: the old token keeps its first rotation time, so presenting
        // it again does not extend the interval.
    } else {
        if (now >= presented.idleExpiresAt)
            return transactional::invalidGrant(QStringLiteral("the refresh token has expired"));
        Result<QSqlQuery> marked = m_db->exec(
            QStringLiteral("UPDATE refresh_tokens SET rotated_at = ?, replaced_by_hash = ? "
                           "WHERE token_hash = ? AND rotated_at IS NULL"),
            {sql::timestamp(now), newHash, oldHash});
        if (!marked)
            return marked.error();
    }
    RefreshTokenRecord successor;
    successor.tokenHash = newHash;
    successor.tenant = tenant;
    successor.grantId = presented.grantId;
    successor.clientId = presented.clientId;
    Result<RefreshTokenRecord> issued = insert(std::move(successor), **grant, policy);
    if (!issued)
        return issued.error();
    return RefreshRotation{RefreshRotation::Outcome::Rotated, std::move(**grant),
                           std::move(issued).value()};
}

Result<RefreshTokenRecord> RefreshTokenRepository::insert(RefreshTokenRecord token,
                                                          const GrantRecord& grant,
                                                          const RefreshTokenPolicy& policy) {
    const QDateTime now = m_db->now();
    token.createdAt = now;
    token.idleExpiresAt = std::min(transactional::after(now, policy.idleLifetime), grant.expiresAt);
    token.rotatedAt = {};
    token.replacedByHash.clear();
    Result<QSqlQuery> inserted =
        m_db->exec(QStringLiteral("INSERT INTO refresh_tokens (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                       .arg(kColumns),
                   {token.tokenHash, token.tenant, token.grantId, token.clientId,
                    sql::timestamp(token.createdAt), sql::timestamp(token.idleExpiresAt),
                    sql::timestamp(token.rotatedAt), sql::optionalBlob(token.replacedByHash)},
                   {{{QStringLiteral("refresh_tokens"),
                      QStringLiteral("refresh_tokens_pkey"),
                      {QStringLiteral("token_hash")},
                      Error::conflict(QStringLiteral("a refresh token with this hash exists"))}},
                    Error::notFound(QStringLiteral("grant '%1' does not exist in tenant '%2'")
                                        .arg(token.grantId, token.tenant))});
    if (!inserted)
        return inserted.error();
    return token;
}

Result<std::optional<RefreshTokenRecord>>
RefreshTokenRepository::find(const QString& tenant, const QByteArray& tokenHash) const {
    return sql::selectOne<RefreshTokenRecord>(
        *m_db,
        QStringLiteral("SELECT %1 FROM refresh_tokens WHERE token_hash = ? AND tenant = ?")
            .arg(kColumns),
        {tokenHash, tenant}, fromRow);
}

Result<QList<RefreshTokenRecord>>
RefreshTokenRepository::listForGrant(const QString& tenant, const QString& grantId) const {
    return sql::selectAll<RefreshTokenRecord>(
        *m_db,
        QStringLiteral("SELECT %1 FROM refresh_tokens WHERE tenant = ? AND grant_id = ? "
                       "ORDER BY created_at, token_hash")
            .arg(kColumns),
        {tenant, grantId}, fromRow);
}

} // namespace gatehouse::store
