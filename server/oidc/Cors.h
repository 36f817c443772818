#pragma once

#include "http/HttpRequest.h"
#include "http/HttpResponse.h"
#include "http/RequestHandler.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QStringList>

namespace gatehouse::tenancy {
class TenantResolver;
class TenantSnapshot;
} // namespace gatehouse::tenancy

namespace gatehouse::oidc {

// CORS (Fetch standard, "CORS protocol") for the endpoints that browser applications (SPAs) call
// directly: /userinfo, /oauth/token and /oauth/revoke. An origin is allowed only when it equals,
// byte for byte, an entry of a client's `web_origins` (Auth0's "Allowed Web Origins"); the
// Management API stores only the form browsers send, so there is nothing to normalise here, and
// "null", another case, a path or a default port never match.
//
// Which clients count:
//  - for /userinfo, any client of the tenant (the bearer token names its client, but the token
//    is checked later by the endpoint; an origin no client lists is never answered);
//  - for /oauth/token and /oauth/revoke, the client making the request (Basic user name or body
//    `client_id`): a web origin lets that application, and no other, read the answers.
// A preflight (OPTIONS) carries no body, so it is answered for any origin some client of the
// tenant lists; the actual response is still shared only as above.
//
// Allowed responses get `Access-Control-Allow-Origin: <origin>`; never credentials (these
// endpoints take no cookies). Every response of a wrapped endpoint carries `Vary: Origin`, since
// whether it is shared depends on it. Other origins get no Access-Control-* header at all, so
// the browser keeps the answer from the page.
class Cors final {
public:
    enum class Scope { AnyClientOfTenant, RequestingClient };
    // Browsers cap this (Chromium at 2 hours); longer would be ignored.
    static constexpr int kPreflightMaxAgeSeconds = 7200;
    static constexpr QByteArrayView kAllowedHeaders = "Authorization, Content-Type";

    explicit Cors(const tenancy::TenantResolver& resolver);

    // `inner` with CORS headers added to its responses.
    [[nodiscard]] http::RequestHandler wrap(http::RequestHandler inner, Scope scope) const;
    // The OPTIONS handler of an endpoint that serves `methods` ("GET, POST").
    [[nodiscard]] http::RequestHandler preflight(QByteArray methods) const;

    // The request's Origin when there is exactly one and it is a listed entry of `allowed`.
    [[nodiscard]] static QByteArray matchingOrigin(const http::HttpRequest& request,
                                                   const QStringList& allowed);
    // The client a token or revocation request names: the Basic user name or the body's
    // `client_id` (form or JSON); empty when neither or when they disagree.
    [[nodiscard]] static QString requestingClientId(const http::HttpRequest& request);
    // The headers of a preflight answer, added to `response` (204).
    static void allowPreflight(http::HttpResponse& response, QByteArrayView origin,
                               QByteArrayView methods);

private:
    [[nodiscard]] QByteArray allowedOrigin(const http::HttpRequest& request, Scope scope) const;

    const tenancy::TenantResolver* m_resolver;
};

} // namespace gatehouse::oidc
