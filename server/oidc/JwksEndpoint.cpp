#include "oidc/JwksEndpoint.h"

#include "tenancy/TenantResolver.h"

namespace gatehouse::oidc {

JwksEndpoint::JwksEndpoint(const tenancy::TenantResolver& resolver)
    : m_resolver(resolver) {}

http::RequestHandler JwksEndpoint::handler() const {
    return [this](http::HttpRequest request, http::Responder responder) {
        handle(request, responder);
    };
}

void JwksEndpoint::handle(const http::HttpRequest& request,
                          const http::Responder& responder) const {
    const std::optional<tenancy::TenantRoute> route = m_resolver.resolve(request);
    if (!route) {
        responder.send(
            http::HttpResponse::error(404, "not_found", QStringLiteral("unknown tenant")));
        return;
    }
    static const QByteArray kCacheControl =
        QByteArrayLiteral("public, max-age=") + QByteArray::number(kMaxAgeSeconds);
    http::HttpResponse response = http::HttpResponse::json(200, route->tenant->jwks());
    response.setHeader(QByteArrayLiteral("Cache-Control"), kCacheControl);
    responder.send(std::move(response));
}

} // namespace gatehouse::oidc
