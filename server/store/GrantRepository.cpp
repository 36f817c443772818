#include "store/GrantRepository.h"

#include "store/Database.h"
#include "store/SqlValues.h"
#include "store/TransactionalChecks.h"

namespace gatehouse::store {
namespace {

const QString kColumns = QStringLiteral(
    "tenant, id, client_id, user_id, session_hash, code_hash, scope, audience, auth_time, "
    "created_at, expires_at, revoked_at, revoked_reason");

GrantRecord fromRow(const QSqlQuery& row) {
    GrantRecord grant;
    grant.tenant = row.value(0).toString();
    grant.id = row.value(1).toString();
    grant.clientId = row.value(2).toString();
    grant.userId = row.value(3).toString();
    grant.sessionHash = row.value(4).toByteArray();
    grant.codeHash = row.value(5).toByteArray();
    grant.scope = row.value(6).toString();
    grant.audience = row.value(7).toString();
    grant.authTime = sql::toTimestamp(row.value(8));
    grant.createdAt = sql::toTimestamp(row.value(9));
    grant.expiresAt = sql::toTimestamp(row.value(10));
    grant.revokedAt = sql::toTimestamp(row.value(11));
    grant.revokedReason = row.value(12).toString();
    return grant;
}

Result<void> validate(const GrantRecord& grant, std::chrono::milliseconds lifetime) {
    if (Result<void> tenant = validation::tenantId(grant.tenant); !tenant)
        return tenant;
    if (Result<void> client = validation::required(QStringLiteral("clientId"), grant.clientId);
        !client)
        return client;
    if (Result<void> user = validation::required(QStringLiteral("userId"), grant.userId); !user)
        return user;
    for (const auto& [field, hash] : {std::pair{QStringLiteral("sessionHash"), grant.sessionHash},
                                      std::pair{QStringLiteral("codeHash"), grant.codeHash}}) {
        if (hash.isEmpty())
            continue;
        if (Result<void> valid = transactional::secretHash(field, hash); !valid)
            return valid;
    }
    return transactional::positive(QStringLiteral("lifetime"), lifetime);
}

Result<void> validateReason(const QString& reason) {
    return validation::required(QStringLiteral("reason"), reason);
}

} // namespace

GrantRepository::GrantRepository(std::shared_ptr<Database> db)
    : m_db(std::move(db)) {}

Result<GrantRecord> GrantRepository::create(GrantRecord grant, std::chrono::milliseconds lifetime) {
    if (Result<void> valid = validate(grant, lifetime); !valid)
        return valid.error();
    grant.id = sql::randomId(QStringLiteral("gr_"), 24);
    const QDateTime now = m_db->now();
    grant.createdAt = now;
    grant.expiresAt = transactional::after(now, lifetime);
    if (!grant.authTime.isValid())
        grant.authTime = now;
    grant.revokedAt = {};
    grant.revokedReason.clear();
    const Result<qint64> inserted = m_db->write(
        QStringLiteral("INSERT INTO grants (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
            .arg(kColumns),
        {grant.tenant, grant.id, grant.clientId, grant.userId, sql::optionalBlob(grant.sessionHash),
         sql::optionalBlob(grant.codeHash), sql::text(grant.scope),
         sql::optionalText(grant.audience), sql::timestamp(grant.authTime),
         sql::timestamp(grant.createdAt), sql::timestamp(grant.expiresAt),
         sql::timestamp(grant.revokedAt), sql::optionalText(grant.revokedReason)},
        {{},
         Error::notFound(QStringLiteral("client '%1' or user '%2' does not exist in tenant '%3'")
                             .arg(grant.clientId, grant.userId, grant.tenant))});
    if (!inserted)
        return inserted.error();
    return grant;
}

Result<std::optional<GrantRecord>> GrantRepository::find(const QString& tenant,
                                                         const QString& id) const {
    return sql::selectOne<GrantRecord>(
        *m_db, QStringLiteral("SELECT %1 FROM grants WHERE tenant = ? AND id = ?").arg(kColumns),
        {tenant, id}, fromRow);
}

Result<bool> GrantRepository::isActive(const QString& tenant, const QString& id) const {
    return sql::exists(*m_db,
                       QStringLiteral("SELECT 1 FROM grants WHERE tenant = ? AND id = ? "
                                      "AND revoked_at IS NULL AND expires_at > ?"),
                       {tenant, id, sql::timestamp(m_db->now())});
}

Result<void> GrantRepository::revoke(const QString& tenant, const QString& id,
                                     const QString& reason) {
    const Result<int> revoked =
        revokeWhere(QStringLiteral("tenant = ? AND id = ?"), {tenant, id}, reason);
    if (!revoked)
        return revoked.error();
    if (*revoked > 0)
        return {};
    const Result<bool> exists = sql::exists(
        *m_db, QStringLiteral("SELECT 1 FROM grants WHERE tenant = ? AND id = ?"), {tenant, id});
    if (!exists)
        return exists.error();
    if (!*exists)
        return Error::notFound(
            QStringLiteral("grant '%1' does not exist in tenant '%2'").arg(id, tenant));
    return {};
}

Result<int> GrantRepository::revokeForSession(const QString& tenant, const QByteArray& sessionHash,
                                              const QString& reason) {
    return revokeWhere(QStringLiteral("tenant = ? AND session_hash = ?"), {tenant, sessionHash},
                       reason);
}

Result<int> GrantRepository::revokeForUserAndClient(const QString& tenant, const QString& userId,
                                                    const QString& clientId,
                                                    const QString& reason) {
    return revokeWhere(QStringLiteral("tenant = ? AND user_id = ? AND client_id = ?"),
                       {tenant, userId, clientId}, reason);
}

Result<int> GrantRepository::revokeForUser(const QString& tenant, const QString& userId,
                                           const QString& reason) {
    return revokeWhere(QStringLiteral("tenant = ? AND user_id = ?"), {tenant, userId}, reason);
}

Result<int> GrantRepository::revokeWhere(const QString& condition, QVariantList params,
                                         const QString& reason) {
    if (Result<void> valid = validateReason(reason); !valid)
        return valid.error();
    params.prepend(reason);
    params.prepend(sql::timestamp(m_db->now()));
    Result<QSqlQuery> revoked =
        m_db->exec(QStringLiteral("UPDATE grants SET revoked_at = ?, revoked_reason = ? "
                                  "WHERE %1 AND revoked_at IS NULL")
                       .arg(condition),
                   params);
    if (!revoked)
        return revoked.error();
    return revoked->numRowsAffected();
}

} // namespace gatehouse::store
