#pragma once

#include "core/Result.h"
#include "store/Records.h"

#include <QLatin1String>
#include <QList>
#include <memory>

namespace gatehouse::store {

class Database;

enum class ChangeOperation { Create, Update, Delete };

[[nodiscard]] QString toString(ChangeOperation operation);

// Entity names as they appear in ChangeRecord::entity.
namespace entity {
inline constexpr QLatin1String tenant{"tenant"};
inline constexpr QLatin1String client{"client"};
inline constexpr QLatin1String resourceServer{"resource_server"};
inline constexpr QLatin1String clientGrant{"client_grant"};
inline constexpr QLatin1String signingKey{"signing_key"};
inline constexpr QLatin1String connection{"connection"};
inline constexpr QLatin1String user{"user"};
inline constexpr QLatin1String identity{"identity"};
inline constexpr QLatin1String setting{"setting"};
inline constexpr QLatin1String administrator{"administrator"};
} // namespace entity

// The configuration change log: every configuration write appends a record in the same
// transaction, and replication to the standby datacenter and cache invalidation on every node
// read it back in order with since().
//
// Sequences are strictly increasing in commit order (writers are serialized, see
// Database::transaction), so a reader that remembers the last sequence it saw never misses a
// change. They are not gap-free: a rolled-back write consumes a number on PostgreSQL.
//
// A delete also removes what depends on the record (a tenant's clients, users, keys...; a
// client's grants; a resource server's grants; a connection's users and identities; a user's
// identities) without a record of its own: whoever applies the log applies the same cascade.
// Runtime state (login statistics, sessions, tokens) is never logged.
class ChangeLog final {
public:
    explicit ChangeLog(std::shared_ptr<Database> db);

    // Joins the caller's transaction (or runs in its own) and returns the new sequence number.
    Result<qint64> append(const QString& tenant, QLatin1String entity, const QString& entityId,
                          ChangeOperation operation, const QJsonObject& payload);
    // Changes with a sequence greater than `sequence`, oldest first, at most `limit`.
    [[nodiscard]] Result<QList<ChangeRecord>> since(qint64 sequence, int limit = 1000) const;
    // 0 when the log is empty.
    [[nodiscard]] Result<qint64> latestSequence() const;

private:
    std::shared_ptr<Database> m_db;
};

} // namespace gatehouse::store
