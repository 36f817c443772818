#include "daemon/Gateway.h"

#include "http/HttpRequest.h"
#include "http/HttpResponse.h"
#include "http/Responder.h"
#include "http/Router.h"
#include "tenancy/TenantResolver.h"

namespace gatehouse::daemon {

Gateway::Gateway(const tenancy::TenantResolver& resolver, const http::Router& operationsRoutes,
                 const http::Router& tenantRoutes)
    : m_resolver(resolver)
    , m_operations(operationsRoutes)
    , m_tenants(tenantRoutes) {}

void Gateway::handle(http::HttpRequest request, http::Responder responder) const {
    if (auto route = m_resolver.resolve(request)) {
        // The route keeps tenantPath alive while dispatch() reads it.
        const QByteArray tenantPath = route->tenantPath;
        m_tenants.dispatch(std::move(request), tenantPath, responder);
        return;
    }
    const QByteArray path = request.path();
    if (path.startsWith("/t/")) {
        const QByteArray name = path.mid(3).split('/').value(0);
        responder.setRoutePattern("/t/{unknown}");
        responder.send(http::HttpResponse::error(
            404, "not_found",
            QStringLiteral("no tenant named '%1'").arg(QString::fromUtf8(name.left(64)))));
        return;
    }
    m_operations.dispatch(std::move(request), path, responder);
}

http::RequestHandler Gateway::handler() const {
    return [this](http::HttpRequest request, http::Responder responder) {
        handle(std::move(request), std::move(responder));
    };
}

} // namespace gatehouse::daemon
