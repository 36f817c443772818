#pragma once

#include "core/Result.h"
#include "store/TransactionalRecords.h"

#include <QByteArray>
#include <QString>
#include <chrono>
#include <memory>

namespace gatehouse::store {

class Database;

// Password reset tokens, looked up by their SHA-256: single use and short-lived. Consuming one is
// a single conditional UPDATE, so of concurrent attempts exactly one succeeds. Never in the change
// log.
class PasswordResetRepository final {
public:
    // Error code of consume() (400).
    static constexpr const char* kInvalidToken = "invalid_reset_token";

    explicit PasswordResetRepository(std::shared_ptr<Database> db);

    // Sets createdAt and expiresAt = now + lifetime; clears usedAt. `not_found` when the tenant or
    // the user does not exist.
    Result<PasswordResetRecord> create(PasswordResetRecord reset,
                                       std::chrono::milliseconds lifetime);
    // Marks the token used and returns it, once: kInvalidToken when it is unknown in the tenant,
    // expired or already used.
    Result<PasswordResetRecord> consume(const QString& tenant, const QByteArray& tokenHash);
    // Every token of the user, used or not (after a password change); how many there were.
    Result<int> removeForUser(const QString& tenant, const QString& userId);

private:
    std::shared_ptr<Database> m_db;
};

} // namespace gatehouse::store
