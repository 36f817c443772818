#pragma once

#include "core/Result.h"
#include "store/TransactionalRecords.h"

#include <QByteArray>
#include <QLatin1String>
#include <QString>
#include <chrono>
#include <memory>

namespace gatehouse::store {

class Database;

// Password reset and address verification tickets, looked up by their SHA-256: single use and
// short-lived. Consuming one is
// a single conditional UPDATE, so of concurrent attempts exactly one succeeds. Never in the change
// log.
class PasswordResetRepository final {
public:
    // Error code of consume() (400).
    static constexpr const char* kInvalidToken = "invalid_reset_token";
    // Ticket purposes: a ticket is consumed only for its own.
    static constexpr QLatin1String kPasswordReset{"password_reset"};
    static constexpr QLatin1String kEmailVerification{"email_verification"};

    explicit PasswordResetRepository(std::shared_ptr<Database> db);

    // Sets createdAt and expiresAt = now + lifetime; clears usedAt. `not_found` when the tenant or
    // the user does not exist.
    Result<PasswordResetRecord> create(PasswordResetRecord reset,
                                       std::chrono::milliseconds lifetime);
    // Marks the token used and returns it, once: kInvalidToken when it is unknown in the tenant,
    // made for another purpose, expired or already used.
    Result<PasswordResetRecord> consume(const QString& tenant, const QByteArray& tokenHash,
                                        QLatin1String purpose = kPasswordReset);
    // Every token of the user for `purpose`, used or not (after a password change); how many
    // there were.
    Result<int> removeForUser(const QString& tenant, const QString& userId,
                              QLatin1String purpose = kPasswordReset);

private:
    std::shared_ptr<Database> m_db;
};

} // namespace gatehouse::store
