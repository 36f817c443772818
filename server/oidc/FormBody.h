#pragma once

#include "core/Result.h"
#include "oidc/RequestParameters.h"

namespace gatehouse::http {
class HttpRequest;
}

namespace gatehouse::oidc {

// The parameters of a POST body to an OAuth endpoint: application/x-www-form-urlencoded
// (RFC 6749 Appendix B, RFC 6750 §2.2, RFC 7009 §2.1, RFC 7662 §2.1), and with `acceptJson` also
// a flat JSON object (Auth0 accepts JSON at /oauth/token and /oauth/revoke). Media types compare
// case-insensitively, parameters such as charset are ignored. 400 invalid_request otherwise.
[[nodiscard]] Result<RequestParameters> parseBody(const http::HttpRequest& request,
                                                  bool acceptJson);

// True when the request has a body of the form media type (RFC 6750 §2.2 requires it).
[[nodiscard]] bool hasFormBody(const http::HttpRequest& request);

} // namespace gatehouse::oidc
