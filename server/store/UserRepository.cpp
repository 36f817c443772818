#include "store/UserRepository.h"

#include "store/Database.h"
#include "store/SqlValues.h"
#include "store/Validation.h"

namespace gatehouse::store {
namespace {

const QString kColumns =
    QStringLiteral("tenant, user_id, email, password_hash, email_verified, app_metadata, "
                   "user_metadata, created_at, updated_at");

UserRecord fromRow(const QSqlQuery& row) {
    UserRecord user;
    user.tenant = row.value(0).toString();
    user.userId = row.value(1).toString();
    user.email = row.value(2).toString();
    user.passwordHash = row.value(3).toByteArray();
    user.emailVerified = row.value(4).toBool();
    user.appMetadata = sql::toObject(row.value(5));
    user.userMetadata = sql::toObject(row.value(6));
    user.createdAt = sql::toTimestamp(row.value(7));
    user.updatedAt = sql::toTimestamp(row.value(8));
    return user;
}

Result<void> normalize(UserRecord& user) {
    user.email = user.email.trimmed().toLower();
    if (Result<void> tenant = validation::tenantId(user.tenant); !tenant)
        return tenant;
    if (Result<void> id = validation::required(QStringLiteral("userId"), user.userId); !id)
        return id;
    return validation::email(user.email);
}

Constraints constraintsFor(const UserRecord& user) {
    const QString table = QStringLiteral("users");
    return {
        {{table,
          QStringLiteral("users_pkey"),
          {QStringLiteral("tenant"), QStringLiteral("user_id")},
          Error::conflict(QStringLiteral("a user with id '%1' already exists in tenant '%2'")
                              .arg(user.userId, user.tenant))},
         {table,
          QStringLiteral("users_email_key"),
          {QStringLiteral("tenant"), QStringLiteral("email")},
          Error::conflict(QStringLiteral("a user with e-mail '%1' already exists in tenant '%2'")
                              .arg(user.email, user.tenant))}},
        Error::notFound(QStringLiteral("tenant '%1' does not exist").arg(user.tenant))};
}

Error notFound(const QString& tenant, const QString& userId) {
    return Error::notFound(
        QStringLiteral("user '%1' does not exist in tenant '%2'").arg(userId, tenant));
}

} // namespace

UserRepository::UserRepository(std::shared_ptr<Database> db)
    : m_db(db)
    , m_changes(std::move(db)) {}

Result<UserRecord> UserRepository::create(UserRecord user) {
    if (user.userId.isEmpty())
        user.userId = sql::randomId(QStringLiteral("auth0|"), 24);
    if (Result<void> valid = normalize(user); !valid)
        return valid.error();
    user.createdAt = user.updatedAt = m_db->now();
    return m_db->transaction<UserRecord>([&] { return insert(user); });
}

Result<UserRecord> UserRepository::insert(const UserRecord& user) {
    if (Result<void> tenant = validation::tenantExists(*m_db, user.tenant); !tenant)
        return tenant.error();
    Result<QSqlQuery> inserted = m_db->exec(
        QStringLiteral("INSERT INTO users (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)").arg(kColumns),
        {user.tenant, user.userId, sql::optionalText(user.email),
         sql::optionalBlob(user.passwordHash), user.emailVerified, sql::json(user.appMetadata),
         sql::json(user.userMetadata), sql::timestamp(user.createdAt),
         sql::timestamp(user.updatedAt)},
        constraintsFor(user));
    if (!inserted)
        return inserted.error();
    if (Result<qint64> logged = m_changes.append(user.tenant, entity::user, user.userId,
                                                 ChangeOperation::Create, user.toJson());
        !logged)
        return logged.error();
    return user;
}

Result<std::optional<UserRecord>> UserRepository::find(const QString& tenant,
                                                       const QString& userId) const {
    return sql::selectOne<UserRecord>(
        *m_db,
        QStringLiteral("SELECT %1 FROM users WHERE tenant = ? AND user_id = ?").arg(kColumns),
        {tenant, userId}, fromRow);
}

Result<std::optional<UserRecord>> UserRepository::findByEmail(const QString& tenant,
                                                              const QString& email) const {
    const QString normalized = email.trimmed().toLower();
    if (normalized.isEmpty())
        return std::optional<UserRecord>();
    return sql::selectOne<UserRecord>(
        *m_db, QStringLiteral("SELECT %1 FROM users WHERE tenant = ? AND email = ?").arg(kColumns),
        {tenant, normalized}, fromRow);
}

Result<QList<UserRecord>> UserRepository::list(const QString& tenant, int offset, int limit) const {
    return sql::selectAll<UserRecord>(
        *m_db,
        QStringLiteral("SELECT %1 FROM users WHERE tenant = ? ORDER BY email, user_id "
                       "LIMIT ? OFFSET ?")
            .arg(kColumns),
        {tenant, qMax(limit, 0), qMax(offset, 0)}, fromRow);
}

Result<qint64> UserRepository::count(const QString& tenant) const {
    Result<QSqlQuery> query =
        m_db->exec(QStringLiteral("SELECT COUNT(*) FROM users WHERE tenant = ?"), {tenant});
    if (!query)
        return query.error();
    return query->next() ? query->value(0).toLongLong() : qint64(0);
}

Result<UserRecord> UserRepository::update(UserRecord user) {
    if (Result<void> valid = normalize(user); !valid)
        return valid.error();
    return m_db->transaction<UserRecord>([&]() -> Result<UserRecord> {
        const Result<std::optional<UserRecord>> existing = find(user.tenant, user.userId);
        if (!existing)
            return existing.error();
        if (!*existing)
            return notFound(user.tenant, user.userId);
        user.createdAt = (*existing)->createdAt;
        user.updatedAt = m_db->now();
        Result<QSqlQuery> updated = m_db->exec(
            QStringLiteral("UPDATE users SET email = ?, password_hash = ?, email_verified = ?, "
                           "app_metadata = ?, user_metadata = ?, updated_at = ? "
                           "WHERE tenant = ? AND user_id = ?"),
            {sql::optionalText(user.email), sql::optionalBlob(user.passwordHash),
             user.emailVerified, sql::json(user.appMetadata), sql::json(user.userMetadata),
             sql::timestamp(user.updatedAt), user.tenant, user.userId},
            constraintsFor(user));
        if (!updated)
            return updated.error();
        if (Result<qint64> logged = m_changes.append(user.tenant, entity::user, user.userId,
                                                     ChangeOperation::Update, user.toJson());
            !logged)
            return logged.error();
        return user;
    });
}

Result<void> UserRepository::remove(const QString& tenant, const QString& userId) {
    return m_db->transaction([&]() -> Result<void> {
        const Result<std::optional<UserRecord>> existing = find(tenant, userId);
        if (!existing)
            return existing.error();
        if (!*existing)
            return notFound(tenant, userId);
        Result<QSqlQuery> removed = m_db->exec(
            QStringLiteral("DELETE FROM users WHERE tenant = ? AND user_id = ?"), {tenant, userId});
        if (!removed)
            return removed.error();
        if (Result<qint64> logged = m_changes.append(
                tenant, entity::user, userId, ChangeOperation::Delete, (*existing)->toJson());
            !logged)
            return logged.error();
        return {};
    });
}

} // namespace gatehouse::store
