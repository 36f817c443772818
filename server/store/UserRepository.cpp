#include "store/UserRepository.h"

#include "store/Database.h"
#include "store/SqlValues.h"
#include "store/Validation.h"

#include <QRandomGenerator>

namespace gatehouse::store {
namespace {

const QString kColumns =
    QStringLiteral("tenant, user_id, connection, email, username, password_hash, email_verified, "
                   "blocked, name, given_name, family_name, nickname, picture, app_metadata, "
                   "user_metadata, last_login, last_ip, logins_count, created_at, updated_at");

UserRecord fromRow(const QSqlQuery& row) {
    UserRecord user;
    user.tenant = row.value(0).toString();
    user.userId = row.value(1).toString();
    user.connection = row.value(2).toString();
    user.email = row.value(3).toString();
    user.username = row.value(4).toString();
    user.passwordHash = row.value(5).toByteArray();
    user.emailVerified = row.value(6).toBool();
    user.blocked = row.value(7).toBool();
    user.name = row.value(8).toString();
    user.givenName = row.value(9).toString();
    user.familyName = row.value(10).toString();
    user.nickname = row.value(11).toString();
    user.picture = row.value(12).toString();
    user.appMetadata = sql::toObject(row.value(13));
    user.userMetadata = sql::toObject(row.value(14));
    user.lastLogin = sql::toTimestamp(row.value(15));
    user.lastIp = row.value(16).toString();
    user.loginsCount = row.value(17).toLongLong();
    user.createdAt = sql::toTimestamp(row.value(18));
    user.updatedAt = sql::toTimestamp(row.value(19));
    return user;
}

// Auth0's shape for database users: `auth0|` and 24 lower-case hex digits (96 random bits).
QString newUserId() {
    QByteArray bytes(12, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32*>(bytes.data()),
                                          bytes.size() / int(sizeof(quint32)));
    return QStringLiteral("auth0|") + QString::fromLatin1(bytes.toHex());
}

Result<void> normalize(UserRecord& user) {
    user.email = user.email.trimmed().toLower();
    user.username = user.username.trimmed().toLower();
    if (Result<void> tenant = validation::tenantId(user.tenant); !tenant)
        return tenant;
    if (Result<void> id = validation::required(QStringLiteral("userId"), user.userId); !id)
        return id;
    if (Result<void> connection = validation::connectionName(user.connection); !connection)
        return connection;
    if (Result<void> email = validation::email(user.email); !email)
        return email;
    return validation::username(user.username);
}

Constraints constraintsFor(const UserRecord& user) {
    const QString table = QStringLiteral("users");
    return {{{table,
              QStringLiteral("users_pkey"),
              {QStringLiteral("tenant"), QStringLiteral("user_id")},
              Error::conflict(QStringLiteral("a user with id '%1' already exists in tenant '%2'")
                                  .arg(user.userId, user.tenant))},
             {table,
              QStringLiteral("users_connection_email_key"),
              {QStringLiteral("tenant"), QStringLiteral("connection"), QStringLiteral("email")},
              Error::conflict(QStringLiteral("a user with e-mail '%1' already exists in "
                                             "connection '%2' of tenant '%3'")
                                  .arg(user.email, user.connection, user.tenant))},
             {table,
              QStringLiteral("users_connection_username_key"),
              {QStringLiteral("tenant"), QStringLiteral("connection"), QStringLiteral("username")},
              Error::conflict(QStringLiteral("a user with username '%1' already exists in "
                                             "connection '%2' of tenant '%3'")
                                  .arg(user.username, user.connection, user.tenant))}},
            Error::notFound(QStringLiteral("tenant '%1' does not exist").arg(user.tenant))};
}

// The profile columns, in the order of the UPDATE's SET list, then the key.
QVariantList bindValues(const UserRecord& user) {
    return {sql::optionalText(user.email),
            sql::optionalText(user.username),
            sql::optionalBlob(user.passwordHash),
            user.emailVerified,
            user.blocked,
            sql::optionalText(user.name),
            sql::optionalText(user.givenName),
            sql::optionalText(user.familyName),
            sql::optionalText(user.nickname),
            sql::optionalText(user.picture),
            sql::json(user.appMetadata),
            sql::json(user.userMetadata),
            sql::timestamp(user.updatedAt),
            user.tenant,
            user.userId};
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
        user.userId = newUserId();
    if (Result<void> valid = normalize(user); !valid)
        return valid.error();
    // The statistics start afresh; recordLogin() alone moves them.
    user.lastLogin = {};
    user.lastIp.clear();
    user.loginsCount = 0;
    user.createdAt = user.updatedAt = m_db->now();
    return m_db->transaction<UserRecord>([&] { return insert(user); });
}

Result<UserRecord> UserRepository::insert(const UserRecord& user) {
    if (Result<void> tenant = validation::tenantExists(*m_db, user.tenant); !tenant)
        return tenant.error();
    Result<QSqlQuery> inserted = m_db->exec(
        QStringLiteral("INSERT INTO users (email, username, password_hash, email_verified, "
                       "blocked, name, given_name, family_name, nickname, picture, app_metadata, "
                       "user_metadata, updated_at, tenant, user_id, connection, created_at) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
        bindValues(user) << user.connection << sql::timestamp(user.createdAt),
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
                                                              const QString& connection,
                                                              const QString& email) const {
    const QString normalized = email.trimmed().toLower();
    if (normalized.isEmpty())
        return std::optional<UserRecord>();
    return sql::selectOne<UserRecord>(
        *m_db,
        QStringLiteral("SELECT %1 FROM users WHERE tenant = ? AND connection = ? AND email = ?")
            .arg(kColumns),
        {tenant, connection, normalized}, fromRow);
}

Result<std::optional<UserRecord>> UserRepository::findByUsername(const QString& tenant,
                                                                 const QString& connection,
                                                                 const QString& username) const {
    const QString normalized = username.trimmed().toLower();
    if (normalized.isEmpty())
        return std::optional<UserRecord>();
    return sql::selectOne<UserRecord>(
        *m_db,
        QStringLiteral("SELECT %1 FROM users WHERE tenant = ? AND connection = ? AND username = ?")
            .arg(kColumns),
        {tenant, connection, normalized}, fromRow);
}

Result<QList<UserRecord>> UserRepository::listByEmail(const QString& tenant,
                                                      const QString& email) const {
    const QString normalized = email.trimmed().toLower();
    if (normalized.isEmpty())
        return QList<UserRecord>();
    return sql::selectAll<UserRecord>(
        *m_db,
        QStringLiteral("SELECT %1 FROM users WHERE tenant = ? AND email = ? "
                       "ORDER BY connection, user_id")
            .arg(kColumns),
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

const QStringList& UserRepository::sortColumns() {
    static const QStringList columns{
        QStringLiteral("user_id"),        QStringLiteral("connection"),
        QStringLiteral("email"),          QStringLiteral("username"),
        QStringLiteral("name"),           QStringLiteral("given_name"),
        QStringLiteral("family_name"),    QStringLiteral("nickname"),
        QStringLiteral("email_verified"), QStringLiteral("blocked"),
        QStringLiteral("created_at"),     QStringLiteral("updated_at"),
        QStringLiteral("last_login"),     QStringLiteral("logins_count")};
    return columns;
}

namespace {

// `tenant = ?` first and always: the fragment only ever narrows the tenant's rows.
QString searchCondition(const QString& whereSql) {
    if (whereSql.trimmed().isEmpty())
        return QStringLiteral("tenant = ?");
    return QStringLiteral("tenant = ? AND (%1)").arg(whereSql);
}

} // namespace

Result<QList<UserRecord>> UserRepository::search(const QString& tenant, const QString& whereSql,
                                                 const QVariantList& bindings,
                                                 const QString& sortColumn, bool ascending,
                                                 int offset, int limit) const {
    if (!sortColumns().contains(sortColumn))
        return validation::invalid(
            QStringLiteral("users cannot be sorted by '%1'").arg(sortColumn));
    const QString direction = ascending ? QStringLiteral("ASC") : QStringLiteral("DESC");
    // (column IS NULL) is false/0 for values on both engines: NULLs last, whatever the direction
    // (SQLite and PostgreSQL disagree on where NULLs go by default).
    const QString sql =
        QStringLiteral("SELECT %1 FROM users WHERE %2 ORDER BY (%3 IS NULL), %3 %4, "
                       "user_id %4 LIMIT ? OFFSET ?")
            .arg(kColumns, searchCondition(whereSql), sortColumn, direction);
    QVariantList params{tenant};
    params << bindings << qMax(limit, 0) << qMax(offset, 0);
    return sql::selectAll<UserRecord>(*m_db, sql, params, fromRow);
}

Result<qint64> UserRepository::countMatching(const QString& tenant, const QString& whereSql,
                                             const QVariantList& bindings) const {
    QVariantList params{tenant};
    params << bindings;
    Result<QSqlQuery> query = m_db->exec(
        QStringLiteral("SELECT COUNT(*) FROM users WHERE %1").arg(searchCondition(whereSql)),
        params);
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
        return replace(std::move(user), **existing);
    });
}

Result<UserRecord> UserRepository::replace(UserRecord user, const UserRecord& existing) {
    if (user.connection != existing.connection)
        return validation::invalid(
            QStringLiteral("the connection of user '%1' cannot be changed (from '%2')")
                .arg(user.userId, existing.connection));
    user.createdAt = existing.createdAt;
    user.lastLogin = existing.lastLogin;
    user.lastIp = existing.lastIp;
    user.loginsCount = existing.loginsCount;
    user.updatedAt = m_db->now();
    Result<QSqlQuery> updated = m_db->exec(
        QStringLiteral("UPDATE users SET email = ?, username = ?, password_hash = ?, "
                       "email_verified = ?, blocked = ?, name = ?, given_name = ?, "
                       "family_name = ?, nickname = ?, picture = ?, app_metadata = ?, "
                       "user_metadata = ?, updated_at = ? WHERE tenant = ? AND user_id = ?"),
        bindValues(user), constraintsFor(user));
    if (!updated)
        return updated.error();
    if (Result<qint64> logged = m_changes.append(user.tenant, entity::user, user.userId,
                                                 ChangeOperation::Update, user.toJson());
        !logged)
        return logged.error();
    return user;
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

Result<void> UserRepository::recordLogin(const QString& tenant, const QString& userId,
                                         const QString& ip) {
    const Result<qint64> updated = m_db->write(
        QStringLiteral("UPDATE users SET last_login = ?, last_ip = ?, "
                       "logins_count = logins_count + 1 WHERE tenant = ? AND user_id = ?"),
        {sql::timestamp(m_db->now()), sql::optionalText(ip), tenant, userId});
    if (!updated)
        return updated.error();
    if (*updated == 0)
        return notFound(tenant, userId);
    return {};
}

} // namespace gatehouse::store
