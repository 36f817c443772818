#pragma once

#include "core/Result.h"
#include "store/ChangeLog.h"
#include "store/Records.h"

#include <QList>
#include <memory>
#include <optional>

namespace gatehouse::store {

class Database;

// A tenant's token-signing keys. The private key arrives sealed by crypto and is stored opaque.
//
// At most one key per tenant is Current (a partial unique index): rotate inside one transaction
// by demoting the current key first, then promoting the next one:
//   db.transaction([&] { keys.setStatus(t, old, Previous); return keys.setStatus(t, next, Current);
//   })
class SigningKeyRepository final {
public:
    explicit SigningKeyRepository(std::shared_ptr<Database> db);

    // Sets createdAt, and activatedAt/retiredAt as for setStatus(). `conflict` when the kid is
    // taken or when creating a Current key while the tenant has one.
    Result<SigningKeyRecord> create(SigningKeyRecord key);
    [[nodiscard]] Result<std::optional<SigningKeyRecord>> find(const QString& tenant,
                                                               const QString& kid) const;
    [[nodiscard]] Result<std::optional<SigningKeyRecord>> findCurrent(const QString& tenant) const;
    // Oldest first.
    [[nodiscard]] Result<QList<SigningKeyRecord>> listForTenant(const QString& tenant) const;
    // Becoming Current sets activatedAt (once); leaving for Previous or Revoked sets retiredAt.
    // A Revoked key stays revoked (`invalid_request`).
    Result<SigningKeyRecord> setStatus(const QString& tenant, const QString& kid, KeyStatus status);
    Result<void> remove(const QString& tenant, const QString& kid);

private:
    [[nodiscard]] Result<SigningKeyRecord> insert(const SigningKeyRecord& key);
    [[nodiscard]] Result<SigningKeyRecord> changeStatus(SigningKeyRecord key, KeyStatus status);

    std::shared_ptr<Database> m_db;
    ChangeLog m_changes;
};

} // namespace gatehouse::store
