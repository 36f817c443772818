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

// Authorization codes (RFC 6749 §4.1.2), looked up by the SHA-256 of the code. Single use also
// under concurrent redemptions: redeem() is one conditional UPDATE, which changes the row for
// exactly one caller. Never in the change log.
class AuthorizationCodeRepository final {
public:
    // Error codes of redeem(), both 400. The client must hear `invalid_grant` either way
    // (RFC 6749 §5.2); the second tells the caller to revoke what the code was exchanged for
    // (RFC 6749 §4.1.2: findByHash() gives the grant).
    static constexpr const char* kInvalidGrant = "invalid_grant";
    static constexpr const char* kAlreadyRedeemed = "authorization_code_reused";
    // The longest lifetime a code may have (Security BCP: codes are short-lived).
    static constexpr std::chrono::seconds kMaxLifetime{60};

    explicit AuthorizationCodeRepository(std::shared_ptr<Database> db);

    // Sets createdAt, expiresAt = now + lifetime (at most kMaxLifetime) and authTime when unset;
    // clears redeemedAt and grantId. A PKCE challenge needs method S256. `not_found` when the
    // tenant, the client or the user does not exist.
    Result<AuthorizationCodeRecord> create(AuthorizationCodeRecord code,
                                           std::chrono::milliseconds lifetime);
    // Marks the code redeemed and returns it, to exactly one caller: the code must exist in the
    // tenant, be unexpired and unredeemed. Otherwise kAlreadyRedeemed when it was redeemed before
    // (whether or not it has expired since), kInvalidGrant when it is unknown or expired.
    // Client, redirect URI and PKCE bindings are the caller's to check on the returned record.
    Result<AuthorizationCodeRecord> redeem(const QString& tenant, const QByteArray& codeHash);
    // Records the grant made from a redeemed code. `not_found` unless the code was redeemed.
    Result<void> setGrant(const QString& tenant, const QByteArray& codeHash,
                          const QString& grantId);
    // Whatever its state, for handling a reuse.
    [[nodiscard]] Result<std::optional<AuthorizationCodeRecord>>
    findByHash(const QString& tenant, const QByteArray& codeHash) const;

private:
    [[nodiscard]] Error redeemFailure(const QString& tenant, const QByteArray& codeHash) const;

    std::shared_ptr<Database> m_db;
};

} // namespace gatehouse::store
