#include "oidc/Cors.h"

#include "http/Responder.h"
#include "oidc/ClientAuthenticator.h"
#include "oidc/FormBody.h"
#include "tenancy/TenantResolver.h"
#include "tenancy/TenantSnapshot.h"

namespace gatehouse::oidc {

namespace {

// The Origin header when the request has exactly one (a second one is not something a browser
// sends, and choosing between them would be guessing).
QByteArray singleOrigin(const http::HttpRequest& request) {
    const QList<QByteArray> origins = request.headerValues("Origin");
    return origins.size() == 1 ? origins.first() : QByteArray();
}

void addVary(http::HttpResponse& response) {
    QByteArray vary = response.header("Vary");
    if (vary.isEmpty())
        response.setHeader("Vary", "Origin");
    else if (!vary.contains("Origin"))
        response.setHeader("Vary", vary + ", Origin");
}

} // namespace

Cors::Cors(const tenancy::TenantResolver& resolver)
    : m_resolver(&resolver) {}

QByteArray Cors::matchingOrigin(const http::HttpRequest& request, const QStringList& allowed) {
    const QByteArray origin = singleOrigin(request);
    if (origin.isEmpty())
        return {};
    // Exact, case-sensitive comparison of the bytes the browser sent (no decoding).
    for (const QString& entry : allowed) {
        if (entry.toUtf8() == origin)
            return origin;
    }
    return {};
}

QString Cors::requestingClientId(const http::HttpRequest& request) {
    const Result<RequestParameters> parameters = parseBody(request, true);
    if (!parameters)
        return {};
    const Result<ClientCredentials> credentials =
        ClientAuthenticator::extract(request, *parameters);
    return credentials ? credentials->clientId : QString();
}

void Cors::allowPreflight(http::HttpResponse& response, QByteArrayView origin,
                          QByteArrayView methods) {
    response.setHeader("Access-Control-Allow-Origin", origin.toByteArray());
    response.setHeader("Access-Control-Allow-Methods", methods.toByteArray());
    response.setHeader("Access-Control-Allow-Headers", kAllowedHeaders.toByteArray());
    response.setHeader("Access-Control-Max-Age", QByteArray::number(kPreflightMaxAgeSeconds));
}

QByteArray Cors::allowedOrigin(const http::HttpRequest& request, Scope scope) const {
    const QByteArray origin = singleOrigin(request);
    if (origin.isEmpty())
        return {};
    const std::optional<tenancy::TenantRoute> route = m_resolver->resolve(request);
    if (!route)
        return {};
    if (scope == Scope::AnyClientOfTenant)
        return route->tenant->hasWebOrigin(QString::fromUtf8(origin)) ? origin : QByteArray();
    const tenancy::ClientEntry* client = route->tenant->client(requestingClientId(request));
    return client ? matchingOrigin(request, client->webOrigins) : QByteArray();
}

http::RequestHandler Cors::wrap(http::RequestHandler inner, Scope scope) const {
    return [cors = *this, inner = std::move(inner), scope](http::HttpRequest request,
                                                           http::Responder responder) {
        const QByteArray origin = cors.allowedOrigin(request, scope);
        inner(std::move(request), http::Responder([origin, responder](http::HttpResponse response) {
                  addVary(response);
                  if (!origin.isEmpty())
                      response.setHeader("Access-Control-Allow-Origin", origin);
                  responder.send(std::move(response));
              }));
    };
}

http::RequestHandler Cors::preflight(QByteArray methods) const {
    return [cors = *this, methods = std::move(methods)](http::HttpRequest request,
                                                        http::Responder responder) {
        // Not a CORS preflight (no Origin), or an origin no client lists: a plain answer that
        // names the methods and shares nothing, so the browser refuses the actual request.
        http::HttpResponse response(204);
        response.setHeader("Allow", "OPTIONS, " + methods);
        addVary(response);
        if (const QByteArray origin = cors.allowedOrigin(request, Scope::AnyClientOfTenant);
            !origin.isEmpty())
            allowPreflight(response, origin, methods);
        responder.send(std::move(response));
    };
}

} // namespace gatehouse::oidc
