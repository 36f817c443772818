#include "store/AttackCounterRepository.h"

#include "store/Database.h"
#include "store/SqlValues.h"
#include "store/TransactionalChecks.h"

namespace gatehouse::store {
namespace {

const QString kColumns = QStringLiteral("tenant, kind, subject, user_id, failures, "
                                        "first_failure_at, last_failure_at, blocked_until");

AttackCounterRecord fromRow(const QSqlQuery& row) {
    AttackCounterRecord counter;
    counter.tenant = row.value(0).toString();
    // The CHECK constraint admits only the two names.
    counter.kind =
        attackCounterKindFromString(row.value(1).toString()).value_or(AttackCounterKind::Ip);
    counter.subject = row.value(2).toString();
    counter.userId = row.value(3).toString();
    counter.failures = row.value(4).toInt();
    counter.firstFailureAt = sql::toTimestamp(row.value(5));
    counter.lastFailureAt = sql::toTimestamp(row.value(6));
    counter.blockedUntil = sql::toTimestamp(row.value(7));
    return counter;
}

// The user of a UserIp subject "<user id>|<ip>": IPs have no '|', user ids may.
Result<QString> userOf(AttackCounterKind kind, const QString& subject) {
    if (kind != AttackCounterKind::UserIp)
        return QString();
    const qsizetype separator = subject.lastIndexOf(QLatin1Char('|'));
    if (separator <= 0 || separator == subject.size() - 1)
        return validation::invalid(
            QStringLiteral("a user_ip subject is '<user id>|<ip>', not '%1'").arg(subject));
    return subject.left(separator);
}

// Whether the stored counter starts over: no block in force, and either the window has passed
// or an earlier block has ended. Parameters: now, window start.
const QString kStartsOver = QStringLiteral(
    "((attack_counters.blocked_until IS NULL OR attack_counters.blocked_until <= ?) AND "
    "(attack_counters.first_failure_at <= ? OR attack_counters.blocked_until IS NOT NULL))");

} // namespace

AttackCounterRepository::AttackCounterRepository(std::shared_ptr<Database> db)
    : m_db(std::move(db)) {}

QString AttackCounterRepository::userIpSubject(const QString& userId, const QString& ip) {
    return userId + QLatin1Char('|') + ip;
}

Result<AttackCounterRecord>
AttackCounterRepository::recordFailure(const QString& tenant, AttackCounterKind kind,
                                       const QString& subject, std::chrono::milliseconds window,
                                       int threshold, std::chrono::milliseconds blockFor) {
    if (Result<void> valid = validation::tenantId(tenant); !valid)
        return valid.error();
    if (Result<void> valid = validation::required(QStringLiteral("subject"), subject); !valid)
        return valid.error();
    if (Result<void> valid = transactional::positive(QStringLiteral("window"), window); !valid)
        return valid.error();
    if (Result<void> valid = transactional::positive(QStringLiteral("blockFor"), blockFor); !valid)
        return valid.error();
    if (threshold < 1)
        return validation::invalid(QStringLiteral("threshold must be at least 1"));
    const Result<QString> userId = userOf(kind, subject);
    if (!userId)
        return userId.error();

    const QDateTime now = m_db->now();
    const QVariant at = sql::timestamp(now);
    const QVariant windowStart = sql::timestamp(now.addMSecs(-window.count()));
    const QVariant blockedUntil = sql::timestamp(transactional::after(now, blockFor));
    const QString failures =
        QStringLiteral("(CASE WHEN %1 THEN 1 ELSE attack_counters.failures + 1 END)")
            .arg(kStartsOver);
    // The SET expressions all see the row as it was before this statement.
    const QString sql =
        QStringLiteral(
            "INSERT INTO attack_counters (%1) VALUES (?, ?, ?, ?, 1, ?, ?, ?) "
            "ON CONFLICT (tenant, kind, subject) DO UPDATE SET "
            "failures = %2, "
            "first_failure_at = CASE WHEN %3 THEN excluded.first_failure_at "
            "ELSE attack_counters.first_failure_at END, "
            "last_failure_at = excluded.last_failure_at, "
            "blocked_until = CASE WHEN attack_counters.blocked_until > excluded.last_failure_at "
            "THEN attack_counters.blocked_until "
            "WHEN %2 >= CAST(? AS INTEGER) THEN CAST(? AS BIGINT) ELSE NULL END "
            "RETURNING %1")
            .arg(kColumns, failures, kStartsOver);
    const QVariantList params{tenant, toString(kind), subject, sql::optionalText(*userId), at, at,
                              threshold <= 1 ? blockedUntil : sql::timestamp({}),
                              // failures = ...
                              at, windowStart,
                              // first_failure_at = ...
                              at, windowStart,
                              // blocked_until = ...
                              at, windowStart, threshold, blockedUntil};
    Result<QSqlQuery> counted =
        m_db->exec(sql, params,
                   {{},
                    Error::notFound(userId->isEmpty()
                                        ? QStringLiteral("tenant '%1' does not exist").arg(tenant)
                                        : QStringLiteral("user '%1' does not exist in tenant '%2'")
                                              .arg(*userId, tenant))});
    if (!counted)
        return counted.error();
    if (!counted->next())
        return Error::internal(QStringLiteral("counting a failure returned no row"));
    AttackCounterRecord counter = fromRow(*counted);
    counted->finish();
    return counter;
}

Result<void> AttackCounterRepository::reset(const QString& tenant, AttackCounterKind kind,
                                            const QString& subject) {
    Result<QSqlQuery> removed = m_db->exec(
        QStringLiteral("DELETE FROM attack_counters WHERE tenant = ? AND kind = ? AND subject = ?"),
        {tenant, toString(kind), subject});
    if (!removed)
        return removed.error();
    return {};
}

Result<std::optional<AttackCounterRecord>>
AttackCounterRepository::find(const QString& tenant, AttackCounterKind kind,
                              const QString& subject) const {
    return sql::selectOne<AttackCounterRecord>(
        *m_db,
        QStringLiteral("SELECT %1 FROM attack_counters WHERE tenant = ? AND kind = ? "
                       "AND subject = ?")
            .arg(kColumns),
        {tenant, toString(kind), subject}, fromRow);
}

Result<bool> AttackCounterRepository::isBlocked(const QString& tenant, AttackCounterKind kind,
                                                const QString& subject) const {
    return sql::exists(*m_db,
                       QStringLiteral("SELECT 1 FROM attack_counters WHERE tenant = ? AND kind = ? "
                                      "AND subject = ? AND blocked_until > ?"),
                       {tenant, toString(kind), subject, sql::timestamp(m_db->now())});
}

Result<int> AttackCounterRepository::unblockUser(const QString& tenant, const QString& userId) {
    Result<QSqlQuery> removed =
        m_db->exec(QStringLiteral("DELETE FROM attack_counters WHERE tenant = ? AND user_id = ?"),
                   {tenant, userId});
    if (!removed)
        return removed.error();
    return removed->numRowsAffected();
}

Result<QList<AttackCounterRecord>>
AttackCounterRepository::listBlocksForUser(const QString& tenant, const QString& userId) const {
    return sql::selectAll<AttackCounterRecord>(
        *m_db,
        QStringLiteral("SELECT %1 FROM attack_counters WHERE tenant = ? AND user_id = ? "
                       "AND blocked_until > ? ORDER BY subject")
            .arg(kColumns),
        {tenant, userId, sql::timestamp(m_db->now())}, fromRow);
}

} // namespace gatehouse::store
