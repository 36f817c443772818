#pragma once

#include "core/Result.h"
#include "http/HttpResponse.h"
#include "management/ManagementEndpoint.h"

#include <QLatin1String>

namespace gatehouse::oidc {
class AccessTokenVerifier;
}
namespace gatehouse::tenancy {
class TenantCatalog;
}

namespace gatehouse::management {

// Who may call a Management API endpoint (SECURITY.md, "Management API"): a Bearer access token
// (RFC 6750 §2.1) whose audience is the addressed tenant's Management API, issued by that tenant
// or by the `system` tenant for its own Management API (automation and the dashboard manage
// every tenant with those). A token of any other tenant is invalid here, exactly like a forged
// one. Two kinds of token pass:
//  - a machine client's (client credentials: gty "client-credentials", sub "{client}@clients"),
//    carrying the endpoint's Auth0 scope;
//  - a user's token (it names its grant, `gid`) issued by the system tenant to the dashboard's
//    client (store::kDashboardClientId): an administrator, whose role ManagementApi checks with
//    the store before the handler. User tokens of any other client are invalid here.
class ManagementAuthorizer final {
public:
    ManagementAuthorizer(const oidc::AccessTokenVerifier& verifier,
                         const tenancy::TenantCatalog& catalog);

    // 401 `unauthorized` without a Bearer token, 401 `invalid_token` for a token that does not
    // verify for this tenant or is neither kind above, 403 `insufficient_scope` when a machine
    // token lacks `scope` (an empty scope: any caller).
    [[nodiscard]] Result<Caller> authorize(const http::HttpRequest& request,
                                           const tenancy::TenantRoute& route,
                                           QLatin1String scope) const;

    // The error as an RFC 6750 §3 response: a `WWW-Authenticate: Bearer` challenge whose realm is
    // the tenant's Management API audience, with `error` (§3.1) except when the request carried
    // no token at all, and `scope` for insufficient_scope.
    [[nodiscard]] static http::HttpResponse challenge(const tenancy::TenantRoute& route,
                                                      const Error& error, QLatin1String scope);

private:
    const oidc::AccessTokenVerifier& m_verifier;
    const tenancy::TenantCatalog& m_catalog;
};

} // namespace gatehouse::management
