#pragma once

#include "http/HttpResponse.h"

#include <QByteArrayView>
#include <QString>

namespace gatehouse::oidc {

// An error response of the token endpoint (RFC 6749 §5.2), with the no-store headers that
// RFC 6749 §5.1 requires of every token endpoint response.
[[nodiscard]] http::HttpResponse tokenError(int status, QByteArrayView code,
                                            const QString& description);

// 401 invalid_client with `WWW-Authenticate: Basic realm="{issuer}"`. RFC 6749 §5.2 requires the
// challenge when the client authenticated with the Authorization header; it is sent for
// client_secret_post too, because it tells the client which scheme would work and costs nothing.
[[nodiscard]] http::HttpResponse invalidClient(const QString& issuer, const QString& description);

// An RFC 6750 §3 Bearer challenge for a protected resource, e.g. 401
// `WWW-Authenticate: Bearer realm="…", error="invalid_token", error_description="…"` with the
// usual JSON error body. `status` and `code` come from the verifier's Error.
[[nodiscard]] http::HttpResponse bearerChallenge(const QString& realm, int status,
                                                 QByteArrayView code, const QString& description);

// The response for an error of a client-authenticated endpoint (token, revocation, introspection):
// invalidClient() for `invalid_client`, tokenError() for everything else.
[[nodiscard]] http::HttpResponse oauthError(const QString& issuer, const gatehouse::Error& error);

// Sets Cache-Control: no-store and Pragma: no-cache (RFC 6749 §5.1).
void setNoStore(http::HttpResponse& response);

} // namespace gatehouse::oidc
