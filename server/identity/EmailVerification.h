#pragma once

#include "core/Result.h"
#include "mail/MailMessage.h"
#include "store/Records.h"

#include <QByteArrayView>
#include <QLatin1String>
#include <QString>
#include <chrono>

namespace gatehouse::store {
class Store;
}

namespace gatehouse::identity {

// Address verification (Auth0's "Verification Email"): a link `{issuer}u/verify-email?ticket=…`
// whose ticket is 32 random bytes, base64url, stored only as its SHA-256 among the password
// resets with purpose `email_verification` (so it can never reset a password), single use, valid
// for Auth0's default URL lifetime of 5 days. The ticket names the address it was sent to:
// it verifies that address only, not one the user has changed to since.
//
// The sign-up's welcome mail carries one (login::SignupPage); the Management API's
// `POST /api/v2/jobs/verification-email` sends one on demand; login::VerifyEmailPage opens it.
class EmailVerification final {
public:
    static constexpr std::chrono::seconds kTicketLifetime{5 * 24 * 3600};
    static constexpr QLatin1String kPagePath{"u/verify-email"};
    // Error code of verify() for an unknown, used, expired or foreign ticket (400).
    static constexpr const char* kInvalidTicket = "invalid_verification_ticket";

    EmailVerification() = delete;

    // Stores a ticket for the user's current address and returns the link. `invalid_request`
    // when the user has no address; the store's errors otherwise.
    [[nodiscard]] static Result<QString>
    issueLink(store::Store& store, const store::UserRecord& user, const QString& issuer);
    // Consumes the ticket and marks the address verified, in one transaction; the updated user.
    // kInvalidTicket for a malformed, unknown, used or expired ticket, a ticket of another tenant
    // or purpose, and one whose address is no longer the user's.
    [[nodiscard]] static Result<store::UserRecord>
    verify(store::Store& store, const QString& tenant, QByteArrayView ticket);

    // The mail that carries a link on its own (the Management API's job).
    [[nodiscard]] static mail::MailMessage mail(const QString& to, const QString& tenantName,
                                                const QString& link);
};

} // namespace gatehouse::identity
