#pragma once

#include "core/Result.h"
#include "store/ChangeLog.h"
#include "store/Records.h"

#include <QList>
#include <memory>
#include <optional>

namespace gatehouse::store {

class Database;

// Which scopes of which API (audience) a client may request with the client-credentials grant.
// At most one grant per client and audience.
class ClientGrantRepository final {
public:
    // Empty fields do not filter.
    struct Filter {
        QString clientId;
        QString audience;
    };

    explicit ClientGrantRepository(std::shared_ptr<Database> db);

    // Generates id when empty. `not_found` when the client or the resource server (audience)
    // does not exist in the tenant; `conflict` when the client already has a grant for it.
    Result<ClientGrantRecord> create(ClientGrantRecord grant);
    [[nodiscard]] Result<std::optional<ClientGrantRecord>> find(const QString& tenant,
                                                                const QString& id) const;
    // Ordered by client id, then audience.
    [[nodiscard]] Result<QList<ClientGrantRecord>> list(const QString& tenant,
                                                        const Filter& filter = {}) const;
    // Replaces the scope; client and audience cannot change (`invalid_request`).
    Result<ClientGrantRecord> update(ClientGrantRecord grant);
    Result<void> remove(const QString& tenant, const QString& id);

private:
    [[nodiscard]] Result<ClientGrantRecord> insert(const ClientGrantRecord& grant);
    [[nodiscard]] Result<ClientGrantRecord> replace(ClientGrantRecord grant,
                                                    const ClientGrantRecord& existing);

    std::shared_ptr<Database> m_db;
    ChangeLog m_changes;
};

} // namespace gatehouse::store
