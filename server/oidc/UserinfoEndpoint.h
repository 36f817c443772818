#pragma once

#include "core/Result.h"
#include "http/HttpRequest.h"
#include "http/RequestHandler.h"
#include "http/Responder.h"
#include "store/Store.h"

namespace gatehouse::tenancy {
class TenantResolver;
class TenantSnapshot;
struct TenantRoute;
} // namespace gatehouse::tenancy

namespace gatehouse::oidc {

class AccessTokenVerifier;

// GET and POST /userinfo (OIDC Core §5.3): the claims of the user an access token was issued for.
//
// The token comes from `Authorization: Bearer` (RFC 6750 §2.1) or, for POST, the form body's
// `access_token` (§2.2); both at once is 400 invalid_request (§2: "MUST NOT use more than one
// method"). It must be a user access token of this tenant (AccessTokenVerifier: typ at+jwt, the
// tenant's keys, iss one of its issuers) whose audience is `{issuer}userinfo` for any of the
// tenant's issuers, or one of the tenant's APIs: Auth0 puts both audiences into a token for an
// API that was requested with `openid`, so such a token works at /userinfo there too, and here
// the `openid` scope (required of every token, 403 insufficient_scope otherwise) is what admits
// it. The grant it names (`gid`) must still be active: logout, code reuse, refresh-token reuse
// and revocation all end it (401 invalid_token). A deleted or blocked user is 401 invalid_token.
//
// 200: `sub` and UserClaims::forScopes(user, token scopes), no-store. Errors are RFC 6750 §3
// challenges (`WWW-Authenticate: Bearer realm="{issuer}", error=…`), without an error code when
// no token was sent at all (§3.1).
class UserinfoEndpoint final {
public:
    UserinfoEndpoint(const tenancy::TenantResolver& resolver, store::Store store,
                     const AccessTokenVerifier& verifier);

    void handle(const http::HttpRequest& request, const http::Responder& responder) const;
    [[nodiscard]] http::RequestHandler handler() const;

private:
    [[nodiscard]] Result<QJsonObject> claims(const http::HttpRequest& request,
                                             const tenancy::TenantSnapshot& tenant) const;

    const tenancy::TenantResolver& m_resolver;
    mutable store::Store m_store;
    const AccessTokenVerifier& m_verifier;
};

} // namespace gatehouse::oidc
