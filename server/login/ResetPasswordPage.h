#pragma once

#include "core/Result.h"
#include "http/HttpRequest.h"
#include "http/RequestHandler.h"
#include "http/Responder.h"
#include "identity/SessionService.h"
#include "store/Records.h"
#include "store/TransactionalRecords.h"
#include "tenancy/TenantResolver.h"

#include <QByteArray>

namespace gatehouse::login {

struct LoginServices;
class MailDispatcher;

// The page a reset link opens (ResetRequestPage mails it):
//   GET  {base}u/reset-password?ticket=…  the form: ticket hidden, csrf
//   POST {base}u/reset-password           ticket, csrf, password, password_confirm
// The form is bound to the browser like the login form: the csrf field is the HMAC of the
// gh_csrf cookie and "reset:" + the ticket's SHA-256 (LoginTransactionCodec), since there is no
// login transaction here. The POST consumes the ticket (single use, expiry: one conditional
// UPDATE in the store), checks the new password against the user's connection's policy, hashes it
// on the hashing pool, stores it, and then revokes every grant of the user (their refresh and
// access tokens), ends their SSO sessions, drops their other reset tickets and lifts their
// brute-force blocks: the old password may be known to someone else. The owner is told by mail.
//
// A password the policy refuses must not cost the user the link, and the store offers no way to
// look a ticket up without using it: such a ticket is put back (same hash, its remaining lifetime).
class ResetPasswordPage final {
public:
    ResetPasswordPage(const LoginServices& services, MailDispatcher& mail);

    void show(const http::HttpRequest& request, const http::Responder& responder) const;
    void submit(const http::HttpRequest& request, const http::Responder& responder) const;
    [[nodiscard]] http::RequestHandler showHandler() const;
    [[nodiscard]] http::RequestHandler submitHandler() const;

private:
    // The tenant of the request and where its pages and cookies live.
    struct Place {
        tenancy::TenantRoute route;
        QByteArray base;
        identity::CookieScope cookieScope;
    };
    [[nodiscard]] Result<Place> placeOf(const http::HttpRequest& request) const;
    [[nodiscard]] QByteArray csrfToken(QByteArrayView cookie, QByteArrayView ticket) const;
    [[nodiscard]] http::HttpResponse form(const Place& place, const QByteArray& ticket,
                                          const QByteArray& cookie,
                                          std::optional<Error> error) const;
    [[nodiscard]] http::HttpResponse invalidLink(const Place& place) const;
    void restore(const store::PasswordResetRecord& reset) const;
    // On the hashing pool, after the ticket was used: stores the hash and ends everything the old
    // password gave access to.
    [[nodiscard]] http::HttpResponse change(const Place& place, store::UserRecord user,
                                            const QByteArray& passwordHash) const;

    const LoginServices& m_services;
    MailDispatcher& m_mail;
};

} // namespace gatehouse::login
