#pragma once

#include "http/HttpRequest.h"
#include "http/RequestHandler.h"
#include "http/Responder.h"

namespace gatehouse::tenancy {
class TenantResolver;
}

namespace gatehouse::oidc {

// GET /.well-known/openid-configuration (OpenID Connect Discovery 1.0 §4): the metadata of the
// issuer the request addressed (path or host form, see tenancy::IssuerPolicy), whose `issuer`
// equals that URL as §4.3 requires. Pre-serialised per issuer in the snapshot; what it contains is
// documented at tenancy::discoveryDocument().
class DiscoveryEndpoint final {
public:
    static constexpr int kMaxAgeSeconds = 3600;

    explicit DiscoveryEndpoint(const tenancy::TenantResolver& resolver);

    void handle(const http::HttpRequest& request, const http::Responder& responder) const;
    [[nodiscard]] http::RequestHandler handler() const;

private:
    const tenancy::TenantResolver& m_resolver;
};

} // namespace gatehouse::oidc
