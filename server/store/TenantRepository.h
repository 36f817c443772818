#pragma once

#include "core/Result.h"
#include "store/ChangeLog.h"
#include "store/Records.h"

#include <QList>
#include <memory>
#include <optional>

namespace gatehouse::store {

class Database;

// Tenants. Removing a tenant removes everything it owns (clients, resource servers, grants,
// signing keys, users) in the same transaction, through ON DELETE CASCADE.
class TenantRepository final {
public:
    explicit TenantRepository(std::shared_ptr<Database> db);

    // Validates and normalizes (domain lower-cased), sets the timestamps, returns what was stored.
    // `conflict` when the id or the domain is taken, `invalid_request` for bad input.
    Result<TenantRecord> create(TenantRecord tenant);
    [[nodiscard]] Result<std::optional<TenantRecord>> find(const QString& id) const;
    // Case-insensitive, as host names are.
    [[nodiscard]] Result<std::optional<TenantRecord>> findByDomain(const QString& domain) const;
    [[nodiscard]] Result<QList<TenantRecord>> list() const;
    // Replaces every field but id and createdAt; `not_found` when there is no such tenant.
    Result<TenantRecord> update(TenantRecord tenant);
    Result<void> remove(const QString& id);

private:
    [[nodiscard]] Result<TenantRecord> insert(const TenantRecord& tenant);

    std::shared_ptr<Database> m_db;
    ChangeLog m_changes;
};

} // namespace gatehouse::store
