#pragma once

#include "http/HttpRequest.h"
#include "http/RequestHandler.h"
#include "http/Responder.h"
#include "login/FormSupport.h"

namespace gatehouse::login {

struct LoginContext;
struct LoginServices;
class MailDispatcher;

// Sign-up for a database connection that allows it (`disable_signup` false):
//   GET  {base}u/signup?state=…  the form, CSRF bound to gh_csrf as on the login page
//   POST {base}u/signup          state, csrf, email, [username], password
// The e-mail syntax, the username (when the connection `requires_username`) and the password
// (the connection's PasswordPolicy) are checked first; the password is hashed on the hashing
// pool; the user is created with email_verified false, gets a welcome e-mail and is logged in
// (LoginCompletion): the browser goes back to the application with a code.
//
// An address that already has an account is never disclosed on the page (SECURITY.md): instead
// of an error, the answer is a neutral "Check your email" page and the account's owner gets an
// e-mail saying that someone tried to sign up with the address, with the way to log in or reset
// the password; nobody is logged in and nothing is created. A taken username gets the same page,
// and the address that was entered an e-mail asking for another username. What remains visible
// is that this sign-up did not log in, which any sign-up that logs in at once shows; the per-IP
// budget below bounds how fast anyone can probe addresses that way.
class SignupPage final {
public:
    // 20 sign-up posts per address (IPv6: per /64) and tenant per hour.
    static constexpr forms::IpBudget kBudget{"signup", 20, std::chrono::minutes(60)};

    SignupPage(const LoginServices& services, MailDispatcher& mail);

    void show(const http::HttpRequest& request, const http::Responder& responder) const;
    void submit(const http::HttpRequest& request, const http::Responder& responder) const;
    [[nodiscard]] http::RequestHandler showHandler() const;
    [[nodiscard]] http::RequestHandler submitHandler() const;

private:
    struct Applicant {
        QString email;    // lower-cased
        QString username; // lower-cased; empty unless the connection requires one
    };

    // After the hash: creates the user and logs in, or handles an address or username in use.
    [[nodiscard]] http::HttpResponse create(const LoginContext& context,
                                            const http::HttpRequest& request,
                                            const Applicant& applicant,
                                            const QByteArray& passwordHash) const;
    // The neutral page for an address or username already in use, and the e-mail that explains.
    [[nodiscard]] http::HttpResponse alreadyInUse(const LoginContext& context,
                                                  const Applicant& applicant) const;
    [[nodiscard]] http::HttpResponse checkYourEmail(const LoginContext& context) const;

    const LoginServices& m_services;
    MailDispatcher& m_mail;
};

} // namespace gatehouse::login
