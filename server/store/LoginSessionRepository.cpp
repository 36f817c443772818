#include "store/LoginSessionRepository.h"

#include "store/Database.h"
#include "store/SqlValues.h"
#include "store/TransactionalChecks.h"

namespace gatehouse::store {
namespace {

const QString kColumns =
    QStringLiteral("id_hash, tenant, user_id, connection, auth_time, created_at, last_active_at, "
                   "idle_expires_at, expires_at, ip, user_agent, clients");

LoginSessionRecord fromRow(const QSqlQuery& row) {
    LoginSessionRecord session;
    session.idHash = row.value(0).toByteArray();
    session.tenant = row.value(1).toString();
    session.userId = row.value(2).toString();
    session.connection = row.value(3).toString();
    session.authTime = sql::toTimestamp(row.value(4));
    session.createdAt = sql::toTimestamp(row.value(5));
    session.lastActiveAt = sql::toTimestamp(row.value(6));
    session.idleExpiresAt = sql::toTimestamp(row.value(7));
    session.expiresAt = sql::toTimestamp(row.value(8));
    session.ip = row.value(9).toString();
    session.userAgent = row.value(10).toString();
    session.clients = sql::toStringList(row.value(11));
    return session;
}

Result<void> validate(const LoginSessionRecord& session) {
    if (Result<void> tenant = validation::tenantId(session.tenant); !tenant)
        return tenant;
    if (Result<void> hash = transactional::secretHash(QStringLiteral("idHash"), session.idHash);
        !hash)
        return hash;
    if (Result<void> user = validation::required(QStringLiteral("userId"), session.userId); !user)
        return user;
    return validation::required(QStringLiteral("connection"), session.connection);
}

Constraints constraintsFor(const LoginSessionRecord& session) {
    return {{{QStringLiteral("login_sessions"),
              QStringLiteral("login_sessions_pkey"),
              {QStringLiteral("id_hash")},
              Error::conflict(QStringLiteral("a session with this id already exists"))}},
            Error::notFound(QStringLiteral("user '%1' does not exist in tenant '%2'")
                                .arg(session.userId, session.tenant))};
}

Error notFound() {
    return Error::notFound(QStringLiteral("the session does not exist or has expired"));
}

} // namespace

LoginSessionRepository::LoginSessionRepository(std::shared_ptr<Database> db)
    : m_db(std::move(db)) {}

Result<LoginSessionRecord> LoginSessionRepository::create(LoginSessionRecord session,
                                                          std::chrono::milliseconds idleTimeout,
                                                          std::chrono::milliseconds lifetime) {
    if (Result<void> valid = validate(session); !valid)
        return valid.error();
    if (Result<void> idle = transactional::positive(QStringLiteral("idleTimeout"), idleTimeout);
        !idle)
        return idle.error();
    if (Result<void> absolute = transactional::positive(QStringLiteral("lifetime"), lifetime);
        !absolute)
        return absolute.error();
    const QDateTime now = m_db->now();
    session.createdAt = session.lastActiveAt = now;
    if (!session.authTime.isValid())
        session.authTime = now;
    session.expiresAt = transactional::after(now, lifetime);
    session.idleExpiresAt = std::min(transactional::after(now, idleTimeout), session.expiresAt);
    session.clients.removeDuplicates();
    Result<QSqlQuery> inserted = m_db->exec(
        QStringLiteral(
            "INSERT INTO login_sessions (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
            .arg(kColumns),
        {session.idHash, session.tenant, session.userId, session.connection,
         sql::timestamp(session.authTime), sql::timestamp(session.createdAt),
         sql::timestamp(session.lastActiveAt), sql::timestamp(session.idleExpiresAt),
         sql::timestamp(session.expiresAt), sql::text(session.ip), sql::text(session.userAgent),
         sql::json(session.clients)},
        constraintsFor(session));
    if (!inserted)
        return inserted.error();
    return session;
}

Result<std::optional<LoginSessionRecord>>
LoginSessionRepository::findActive(const QString& tenant, const QByteArray& idHash) const {
    const QVariant now = sql::timestamp(m_db->now());
    return sql::selectOne<LoginSessionRecord>(
        *m_db,
        QStringLiteral("SELECT %1 FROM login_sessions WHERE id_hash = ? AND tenant = ? "
                       "AND idle_expires_at > ? AND expires_at > ?")
            .arg(kColumns),
        {idHash, tenant, now, now}, fromRow);
}

Result<LoginSessionRecord> LoginSessionRepository::touch(const QString& tenant,
                                                         const QByteArray& idHash,
                                                         std::chrono::milliseconds idleTimeout) {
    if (Result<void> idle = transactional::positive(QStringLiteral("idleTimeout"), idleTimeout);
        !idle)
        return idle.error();
    const QDateTime now = m_db->now();
    const QVariant idleUntil = sql::timestamp(transactional::after(now, idleTimeout));
    Result<std::optional<LoginSessionRecord>> touched = sql::selectOne<LoginSessionRecord>(
        *m_db,
        QStringLiteral(
            "UPDATE login_sessions SET last_active_at = ?, idle_expires_at = CASE "
            "WHEN expires_at < CAST(? AS BIGINT) THEN expires_at "
            "ELSE CAST(? AS BIGINT) END "
            "WHERE id_hash = ? AND tenant = ? AND idle_expires_at > ? AND expires_at > ? "
            "RETURNING %1")
            .arg(kColumns),
        {sql::timestamp(now), idleUntil, idleUntil, idHash, tenant, sql::timestamp(now),
         sql::timestamp(now)},
        fromRow);
    if (!touched)
        return touched.error();
    if (!*touched)
        return notFound();
    return std::move(**touched);
}

Result<void> LoginSessionRepository::addClient(const QString& tenant, const QByteArray& idHash,
                                               const QString& clientId) {
    if (Result<void> client = validation::required(QStringLiteral("clientId"), clientId); !client)
        return client;
    // Read and write in one transaction: writers are serialized, so no concurrent addition is lost.
    return m_db->transaction([&]() -> Result<void> {
        Result<QSqlQuery> query = m_db->exec(
            QStringLiteral("SELECT clients FROM login_sessions WHERE id_hash = ? AND tenant = ?"),
            {idHash, tenant});
        if (!query)
            return query.error();
        if (!query->next())
            return notFound();
        QStringList clients = sql::toStringList(query->value(0));
        query->finish();
        if (clients.contains(clientId))
            return {};
        clients << clientId;
        Result<QSqlQuery> updated = m_db->exec(
            QStringLiteral(
                "UPDATE login_sessions SET clients = ? WHERE id_hash = ? AND tenant = ?"),
            {sql::json(clients), idHash, tenant});
        if (!updated)
            return updated.error();
        return {};
    });
}

Result<void> LoginSessionRepository::remove(const QString& tenant, const QByteArray& idHash) {
    Result<QSqlQuery> removed =
        m_db->exec(QStringLiteral("DELETE FROM login_sessions WHERE id_hash = ? AND tenant = ?"),
                   {idHash, tenant});
    if (!removed)
        return removed.error();
    if (removed->numRowsAffected() < 1)
        return notFound();
    return {};
}

Result<int> LoginSessionRepository::removeForUser(const QString& tenant, const QString& userId) {
    Result<QSqlQuery> removed =
        m_db->exec(QStringLiteral("DELETE FROM login_sessions WHERE tenant = ? AND user_id = ?"),
                   {tenant, userId});
    if (!removed)
        return removed.error();
    return removed->numRowsAffected();
}

} // namespace gatehouse::store
