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

// SSO sessions, looked up by the SHA-256 of the cookie's id. A session is active while its idle
// expiry and its absolute expiry are both in the future (Database::now()); activity extends the
// idle expiry, never past the absolute one. Never in the change log.
class LoginSessionRepository final {
public:
    explicit LoginSessionRepository(std::shared_ptr<Database> db);

    // Sets createdAt and lastActiveAt to now, idleExpiresAt to now + idleTimeout and expiresAt to
    // now + lifetime; authTime defaults to now. `not_found` when the tenant or the user does not
    // exist, `conflict` when the hash is taken.
    Result<LoginSessionRecord> create(LoginSessionRecord session,
                                      std::chrono::milliseconds idleTimeout,
                                      std::chrono::milliseconds lifetime);
    // The session if it exists in the tenant and is active.
    [[nodiscard]] Result<std::optional<LoginSessionRecord>>
    findActive(const QString& tenant, const QByteArray& idHash) const;
    // Activity: lastActiveAt = now, idle expiry = now + idleTimeout (capped by the absolute
    // expiry). `not_found` when the session is not active.
    Result<LoginSessionRecord> touch(const QString& tenant, const QByteArray& idHash,
                                     std::chrono::milliseconds idleTimeout);
    // Remembers that `clientId` got tokens in this session (once). `not_found` when the session
    // does not exist.
    Result<void> addClient(const QString& tenant, const QByteArray& idHash,
                           const QString& clientId);
    // `not_found` when the session does not exist.
    Result<void> remove(const QString& tenant, const QByteArray& idHash);
    // Every session of the user, active or not; how many there were.
    Result<int> removeForUser(const QString& tenant, const QString& userId);

private:
    std::shared_ptr<Database> m_db;
};

} // namespace gatehouse::store
