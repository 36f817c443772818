#pragma once

#include "core/Result.h"
#include "store/ChangeLog.h"
#include "store/Records.h"

#include <QList>
#include <memory>
#include <optional>

namespace gatehouse::store {

class Database;

// Upstream accounts linked to users: how a provider's `sub` arriving through a connection finds
// its user. An identity goes with its user (and with its connection, see ConnectionRepository).
// Its change records have entityId `<connection>|<providerUserId>`.
class IdentityRepository final {
public:
    explicit IdentityRepository(std::shared_ptr<Database> db);

    // `not_found` when the user does not exist, `conflict` when the provider user id is already
    // linked in the connection.
    Result<IdentityRecord> link(IdentityRecord identity);
    [[nodiscard]] Result<std::optional<IdentityRecord>>
    find(const QString& tenant, const QString& connection, const QString& providerUserId) const;
    // Ordered by connection, then provider user id.
    [[nodiscard]] Result<QList<IdentityRecord>> listForUser(const QString& tenant,
                                                            const QString& userId) const;
    // Replaces the profile (the upstream claims as last seen); the link itself cannot change.
    Result<IdentityRecord> updateProfile(const QString& tenant, const QString& connection,
                                         const QString& providerUserId, const QJsonObject& profile);
    Result<void> unlink(const QString& tenant, const QString& connection,
                        const QString& providerUserId);

private:
    [[nodiscard]] Result<IdentityRecord> insert(const IdentityRecord& identity);

    std::shared_ptr<Database> m_db;
    ChangeLog m_changes;
};

} // namespace gatehouse::store
