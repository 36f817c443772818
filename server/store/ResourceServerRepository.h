#pragma once

#include "core/Result.h"
#include "store/ChangeLog.h"
#include "store/Records.h"

#include <QList>
#include <memory>
#include <optional>

namespace gatehouse::store {

class Database;

// APIs (resource servers) of a tenant, identified to clients by their `identifier`, the audience
// of the access tokens issued for them. Removing one removes the grants for its audience.
class ResourceServerRepository final {
public:
    explicit ResourceServerRepository(std::shared_ptr<Database> db);

    // Generates id when empty. `conflict` when the id or the identifier is taken in the tenant.
    Result<ResourceServerRecord> create(ResourceServerRecord server);
    [[nodiscard]] Result<std::optional<ResourceServerRecord>> find(const QString& tenant,
                                                                   const QString& id) const;
    [[nodiscard]] Result<std::optional<ResourceServerRecord>>
    findByIdentifier(const QString& tenant, const QString& identifier) const;
    // Ordered by name.
    [[nodiscard]] Result<QList<ResourceServerRecord>> list(const QString& tenant) const;
    // Replaces every field but the key, the identifier (grants and issued tokens refer to it:
    // changing it is `invalid_request`) and createdAt.
    Result<ResourceServerRecord> update(ResourceServerRecord server);
    Result<void> remove(const QString& tenant, const QString& id);

private:
    [[nodiscard]] Result<ResourceServerRecord> insert(const ResourceServerRecord& server);
    [[nodiscard]] Result<ResourceServerRecord> replace(ResourceServerRecord server,
                                                       const ResourceServerRecord& existing);

    std::shared_ptr<Database> m_db;
    ChangeLog m_changes;
};

} // namespace gatehouse::store
