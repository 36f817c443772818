#pragma once

#include "mail/MailMessage.h"

#include <QString>

// The texts of the login flow's e-mails. Plain text only: no markup to escape, nothing a mail
// client would load. `tenant` is the tenant's name as its users know it; links are absolute URLs
// under the tenant's public issuer.
namespace gatehouse::login::mails {

// After a sign-up: the account exists; the address is not verified yet, and `verifyLink` (when
// not empty) verifies it.
[[nodiscard]] mail::MailMessage welcome(const QString& to, const QString& tenant,
                                        const QString& verifyLink);
// A sign-up with an address that has an account: to that account's owner.
[[nodiscard]] mail::MailMessage signupWithExistingAddress(const QString& to, const QString& tenant);
// A sign-up whose username was taken: to the address that was entered.
[[nodiscard]] mail::MailMessage usernameTaken(const QString& to, const QString& tenant,
                                              const QString& username);
// The link to choose a new password, valid for `lifetimeMinutes`, once.
[[nodiscard]] mail::MailMessage passwordReset(const QString& to, const QString& tenant,
                                              const QString& link, int lifetimeMinutes);
// After a password reset: so that the owner notices a change that was not theirs.
[[nodiscard]] mail::MailMessage passwordChanged(const QString& to, const QString& tenant);

} // namespace gatehouse::login::mails
