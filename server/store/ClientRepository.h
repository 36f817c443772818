#pragma once

#include "core/Result.h"
#include "store/ChangeLog.h"
#include "store/Records.h"

#include <QList>
#include <memory>
#include <optional>

namespace gatehouse::store {

class Database;

// Applications (OAuth clients) of a tenant. Removing a client removes its grants.
class ClientRepository final {
public:
    explicit ClientRepository(std::shared_ptr<Database> db);

    // Generates clientId when empty. `not_found` when the tenant does not exist, `conflict` when
    // the client id or the name is taken in the tenant.
    Result<ClientRecord> create(ClientRecord client);
    [[nodiscard]] Result<std::optional<ClientRecord>> find(const QString& tenant,
                                                           const QString& clientId) const;
    // Ordered by name.
    [[nodiscard]] Result<QList<ClientRecord>> list(const QString& tenant) const;
    // Replaces every field but the key and createdAt.
    Result<ClientRecord> update(ClientRecord client);
    Result<void> remove(const QString& tenant, const QString& clientId);

    [[nodiscard]] static const QStringList& appTypes();

private:
    [[nodiscard]] Result<ClientRecord> insert(const ClientRecord& client);

    std::shared_ptr<Database> m_db;
    ChangeLog m_changes;
};

} // namespace gatehouse::store
