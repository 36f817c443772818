#include "store/PasswordResetRepository.h"

#include "store/Database.h"
#include "store/SqlValues.h"
#include "store/TransactionalChecks.h"

namespace gatehouse::store {
namespace {

const QString kColumns =
    QStringLiteral("token_hash, tenant, user_id, created_at, expires_at, used_at, purpose, email");

PasswordResetRecord fromRow(const QSqlQuery& row) {
    PasswordResetRecord reset;
    reset.tokenHash = row.value(0).toByteArray();
    reset.tenant = row.value(1).toString();
    reset.userId = row.value(2).toString();
    reset.createdAt = sql::toTimestamp(row.value(3));
    reset.expiresAt = sql::toTimestamp(row.value(4));
    reset.usedAt = sql::toTimestamp(row.value(5));
    reset.purpose = row.value(6).toString();
    reset.email = row.value(7).toString();
    return reset;
}

} // namespace

PasswordResetRepository::PasswordResetRepository(std::shared_ptr<Database> db)
    : m_db(std::move(db)) {}

Result<PasswordResetRecord> PasswordResetRepository::create(PasswordResetRecord reset,
                                                            std::chrono::milliseconds lifetime) {
    if (Result<void> valid = validation::tenantId(reset.tenant); !valid)
        return valid.error();
    if (Result<void> valid =
            transactional::secretHash(QStringLiteral("tokenHash"), reset.tokenHash);
        !valid)
        return valid.error();
    if (Result<void> valid = validation::required(QStringLiteral("userId"), reset.userId); !valid)
        return valid.error();
    if (Result<void> valid = transactional::positive(QStringLiteral("lifetime"), lifetime); !valid)
        return valid.error();
    if (Result<void> valid =
            validation::oneOf(QStringLiteral("purpose"), reset.purpose,
                              {QString(kPasswordReset), QString(kEmailVerification)});
        !valid)
        return valid.error();
    reset.createdAt = m_db->now();
    reset.expiresAt = transactional::after(reset.createdAt, lifetime);
    reset.usedAt = {};
    Result<QSqlQuery> inserted = m_db->exec(
        QStringLiteral("INSERT INTO password_resets (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
            .arg(kColumns),
        {reset.tokenHash, reset.tenant, reset.userId, sql::timestamp(reset.createdAt),
         sql::timestamp(reset.expiresAt), sql::timestamp(reset.usedAt), reset.purpose,
         sql::optionalText(reset.email)},
        {{{QStringLiteral("password_resets"),
           QStringLiteral("password_resets_pkey"),
           {QStringLiteral("token_hash")},
           Error::conflict(QStringLiteral("a password reset token with this hash exists"))}},
         Error::notFound(QStringLiteral("user '%1' does not exist in tenant '%2'")
                             .arg(reset.userId, reset.tenant))});
    if (!inserted)
        return inserted.error();
    return reset;
}

Result<PasswordResetRecord> PasswordResetRepository::consume(const QString& tenant,
                                                             const QByteArray& tokenHash,
                                                             QLatin1String purpose) {
    const QVariant now = sql::timestamp(m_db->now());
    Result<std::optional<PasswordResetRecord>> consumed = sql::selectOne<PasswordResetRecord>(
        *m_db,
        QStringLiteral("UPDATE password_resets SET used_at = ? WHERE token_hash = ? AND tenant = ? "
                       "AND purpose = ? AND used_at IS NULL AND expires_at > ? RETURNING %1")
            .arg(kColumns),
        {now, tokenHash, tenant, QString(purpose), now}, fromRow);
    if (!consumed)
        return consumed.error();
    if (!*consumed)
        return Error::badRequest(kInvalidToken,
                                 QStringLiteral("the link is invalid, has expired or was already "
                                                "used"));
    return std::move(**consumed);
}

Result<int> PasswordResetRepository::removeForUser(const QString& tenant, const QString& userId,
                                                   QLatin1String purpose) {
    Result<QSqlQuery> removed = m_db->exec(
        QStringLiteral(
            "DELETE FROM password_resets WHERE tenant = ? AND user_id = ? AND purpose = ?"),
        {tenant, userId, QString(purpose)});
    if (!removed)
        return removed.error();
    return removed->numRowsAffected();
}

} // namespace gatehouse::store
