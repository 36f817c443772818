#pragma once

#include "http/HttpRequest.h"
#include "http/RequestHandler.h"
#include "http/Responder.h"
#include "login/FormSupport.h"

#include <chrono>

namespace gatehouse::login {

struct LoginContext;
struct LoginServices;
class MailDispatcher;

// "Forgot password?" for the transaction's database connection:
//   GET  {base}u/reset-password/request?state=…  the form (CSRF as on the login page)
//   POST {base}u/reset-password/request          state, csrf, email
// Every well-formed request gets the same page, "If an account exists for that address, we sent
// it a link": only when the address has a user in the connection is a reset token made (32
// random bytes, base64url; only its SHA-256 is stored, PasswordResetRepository) and the link
// {issuer}u/reset-password?ticket=… mailed. The mail is queued (MailDispatcher), never awaited,
// so neither the page nor its timing depends on the relay.
//
// Each client address (IPv6: its /64) may ask kBudget.maxRequests times per tenant and window,
// counted before the address is looked up, so known and unknown addresses spend alike; beyond it
// the form comes back with 429 and Retry-After. That bounds the mail one address can trigger and
// the tokens it can make.
class ResetRequestPage final {
public:
    static constexpr forms::IpBudget kBudget{"reset_request", 10, std::chrono::minutes(60)};
    static constexpr std::chrono::minutes kTicketLifetime{60};

    ResetRequestPage(const LoginServices& services, MailDispatcher& mail);

    void show(const http::HttpRequest& request, const http::Responder& responder) const;
    void submit(const http::HttpRequest& request, const http::Responder& responder) const;
    [[nodiscard]] http::RequestHandler showHandler() const;
    [[nodiscard]] http::RequestHandler submitHandler() const;

private:
    // Makes the token and mails the link when `email` has a user. Only a failed lookup is an
    // error; a failure after it (token, mail) is logged, since showing it would tell that the
    // address has an account.
    [[nodiscard]] Result<void> sendLinkIfKnown(const LoginContext& context,
                                               const QString& email) const;

    const LoginServices& m_services;
    MailDispatcher& m_mail;
};

} // namespace gatehouse::login
