#pragma once

#include "core/Result.h"
#include "http/HttpRequest.h"
#include "http/RequestHandler.h"
#include "http/Responder.h"

#include <QJsonObject>

namespace gatehouse::tenancy {
class TenantResolver;
struct TenantRoute;
} // namespace gatehouse::tenancy

namespace gatehouse::oidc {

class TokenInspector;

// POST /oauth/introspect (RFC 7662). Only confidential clients may ask (§2.1 requires the caller
// to be authorized; a public client's client_id proves nothing): ClientAuthenticator::authenticate,
// else 401 invalid_client. The body is a form (§2.1) with `token` (400 invalid_request without
// it) and an optional `token_type_hint`, ignored (see TokenInspector).
//
// 200 {"active": true, scope, client_id, sub, exp, iat, iss, token_type, gid, …} for
//  - an access token of this tenant that verifies and whose grant is active; any confidential
//    client of the tenant may introspect it (resource servers are the usual callers; the claims
//    are in the JWT anyway). aud, jti and Auth0's gty are copied from the token, and token_type
//    is "Bearer" (RFC 6749 §7.1);
//  - a refresh token issued to the calling client (it is bound to that client and opaque, so no
//    other client learns anything about it), active as TokenInspector says; token_type is
//    "refresh_token", a Gatehouse value: RFC 7662 names only access token types.
// {"active": false} for everything else (§2.2): unknown, expired, revoked, rotated, another
// tenant's or another client's refresh token. Every answer is no-store.
class IntrospectionEndpoint final {
public:
    IntrospectionEndpoint(const tenancy::TenantResolver& resolver, const TokenInspector& inspector);

    void handle(const http::HttpRequest& request, const http::Responder& responder) const;
    [[nodiscard]] http::RequestHandler handler() const;

private:
    [[nodiscard]] Result<QJsonObject> introspect(const http::HttpRequest& request,
                                                 const tenancy::TenantRoute& route) const;

    const tenancy::TenantResolver& m_resolver;
    const TokenInspector& m_inspector;
};

} // namespace gatehouse::oidc
