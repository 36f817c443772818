#pragma once

#include "core/Result.h"
#include "http/HttpRequest.h"
#include "http/RequestHandler.h"
#include "http/Responder.h"
#include "loginui/PageModel.h"
#include "store/Records.h"
#include "store/Store.h"
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
class TenantSnapshot;
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
// Auth0's `connection=NAME` must name a connection enabled for the client (else invalid_request
// at the client, whether it does not exist or is not enabled: the same answer for both). An
// upstream OIDC connection skips the login page: the transaction goes straight to
// {base}u/upstream (login::UpstreamLogin), which redirects to the provider; a database
// connection gets the login page for that connection alone (login::LoginContext).
class AuthorizeEndpoint final {
public:
    AuthorizeEndpoint(const tenancy::TenantResolver& resolver, store::Store store,
                      identity::SessionService& sessions, CodeIssuer& codes,
                      const LoginTransactionCodec& transactions,
                      const loginui::LoginPageRenderer& pages,
                      tenancy::Clock clock = tenancy::systemClock());

    void handle(http::HttpRequest request, http::Responder responder) const;
    [[nodiscard]] http::RequestHandler handler() const;

    // "/t/T/" or "/": where a tenant's pages and cookies live, from the issuer the request used.
    [[nodiscard]] static QByteArray basePath(const QString& issuer);
    // A page of the tenant (error, logged out): its branding, and `base` for assets.
    [[nodiscard]] static loginui::PageModel tenantPageModel(const tenancy::TenantSnapshot& tenant,
                                                            const QByteArray& base);

private:
    [[nodiscard]] http::HttpResponse respond(const http::HttpRequest& request,
                                             const tenancy::TenantRoute& route) const;
    [[nodiscard]] std::optional<http::HttpResponse>
    answerFromSession(const http::HttpRequest& request, const tenancy::TenantRoute& route,
                      const AuthorizationRequest& authorization,
                      const QString& hintedSubject) const;
    // The connection the request names, when it is enabled for the client; nullopt when the
    // request names none. `invalid_request` (400) when it is unknown or not enabled.
    [[nodiscard]] Result<std::optional<store::ConnectionRecord>>
    requestedConnection(const tenancy::TenantRoute& route,
                        const AuthorizationRequest& authorization) const;

    const tenancy::TenantResolver& m_resolver;
    mutable store::Store m_store; // copies share the database; repositories are not const
    identity::SessionService& m_sessions;
    CodeIssuer& m_codes;
    const LoginTransactionCodec& m_transactions;
    const loginui::LoginPageRenderer& m_pages;
    tenancy::Clock m_clock;
};

} // namespace gatehouse::oidc
