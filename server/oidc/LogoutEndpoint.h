#pragma once

#include "core/Result.h"
#include "http/HttpRequest.h"
#include "http/HttpResponse.h"
#include "http/RequestHandler.h"
#include "http/Responder.h"
#include "tenancy/Clock.h"

#include <QString>

namespace gatehouse::identity {
class SessionService;
}
namespace gatehouse::loginui {
class LoginPageRenderer;
}
namespace gatehouse::tenancy {
class TenantResolver;
class TenantSnapshot;
struct ClientEntry;
struct TenantRoute;
} // namespace gatehouse::tenancy

namespace gatehouse::oidc {

class RequestParameters;

// Logout from the browser, in two dialects:
//   GET /v2/logout       Auth0's: `returnTo`, `client_id`.
//   GET|POST /oidc/logout OpenID Connect RP-Initiated Logout 1.0 (§2): `id_token_hint`,
//                        `post_logout_redirect_uri`, `state`, `client_id` (`logout_hint` and
//                        `ui_locales` are accepted and ignored).
// Both end the SSO session of the `gh_session` cookie (identity::SessionService::end: the
// session is deleted, every grant made in it revoked, so refresh tokens and the access tokens
// naming those grants stop working) and delete the cookie.
//
// Where the browser goes next is validated before anything is ended, and a request that fails
// validation gets the Error page (400) and is not carried out; it is never redirected:
//  - a return URL needs a client: `client_id`, or for /oidc/logout the `aud` of `id_token_hint`
//    (both must agree, §2), and must equal one of the client's `allowed_logout_urls` exactly
//    (Auth0's "Allowed Logout URLs"; the redirect callbacks do not count);
//  - `id_token_hint` must be an ID token of this tenant: signature with the tenant's keys (typ
//    JWT, so an access token does not pass), iss one of the tenant's issuers; an expired one is
//    accepted (§2: the hint "MAY" be expired, and usually is by the time the user logs out).
// /oidc/logout appends `state` to the post-logout redirect (§3); /v2/logout redirects to returnTo
// as given. Without a return URL the user sees a Message page, "You are logged out".
//
// Like Auth0, the session is ended without asking the user to confirm, also without a hint:
// logging someone out is the worst a forged logout link can do.
class LogoutEndpoint final {
public:
    LogoutEndpoint(const tenancy::TenantResolver& resolver, identity::SessionService& sessions,
                   const loginui::LoginPageRenderer& pages,
                   tenancy::Clock clock = tenancy::systemClock());

    [[nodiscard]] http::RequestHandler auth0Handler() const;
    [[nodiscard]] http::RequestHandler oidcHandler() const;

    enum class Dialect { Auth0, Oidc };
    void handle(Dialect dialect, const http::HttpRequest& request,
                const http::Responder& responder) const;

private:
    struct Target {
        QString redirectUri; // empty: show the Message page
        QString state;
    };

    [[nodiscard]] Result<Target> validate(Dialect dialect, const RequestParameters& parameters,
                                          const tenancy::TenantRoute& route) const;
    [[nodiscard]] Result<QString> clientOfIdTokenHint(const QString& hint,
                                                      const tenancy::TenantSnapshot& tenant) const;
    [[nodiscard]] http::HttpResponse respond(Dialect dialect, const http::HttpRequest& request,
                                             const tenancy::TenantRoute& route) const;

    const tenancy::TenantResolver& m_resolver;
    identity::SessionService& m_sessions;
    const loginui::LoginPageRenderer& m_pages;
    tenancy::Clock m_clock;
};

} // namespace gatehouse::oidc
