#pragma once

#include "core/Result.h"
#include "store/ChangeLog.h"
#include "store/Records.h"

#include <QList>
#include <QStringList>
#include <QVariantList>
#include <memory>
#include <optional>

namespace gatehouse::store {

class Database;

// A tenant's users. Each belongs to one connection (by name), and its e-mail address and username
// are unique in that connection only, as in Auth0: the same address may have a database user and
// an upstream one. Both are compared and stored lower-cased, so `Alice@Example.com` and
// `alice@example.com` are the same user.
//
// Profile writes (create, update, remove) are configuration and go to the change log; a login
// (recordLogin) is runtime churn and does not.
class UserRepository final {
public:
    explicit UserRepository(std::shared_ptr<Database> db);

    // Generates userId when empty (`auth0|` + 24 hex digits, a database user's id). `conflict`
    // when the id, or the e-mail or username in the connection, is taken.
    Result<UserRecord> create(UserRecord user);
    [[nodiscard]] Result<std::optional<UserRecord>> find(const QString& tenant,
                                                         const QString& userId) const;
    [[nodiscard]] Result<std::optional<UserRecord>>
    findByEmail(const QString& tenant, const QString& connection, const QString& email) const;
    [[nodiscard]] Result<std::optional<UserRecord>>
    findByUsername(const QString& tenant, const QString& connection, const QString& username) const;
    // Every user with this e-mail address, whatever its connection, ordered by connection.
    [[nodiscard]] Result<QList<UserRecord>> listByEmail(const QString& tenant,
                                                        const QString& email) const;
    // Ordered by e-mail, then id; a page of at most `limit` users starting at `offset`.
    [[nodiscard]] Result<QList<UserRecord>> list(const QString& tenant, int offset = 0,
                                                 int limit = 100) const;
    [[nodiscard]] Result<qint64> count(const QString& tenant) const;

    // A user search (Management API GET /users?q=): `whereSql` is a parenthesised condition over
    // the users table with positional `?` placeholders for `bindings`, as identity::toSql makes
    // it; empty matches every user. The store always adds `tenant = ?` with AND in front of it,
    // so no fragment can reach another tenant's rows. `sortColumn` must be one of
    // sortColumns() (`invalid_request` otherwise: it is spliced into the SQL); NULLs sort last
    // in both directions on both engines, and user_id breaks ties so that pages are stable.
    [[nodiscard]] Result<QList<UserRecord>> search(const QString& tenant, const QString& whereSql,
                                                   const QVariantList& bindings,
                                                   const QString& sortColumn, bool ascending,
                                                   int offset, int limit) const;
    // How many users search() would find without offset and limit.
    [[nodiscard]] Result<qint64> countMatching(const QString& tenant, const QString& whereSql,
                                               const QVariantList& bindings) const;
    [[nodiscard]] static const QStringList& sortColumns();
    // Replaces every field but the key, the connection (`invalid_request` when it differs),
    // createdAt and the login statistics, which are returned as stored.
    Result<UserRecord> update(UserRecord user);
    Result<void> remove(const QString& tenant, const QString& userId);

    // A successful login: sets lastLogin (now) and lastIp and increments loginsCount, in one
    // statement so that concurrent logins all count. Not in the change log (per-login churn,
    // local to the datacenter); updatedAt does not change. `not_found` for an unknown user.
    Result<void> recordLogin(const QString& tenant, const QString& userId, const QString& ip);

private:
    [[nodiscard]] Result<UserRecord> insert(const UserRecord& user);
    [[nodiscard]] Result<UserRecord> replace(UserRecord user, const UserRecord& existing);

    std::shared_ptr<Database> m_db;
    ChangeLog m_changes;
};

} // namespace gatehouse::store
