#pragma once

#include "core/Result.h"
#include "store/ChangeLog.h"
#include "store/Records.h"

#include <QList>
#include <memory>
#include <optional>

namespace gatehouse::store {

class Database;

// A tenant's users (of its database connection). E-mail addresses are compared and stored
// lower-cased, so `Alice@Example.com` and `alice@example.com` are the same user.
class UserRepository final {
public:
    explicit UserRepository(std::shared_ptr<Database> db);

    // Generates userId when empty. `conflict` when the id or the e-mail is taken in the tenant.
    Result<UserRecord> create(UserRecord user);
    [[nodiscard]] Result<std::optional<UserRecord>> find(const QString& tenant,
                                                         const QString& userId) const;
    [[nodiscard]] Result<std::optional<UserRecord>> findByEmail(const QString& tenant,
                                                                const QString& email) const;
    // Ordered by e-mail, then id; a page of at most `limit` users starting at `offset`.
    [[nodiscard]] Result<QList<UserRecord>> list(const QString& tenant, int offset = 0,
                                                 int limit = 100) const;
    [[nodiscard]] Result<qint64> count(const QString& tenant) const;
    // Replaces every field but the key and createdAt.
    Result<UserRecord> update(UserRecord user);
    Result<void> remove(const QString& tenant, const QString& userId);

private:
    [[nodiscard]] Result<UserRecord> insert(const UserRecord& user);

    std::shared_ptr<Database> m_db;
    ChangeLog m_changes;
};

} // namespace gatehouse::store
