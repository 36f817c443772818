#pragma once

#include "http/RequestHandler.h"

namespace gatehouse::http {
class Router;
}
namespace gatehouse::tenancy {
class TenantResolver;
}

namespace gatehouse::daemon {

// The server's front door: a request addressed to a tenant (by `/t/{tenant}/` or by its Host)
// goes to the tenant routes with the tenant part of the path; anything else to the operations
// routes (/health, /metrics). Handlers find their tenant again through the resolver, which is a
// hash lookup, so nothing tenant-specific has to travel inside HttpRequest.
class Gateway final {
public:
    Gateway(const tenancy::TenantResolver& resolver, const http::Router& operationsRoutes,
            const http::Router& tenantRoutes);

    void handle(http::HttpRequest request, http::Responder responder) const;
    // For HttpServer; this object must outlive the server.
    [[nodiscard]] http::RequestHandler handler() const;

private:
    const tenancy::TenantResolver& m_resolver;
    const http::Router& m_operations;
    const http::Router& m_tenants;
};

} // namespace gatehouse::daemon
