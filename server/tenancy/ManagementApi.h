#pragma once

#include <QLatin1String>
#include <QString>
#include <QStringList>
#include <QStringView>

namespace gatehouse::tenancy {

// Every tenant has a system resource server for its Management API. Clients see its audience as
// `{issuer}api/v2/` (Auth0's shape), for any of the tenant's issuers, but the store keeps the fixed
// identifier below instead: the audience depends on the public URL and domain, which an operator
// may change, and grants keyed by a URL would then be orphaned. The translation happens at the
// edges only: the token endpoint maps a requested `{issuer}api/v2/` to this identifier to find the
// resource server and its grants, and puts the requested string (never this marker) in `aud`; the
// Management API shows resource servers and grants with the caller's public audience. The marker
// itself is never accepted as a requested audience.
struct ManagementApi {
    static constexpr QLatin1String kIdentifier{"urn:gatehouse:management-api"};
    static constexpr QLatin1String kName{"Gatehouse Management API"};
    static constexpr int kTokenLifetimeSeconds = 86400;

    // Auth0's management scopes that Gatehouse implements. `*:tenants` act across tenants and are
    // only granted meaningfully by the system tenant; other tenants get the list without them.
    [[nodiscard]] static QStringList scopes(bool systemTenant);
};

} // namespace gatehouse::tenancy
