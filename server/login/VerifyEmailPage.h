#pragma once

#include "http/HttpRequest.h"
#include "http/RequestHandler.h"
#include "http/Responder.h"

namespace gatehouse::login {

struct LoginServices;

// `GET {base}u/verify-email?ticket=…`, the link of the address-verification mail
// (identity::EmailVerification): opening it uses the ticket, sets the user's `email_verified`
// and shows "Your email address is verified". An invalid, used or expired ticket, or one for an
// address the user no longer has, gets the error page (400) and changes nothing. Like Auth0's
// link, opening it is enough: there is nothing to confirm, and whoever can open it has read the
// mailbox, which is what is being verified.
class VerifyEmailPage final {
public:
    explicit VerifyEmailPage(const LoginServices& services);

    void show(const http::HttpRequest& request, const http::Responder& responder) const;
    [[nodiscard]] http::RequestHandler handler() const;

private:
    const LoginServices& m_services;
};

} // namespace gatehouse::login
