#pragma once

#include "http/HttpRequest.h"
#include "http/RequestHandler.h"
#include "http/Responder.h"
#include "tenancy/Clock.h"

#include <optional>

namespace gatehouse::identity {
class SessionService;
}
namespace gatehouse::loginui {
class LoginPageRenderer;
}
namespace gatehouse::tenancy {
class TenantResolver;
struct TenantRoute;
} // namespace gatehouse::tenancy

namespace gatehouse::oidc {

class CodeIssuer;
class LoginTransactionCodec;
struct AuthorizationRequest;

// GET and POST /authorize (RFC 6749 §4.1.1, OIDC Core §3.1.2). docs/login.md, "The login flow":
//   - a request that cannot be trusted with a redirect gets an error page (400);
//   - a live SSO session that satisfies prompt and max_age gets a code at once;
//   - prompt=none without one gets login_required at the client, without UI;
//   - anything else starts a login transaction and goes to the login page, {base}u/login.
class AuthorizeEndpoint final {
public:
    AuthorizeEndpoint(const tenancy::TenantResolver& resolver, identity::SessionService& sessions,
                      CodeIssuer& codes, const LoginTransactionCodec& transactions,
                      const loginui::LoginPageRenderer& pages,
                      tenancy::Clock clock = tenancy::systemClock());

    void handle(http::HttpRequest request, http::Responder responder) const;
    [[nodiscard]] http::RequestHandler handler() const;

    // "/t/T/" or "/": where a tenant's pages and cookies live, from the issuer the request used.
    [[nodiscard]] static QByteArray basePath(const QString& issuer);

private:
    [[nodiscard]] http::HttpResponse respond(const http::HttpRequest& request,
                                             const tenancy::TenantRoute& route) const;
    [[nodiscard]] std::optional<http::HttpResponse>
    answerFromSession(const http::HttpRequest& request, const tenancy::TenantRoute& route,
                      const AuthorizationRequest& authorization) const;

    const tenancy::TenantResolver& m_resolver;
    identity::SessionService& m_sessions;
    CodeIssuer& m_codes;
    const LoginTransactionCodec& m_transactions;
    const loginui::LoginPageRenderer& m_pages;
    tenancy::Clock m_clock;
};

} // namespace gatehouse::oidc
