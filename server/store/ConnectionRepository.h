#pragma once

#include "core/Result.h"
#include "store/ChangeLog.h"
#include "store/Records.h"

#include <QList>
#include <memory>
#include <optional>

namespace gatehouse::store {

class Database;

// A tenant's connections: where its users come from (ConnectionRecord). Names follow Auth0's
// rules (1 to 128 letters, digits and '-', starting and ending with a letter or digit) and, like
// the strategy, cannot change once created, because users and identities refer to the name.
// Removing a connection removes its users and identities, as Auth0 does.
class ConnectionRepository final {
public:
    explicit ConnectionRepository(std::shared_ptr<Database> db);

    // Generates id when empty. `invalid_request` for a bad name, strategy or client id,
    // `not_found` when the tenant does not exist, `conflict` when the id or the name is taken.
    Result<ConnectionRecord> create(ConnectionRecord connection);
    [[nodiscard]] Result<std::optional<ConnectionRecord>> find(const QString& tenant,
                                                               const QString& id) const;
    [[nodiscard]] Result<std::optional<ConnectionRecord>> findByName(const QString& tenant,
                                                                     const QString& name) const;
    // Ordered by name.
    [[nodiscard]] Result<QList<ConnectionRecord>> list(const QString& tenant) const;
    // The connections `clientId` may log in with, ordered by name.
    [[nodiscard]] Result<QList<ConnectionRecord>> enabledFor(const QString& tenant,
                                                             const QString& clientId) const;
    // Replaces options, sealedSecret and enabledClients; `invalid_request` when the name or the
    // strategy differs from the stored one.
    Result<ConnectionRecord> update(ConnectionRecord connection);
    // Also removes the connection's users and the identities linked through it (no change
    // records of their own: the delete implies them).
    Result<void> remove(const QString& tenant, const QString& id);

    // Adds `clientId` to every database connection of the tenant that does not have it yet, as
    // Auth0 enables a new application on them; call it in the transaction that creates the client.
    Result<void> enableOnDatabaseConnections(const QString& tenant, const QString& clientId);

    // The database connection every tenant starts with (not stored), enabled for `clients`.
    [[nodiscard]] static ConnectionRecord defaultDatabase(const QString& tenant,
                                                          const QStringList& clients = {});
    [[nodiscard]] static const QStringList& strategies();

private:
    [[nodiscard]] Result<ConnectionRecord> insert(const ConnectionRecord& connection);
    [[nodiscard]] Result<ConnectionRecord> replace(ConnectionRecord connection,
                                                   const ConnectionRecord& existing);

    std::shared_ptr<Database> m_db;
    ChangeLog m_changes;
};

} // namespace gatehouse::store
