#include "store/SigningKeyRepository.h"

#include "store/Database.h"
#include "store/SqlValues.h"
#include "store/Validation.h"

namespace gatehouse::store {
namespace {

const QString kColumns = QStringLiteral("tenant, kid, algorithm, status, sealed_private_key, "
                                        "public_jwk, created_at, activated_at, retired_at");

SigningKeyRecord fromRow(const QSqlQuery& row) {
    SigningKeyRecord key;
    key.tenant = row.value(0).toString();
    key.kid = row.value(1).toString();
    key.algorithm = row.value(2).toString();
    // The CHECK constraint admits only the four names.
    key.status = keyStatusFromString(row.value(3).toString()).value_or(KeyStatus::Revoked);
    key.sealedPrivateKey = row.value(4).toByteArray();
    key.publicJwk = sql::toObject(row.value(5));
    key.createdAt = sql::toTimestamp(row.value(6));
    key.activatedAt = sql::toTimestamp(row.value(7));
    key.retiredAt = sql::toTimestamp(row.value(8));
    return key;
}

Result<void> validate(const SigningKeyRecord& key) {
    if (Result<void> tenant = validation::tenantId(key.tenant); !tenant)
        return tenant;
    if (Result<void> kid = validation::required(QStringLiteral("kid"), key.kid); !kid)
        return kid;
    if (key.sealedPrivateKey.isEmpty())
        return validation::invalid(QStringLiteral("sealedPrivateKey is required"));
    return validation::oneOf(QStringLiteral("algorithm"), key.algorithm,
                             validation::signingAlgorithms());
}

void stamp(SigningKeyRecord& key, const QDateTime& now) {
    if (key.status == KeyStatus::Current && !key.activatedAt.isValid())
        key.activatedAt = now;
    if ((key.status == KeyStatus::Previous || key.status == KeyStatus::Revoked) &&
        !key.retiredAt.isValid())
        key.retiredAt = now;
}

Constraints constraintsFor(const SigningKeyRecord& key) {
    const QString table = QStringLiteral("signing_keys");
    return {{{table,
              QStringLiteral("signing_keys_pkey"),
              {QStringLiteral("tenant"), QStringLiteral("kid")},
              Error::conflict(QStringLiteral("a signing key with kid '%1' already exists in "
                                             "tenant '%2'")
                                  .arg(key.kid, key.tenant))},
             {table,
              QStringLiteral("signing_keys_current_key"),
              {QStringLiteral("tenant")},
              Error::conflict(QStringLiteral("tenant '%1' already has a current signing key: "
                                             "demote it before promoting '%2'")
                                  .arg(key.tenant, key.kid))}},
            Error::notFound(QStringLiteral("tenant '%1' does not exist").arg(key.tenant))};
}

Error notFound(const QString& tenant, const QString& kid) {
    return Error::notFound(
        QStringLiteral("signing key '%1' does not exist in tenant '%2'").arg(kid, tenant));
}

} // namespace

SigningKeyRepository::SigningKeyRepository(std::shared_ptr<Database> db)
    : m_db(db)
    , m_changes(std::move(db)) {}

Result<SigningKeyRecord> SigningKeyRepository::create(SigningKeyRecord key) {
    if (Result<void> valid = validate(key); !valid)
        return valid.error();
    key.createdAt = m_db->now();
    stamp(key, key.createdAt);
    return m_db->transaction<SigningKeyRecord>([&] { return insert(key); });
}

Result<SigningKeyRecord> SigningKeyRepository::insert(const SigningKeyRecord& key) {
    if (Result<void> tenant = validation::tenantExists(*m_db, key.tenant); !tenant)
        return tenant.error();
    Result<QSqlQuery> inserted = m_db->exec(
        QStringLiteral("INSERT INTO signing_keys (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
            .arg(kColumns),
        {key.tenant, key.kid, key.algorithm, toString(key.status), key.sealedPrivateKey,
         sql::json(key.publicJwk), sql::timestamp(key.createdAt), sql::timestamp(key.activatedAt),
         sql::timestamp(key.retiredAt)},
        constraintsFor(key));
    if (!inserted)
        return inserted.error();
    if (Result<qint64> logged = m_changes.append(key.tenant, entity::signingKey, key.kid,
                                                 ChangeOperation::Create, key.toJson());
        !logged)
        return logged.error();
    return key;
}

Result<std::optional<SigningKeyRecord>> SigningKeyRepository::find(const QString& tenant,
                                                                   const QString& kid) const {
    return sql::selectOne<SigningKeyRecord>(
        *m_db,
        QStringLiteral("SELECT %1 FROM signing_keys WHERE tenant = ? AND kid = ?").arg(kColumns),
        {tenant, kid}, fromRow);
}

Result<std::optional<SigningKeyRecord>>
SigningKeyRepository::findCurrent(const QString& tenant) const {
    return sql::selectOne<SigningKeyRecord>(
        *m_db,
        QStringLiteral("SELECT %1 FROM signing_keys WHERE tenant = ? AND status = 'current'")
            .arg(kColumns),
        {tenant}, fromRow);
}

Result<QList<SigningKeyRecord>> SigningKeyRepository::listForTenant(const QString& tenant) const {
    return sql::selectAll<SigningKeyRecord>(
        *m_db,
        QStringLiteral("SELECT %1 FROM signing_keys WHERE tenant = ? ORDER BY created_at, kid")
            .arg(kColumns),
        {tenant}, fromRow);
}

Result<SigningKeyRecord> SigningKeyRepository::setStatus(const QString& tenant, const QString& kid,
                                                         KeyStatus status) {
    return m_db->transaction<SigningKeyRecord>([&]() -> Result<SigningKeyRecord> {
        Result<std::optional<SigningKeyRecord>> existing = find(tenant, kid);
        if (!existing)
            return existing.error();
        if (!*existing)
            return notFound(tenant, kid);
        return changeStatus(std::move(**existing), status);
    });
}

Result<SigningKeyRecord> SigningKeyRepository::changeStatus(SigningKeyRecord key,
                                                            KeyStatus status) {
    if (key.status == status)
        return key;
    if (key.status == KeyStatus::Revoked)
        return validation::invalid(
            QStringLiteral("signing key '%1' is revoked and cannot become %2")
                .arg(key.kid, toString(status)));
    key.status = status;
    stamp(key, m_db->now());
    Result<QSqlQuery> updated = m_db->exec(
        QStringLiteral("UPDATE signing_keys SET status = ?, activated_at = ?, retired_at = ? "
                       "WHERE tenant = ? AND kid = ?"),
        {toString(key.status), sql::timestamp(key.activatedAt), sql::timestamp(key.retiredAt),
         key.tenant, key.kid},
        constraintsFor(key));
    if (!updated)
        return updated.error();
    if (Result<qint64> logged = m_changes.append(key.tenant, entity::signingKey, key.kid,
                                                 ChangeOperation::Update, key.toJson());
        !logged)
        return logged.error();
    return key;
}

Result<void> SigningKeyRepository::remove(const QString& tenant, const QString& kid) {
    return m_db->transaction([&]() -> Result<void> {
        const Result<std::optional<SigningKeyRecord>> existing = find(tenant, kid);
        if (!existing)
            return existing.error();
        if (!*existing)
            return notFound(tenant, kid);
        Result<QSqlQuery> removed = m_db->exec(
            QStringLiteral("DELETE FROM signing_keys WHERE tenant = ? AND kid = ?"), {tenant, kid});
        if (!removed)
            return removed.error();
        if (Result<qint64> logged = m_changes.append(
                tenant, entity::signingKey, kid, ChangeOperation::Delete, (*existing)->toJson());
            !logged)
            return logged.error();
        return {};
    });
}

} // namespace gatehouse::store
