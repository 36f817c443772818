#pragma once

#include "core/Result.h"
#include "store/TransactionalRecords.h"

#include <QByteArray>
#include <QString>
#include <chrono>
#include <memory>
#include <optional>

namespace gatehouse::store {

class Database;

// Grants: what one code redemption or password login gave a client for a user. Refresh tokens
// belong to one, access tokens name it (`gid`); revoking it ends them all. A revocation is final
// and keeps its first time and reason. Never in the change log.
class GrantRepository final {
public:
    // Reasons this store gives; callers may use others.
    static constexpr const char* kRefreshTokenReuse = "refresh_token_reuse";

    explicit GrantRepository(std::shared_ptr<Database> db);

    // Generates the id, sets createdAt, expiresAt = now + lifetime and authTime when unset.
    // `not_found` when the tenant, the client or the user does not exist.
    Result<GrantRecord> create(GrantRecord grant, std::chrono::milliseconds lifetime);
    [[nodiscard]] Result<std::optional<GrantRecord>> find(const QString& tenant,
                                                          const QString& id) const;
    // Not revoked and not expired; false also when it does not exist.
    [[nodiscard]] Result<bool> isActive(const QString& tenant, const QString& id) const;
    // Idempotent: revoking a revoked grant succeeds and changes nothing. `not_found` when the
    // grant does not exist.
    Result<void> revoke(const QString& tenant, const QString& id, const QString& reason);
    // The grants not revoked yet; how many were revoked now.
    Result<int> revokeForSession(const QString& tenant, const QByteArray& sessionHash,
                                 const QString& reason);
    Result<int> revokeForUserAndClient(const QString& tenant, const QString& userId,
                                       const QString& clientId, const QString& reason);
    Result<int> revokeForUser(const QString& tenant, const QString& userId, const QString& reason);

private:
    [[nodiscard]] Result<int> revokeWhere(const QString& condition, QVariantList params,
                                          const QString& reason);

    std::shared_ptr<Database> m_db;
};

} // namespace gatehouse::store
