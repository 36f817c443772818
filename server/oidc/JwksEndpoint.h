#pragma once

#include "http/HttpRequest.h"
#include "http/RequestHandler.h"
#include "http/Responder.h"

namespace gatehouse::tenancy {
class TenantResolver;
}

namespace gatehouse::oidc {

// GET /.well-known/jwks.json: the tenant's JWK Set (RFC 7517 §5) with kid, alg and use "sig" for
// its Current, Next and Previous keys. The Next key is published before it signs anything, and a
// Previous one until every token it signed has expired (see tenancy::SigningKeyService), so a
// verifier that caches this document for max-age never meets an unknown kid. The body is
// pre-serialised in the snapshot.
class JwksEndpoint final {
public:
    static constexpr int kMaxAgeSeconds = 300;

    explicit JwksEndpoint(const tenancy::TenantResolver& resolver);

    void handle(const http::HttpRequest& request, const http::Responder& responder) const;
    [[nodiscard]] http::RequestHandler handler() const;

private:
    const tenancy::TenantResolver& m_resolver;
};

} // namespace gatehouse::oidc
