#pragma once

#include "tenancy/TenantSnapshot.h"

#include <QByteArray>
#include <QString>

#include <memory>
#include <optional>

namespace gatehouse::http {
class HttpRequest;
}

namespace gatehouse::tenancy {

class TenantCatalog;

struct TenantRoute {
    std::shared_ptr<const TenantSnapshot> tenant;
    QString issuer;        // the issuer this request addressed (see IssuerPolicy)
    QByteArray tenantPath; // the path inside the tenant, e.g. "/oauth/token"; "/" for "/t/T"
};

// Finds the tenant a request addresses (ARCHITECTURE.md, "Tenancy and addressing"):
//  - Host is a tenant's host (`{tenant}.{domain}` or its custom domain; case-insensitive, port
//    ignored): that tenant, at the root of the host, with the host issuer. The path is not
//    examined further, so `/t/other/…` on a tenant's host is just a path of that tenant (which
//    does not exist): an origin belongs to exactly one tenant, which is what keeps one tenant's
//    pages and cookies out of another's origin.
//  - otherwise the path `/t/{tenant}` or `/t/{tenant}/…`: that tenant, with its path issuer.
// Anything else (an unknown tenant, `/t/`, `/t//x`, `/tx`) is nullopt. A hash lookup, no I/O, so
// handlers call it themselves instead of being handed the route.
class TenantResolver final {
public:
    explicit TenantResolver(const TenantCatalog& catalog);

    [[nodiscard]] std::optional<TenantRoute> resolve(const http::HttpRequest& request) const;
    // The same from the parts, for callers without a request.
    [[nodiscard]] std::optional<TenantRoute> resolve(QByteArrayView host,
                                                     QByteArrayView path) const;

    [[nodiscard]] const TenantCatalog& catalog() const { return m_catalog; }

private:
    const TenantCatalog& m_catalog;
};

} // namespace gatehouse::tenancy
