#pragma once

#include "http/HttpRequest.h"
#include "http/RequestHandler.h"
#include "http/Responder.h"

#include <QByteArray>

namespace gatehouse::login {

struct LoginContext;
struct LoginServices;

// The login page of a database connection (docs/login.md, steps 3-5):
//   GET  {base}u/login?state=…  the form, with a CSRF token bound to the gh_csrf cookie
//   POST {base}u/login          state, csrf, username (e-mail or username), password
// The password is checked on the hashing pool. Wrong password and unknown account give the same
// answer, after the same work (a dummy hash is verified for unknown accounts), so neither the
// text nor the timing tells them apart; attack protection counts both alike.
class LoginPage final {
public:
    explicit LoginPage(const LoginServices& services);

    void show(const http::HttpRequest& request, const http::Responder& responder) const;
    void submit(const http::HttpRequest& request, const http::Responder& responder) const;
    [[nodiscard]] http::RequestHandler showHandler() const;
    [[nodiscard]] http::RequestHandler submitHandler() const;

    // The browser's gh_csrf cookie, or a new one (then set on `response` by the caller through
    // the returned flag): forms are bound to it.
    struct CsrfCookie {
        QByteArray value;
        bool isNew = false;
    };
    [[nodiscard]] static CsrfCookie csrfCookie(const http::HttpRequest& request);
    static void setCsrfCookie(http::HttpResponse& response, const LoginContext& context,
                              const CsrfCookie& cookie);

private:
    const LoginServices& m_services;
};

} // namespace gatehouse::login
