#include "store/AuthorizationCodeRepository.h"

#include "store/Database.h"
#include "store/SqlValues.h"
#include "store/TransactionalChecks.h"

namespace gatehouse::store {
namespace {

const QString kColumns = QStringLiteral(
    "code_hash, tenant, client_id, redirect_uri, user_id, session_hash, scope, audience, nonce, "
    "code_challenge, code_challenge_method, auth_time, created_at, expires_at, redeemed_at, "
    "grant_id");

AuthorizationCodeRecord fromRow(const QSqlQuery& row) {
    AuthorizationCodeRecord code;
    code.codeHash = row.value(0).toByteArray();
    code.tenant = row.value(1).toString();
    code.clientId = row.value(2).toString();
    code.redirectUri = row.value(3).toString();
    code.userId = row.value(4).toString();
    code.sessionHash = row.value(5).toByteArray();
    code.scope = row.value(6).toString();
    code.audience = row.value(7).toString();
    code.nonce = row.value(8).toString();
    code.codeChallenge = row.value(9).toString();
    code.codeChallengeMethod = row.value(10).toString();
    code.authTime = sql::toTimestamp(row.value(11));
    code.createdAt = sql::toTimestamp(row.value(12));
    code.expiresAt = sql::toTimestamp(row.value(13));
    code.redeemedAt = sql::toTimestamp(row.value(14));
    code.grantId = row.value(15).toString();
    return code;
}

Result<void> validatePkce(const AuthorizationCodeRecord& code) {
    if (code.codeChallenge.isEmpty()) {
        if (!code.codeChallengeMethod.isEmpty())
            return validation::invalid(
                QStringLiteral("codeChallengeMethod is set without a codeChallenge"));
        return {};
    }
    return validation::oneOf(QStringLiteral("codeChallengeMethod"), code.codeChallengeMethod,
                             {QStringLiteral("S256")});
}

Result<void> validate(const AuthorizationCodeRecord& code, std::chrono::milliseconds lifetime) {
    if (Result<void> tenant = validation::tenantId(code.tenant); !tenant)
        return tenant;
    if (Result<void> hash = transactional::secretHash(QStringLiteral("codeHash"), code.codeHash);
        !hash)
        return hash;
    if (!code.sessionHash.isEmpty()) {
        if (Result<void> session =
                transactional::secretHash(QStringLiteral("sessionHash"), code.sessionHash);
            !session)
            return session;
    }
    for (const auto& [field, value] : {std::pair{QStringLiteral("clientId"), code.clientId},
                                       std::pair{QStringLiteral("redirectUri"), code.redirectUri},
                                       std::pair{QStringLiteral("userId"), code.userId}}) {
        if (Result<void> present = validation::required(field, value); !present)
            return present;
    }
    if (Result<void> positive = transactional::positive(QStringLiteral("lifetime"), lifetime);
        !positive)
        return positive;
    if (lifetime > AuthorizationCodeRepository::kMaxLifetime)
        return validation::invalid(
            QStringLiteral("an authorization code may live at most %1 seconds")
                .arg(AuthorizationCodeRepository::kMaxLifetime.count()));
    return validatePkce(code);
}

Constraints constraintsFor(const AuthorizationCodeRecord& code) {
    return {{{QStringLiteral("authorization_codes"),
              QStringLiteral("authorization_codes_pkey"),
              {QStringLiteral("code_hash")},
              Error::conflict(QStringLiteral("an authorization code with this hash exists"))}},
            Error::notFound(QStringLiteral("client '%1' or user '%2' does not exist in tenant '%3'")
                                .arg(code.clientId, code.userId, code.tenant))};
}

} // namespace

AuthorizationCodeRepository::AuthorizationCodeRepository(std::shared_ptr<Database> db)
    : m_db(std::move(db)) {}

Result<AuthorizationCodeRecord>
AuthorizationCodeRepository::create(AuthorizationCodeRecord code,
                                    std::chrono::milliseconds lifetime) {
    if (Result<void> valid = validate(code, lifetime); !valid)
        return valid.error();
    const QDateTime now = m_db->now();
    code.createdAt = now;
    code.expiresAt = transactional::after(now, lifetime);
    if (!code.authTime.isValid())
        code.authTime = now;
    code.redeemedAt = {};
    code.grantId.clear();
    Result<QSqlQuery> inserted =
        m_db->exec(QStringLiteral("INSERT INTO authorization_codes (%1) "
                                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                       .arg(kColumns),
                   {code.codeHash, code.tenant, code.clientId, code.redirectUri, code.userId,
                    sql::optionalBlob(code.sessionHash), sql::text(code.scope),
                    sql::optionalText(code.audience), sql::optionalText(code.nonce),
                    sql::optionalText(code.codeChallenge),
                    sql::optionalText(code.codeChallengeMethod), sql::timestamp(code.authTime),
                    sql::timestamp(code.createdAt), sql::timestamp(code.expiresAt),
                    sql::timestamp(code.redeemedAt), sql::optionalText(code.grantId)},
                   constraintsFor(code));
    if (!inserted)
        return inserted.error();
    return code;
}

Result<AuthorizationCodeRecord> AuthorizationCodeRepository::redeem(const QString& tenant,
                                                                    const QByteArray& codeHash) {
    // One statement decides: of concurrent redemptions, only one finds redeemed_at still NULL
    // (PostgreSQL re-checks the WHERE clause after waiting for the other's row lock; SQLite has
    // one writer at a time).
    const QVariant now = sql::timestamp(m_db->now());
    Result<std::optional<AuthorizationCodeRecord>> redeemed =
        sql::selectOne<AuthorizationCodeRecord>(
            *m_db,
            QStringLiteral("UPDATE authorization_codes SET redeemed_at = ? "
                           "WHERE code_hash = ? AND tenant = ? AND redeemed_at IS NULL "
                           "AND expires_at > ? RETURNING %1")
                .arg(kColumns),
            {now, codeHash, tenant, now}, fromRow);
    if (!redeemed)
        return redeemed.error();
    if (*redeemed)
        return std::move(**redeemed);
    return redeemFailure(tenant, codeHash);
}

// Only for the losers: redeemed_at never goes back to NULL, so this reading cannot be wrong
// about a reuse.
Error AuthorizationCodeRepository::redeemFailure(const QString& tenant,
                                                 const QByteArray& codeHash) const {
    const Result<std::optional<AuthorizationCodeRecord>> found = findByHash(tenant, codeHash);
    if (!found)
        return found.error();
    if (!*found)
        return transactional::invalidGrant(QStringLiteral("the authorization code is unknown"));
    if ((*found)->redeemedAt.isValid())
        return Error::badRequest(kAlreadyRedeemed,
                                 QStringLiteral("the authorization code was already redeemed"));
    return transactional::invalidGrant(QStringLiteral("the authorization code has expired"));
}

Result<void> AuthorizationCodeRepository::setGrant(const QString& tenant,
                                                   const QByteArray& codeHash,
                                                   const QString& grantId) {
    if (Result<void> grant = validation::required(QStringLiteral("grantId"), grantId); !grant)
        return grant;
    Result<QSqlQuery> updated =
        m_db->exec(QStringLiteral("UPDATE authorization_codes SET grant_id = ? "
                                  "WHERE code_hash = ? AND tenant = ? AND redeemed_at IS NOT NULL"),
                   {grantId, codeHash, tenant});
    if (!updated)
        return updated.error();
    if (updated->numRowsAffected() < 1)
        return Error::notFound(QStringLiteral("no redeemed authorization code with this hash "
                                              "exists in tenant '%1'")
                                   .arg(tenant));
    return {};
}

Result<std::optional<AuthorizationCodeRecord>>
AuthorizationCodeRepository::findByHash(const QString& tenant, const QByteArray& codeHash) const {
    return sql::selectOne<AuthorizationCodeRecord>(
        *m_db,
        QStringLiteral("SELECT %1 FROM authorization_codes WHERE code_hash = ? AND tenant = ?")
            .arg(kColumns),
        {codeHash, tenant}, fromRow);
}

} // namespace gatehouse::store
