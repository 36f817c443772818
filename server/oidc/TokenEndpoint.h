#pragma once

#include "core/Result.h"
#include "http/HttpRequest.h"
#include "http/RequestHandler.h"
#include "http/Responder.h"
#include "oidc/AccessTokenClaims.h"
#include "tenancy/Clock.h"
#include "tenancy/TenantResolver.h"

#include <functional>
#include <memory>

namespace gatehouse::monitoring {
class Metrics;
}

namespace gatehouse::oidc {

class RequestParameters;
class SigningPool;
class UserGrants;

// Auth0's password grant with a connection named in `realm`.
inline constexpr QLatin1StringView kPasswordRealmGrantType{
    "http://auth0.com/oauth/grant-type/password-realm"};

// The password grants (RFC 6749 §4.3 `password` and Auth0's password-realm), called once the
// client is identified and allowed the grant type. login::PasswordGrant implements it: the
// password check belongs to the login flow, and oidc does not depend on login.
using PasswordGrantHandler =
    std::function<void(const tenancy::TenantRoute& route, const tenancy::ClientEntry& client,
                       const RequestParameters& parameters, const http::HttpRequest& request,
                       const http::Responder& responder)>;

// POST /oauth/token (RFC 6749 §3.2): the client credentials grant (RFC 6749 §4.4) with Auth0's
// `audience` parameter, when UserGrants are given authorization_code and refresh_token, and when a
// PasswordGrantHandler is given `password` and Auth0's password-realm (public clients identify
// with client_id alone for these). Access tokens are RFC 9068 JWTs.
//
// Everything before the signature is hash lookups in the tenant's snapshot: no database, no PEM,
// no JSON maps. ES256 and EdDSA sign inline (~30-70 µs); RS256 (~0.9 ms) goes to the SigningPool
// and the pool thread answers through the Responder. A full pool queue is 503
// temporarily_unavailable with Retry-After.
//
// Errors (RFC 6749 §5.2), each with Cache-Control: no-store:
//   400 invalid_request          body not form or JSON, bad JSON, duplicate parameter, missing
//                                grant_type or audience, two client authentication methods
//   401 invalid_client           unknown client, wrong secret, no or malformed credentials;
//                                always with WWW-Authenticate: Basic realm="{issuer}"
//   400 unauthorized_client      the client's grant_types do not list the grant_type
//   400 unsupported_grant_type   any other grant_type
//   400 invalid_scope            a malformed scope parameter (RFC 6749 §3.3 syntax)
//   403 access_denied            unknown audience ("Service not found: X", as Auth0), or no client
//                                grant for it
// Scopes: the token carries the requested scopes that the client grant allows and silently drops
// the others (RFC 6749 §3.3 lets the server narrow the request; Auth0 does the same), and the
// response's `scope` always says what was granted. Without `scope`, every granted scope is issued.
class TokenEndpoint final {
public:
    TokenEndpoint(const tenancy::TenantResolver& resolver, SigningPool& pool,
                  monitoring::Metrics& metrics, tenancy::Clock clock = tenancy::systemClock(),
                  const UserGrants* userGrants = nullptr, PasswordGrantHandler passwordGrant = {});

    void handle(http::HttpRequest request, http::Responder responder) const;
    // A handler bound to this endpoint, which must outlive it.
    [[nodiscard]] http::RequestHandler handler() const;

private:
    struct Issue {
        std::shared_ptr<const tenancy::TenantSnapshot> tenant;
        AccessTokenClaims claims;
        int lifetimeSeconds = 0;
    };

    [[nodiscard]] Result<Issue> prepare(const http::HttpRequest& request,
                                        const tenancy::TenantRoute& route,
                                        const RequestParameters& parameters) const;
    [[nodiscard]] Result<Issue> grantFor(const tenancy::TenantRoute& route,
                                         const RequestParameters& parameters,
                                         const tenancy::ClientEntry& client) const;
    void issue(Issue issue, const http::Responder& responder) const;

    const tenancy::TenantResolver& m_resolver;
    SigningPool& m_pool;
    monitoring::Metrics& m_metrics;
    tenancy::Clock m_clock;
    const UserGrants* m_userGrants;
    PasswordGrantHandler m_passwordGrant;
};

} // namespace gatehouse::oidc
