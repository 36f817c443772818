#pragma once

#include "core/Result.h"
#include "http/HttpRequest.h"
#include "http/RequestHandler.h"
#include "http/Responder.h"
#include "store/Store.h"

namespace gatehouse::tenancy {
class TenantResolver;
struct TenantRoute;
} // namespace gatehouse::tenancy

namespace gatehouse::oidc {

class TokenInspector;

// POST /oauth/revoke (RFC 7009). The client authenticates as at the token endpoint: a
// confidential client with its secret (Basic or body), a public client with client_id alone
// (ClientAuthenticator::identify); 401 invalid_client otherwise. The body is a form or, as
// Auth0 accepts, JSON: `token` (400 invalid_request without it) and an optional
// `token_type_hint`, which is accepted whatever its value and ignored, because refresh tokens and
// JWT access tokens cannot be mistaken for one another (TokenInspector), so there is nothing to
// search first and unsupported_token_type is never answered.
//
// What is revoked is always the token's grant: for a refresh token that is its whole rotation
// family, and every access token naming the grant (`gid`) stops working at /userinfo and
// introspection; for a user access token, the same grant (RFC 7009 §2.1 lets the server revoke
// related tokens; a client that drops an access token is done with the grant). A client
// credentials token names no grant and cannot be revoked: it is a self-contained JWT.
//
// 200 with an empty body for everything else too (§2.2): unknown, malformed, expired or another
// tenant's tokens, already revoked grants, and tokens issued to another client, which are left
// alone (§2.1: the server verifies that the token was issued to the requesting client).
class RevocationEndpoint final {
public:
    static constexpr QLatin1String kReason{"revoked"};

    RevocationEndpoint(const tenancy::TenantResolver& resolver, store::Store store,
                       const TokenInspector& inspector);

    void handle(const http::HttpRequest& request, const http::Responder& responder) const;
    [[nodiscard]] http::RequestHandler handler() const;

private:
    [[nodiscard]] Result<void> revoke(const http::HttpRequest& request,
                                      const tenancy::TenantRoute& route) const;

    const tenancy::TenantResolver& m_resolver;
    mutable store::Store m_store;
    const TokenInspector& m_inspector;
};

} // namespace gatehouse::oidc
