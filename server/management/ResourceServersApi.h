#pragma once

#include "management/ManagementEndpoint.h"

#include <QList>

namespace gatehouse::store {
class Store;
}

namespace gatehouse::management {

// /api/v2/resource-servers: the tenant's APIs, the scopes each defines and the lifetime of the
// tokens issued for it (Auth0's Resource Server shape).
//
// Every tenant has one system resource server, its Management API. It is shown with the
// caller's audience `{issuer}api/v2/` and can be neither deleted nor renamed, nor have its
// scopes changed (the Management API checks exactly those); its token lifetime may be changed.
// Removing a scope from an API also removes it from the client grants that listed it, in the
// same transaction, so no grant ever refers to a scope that is not defined.
class ResourceServersApi final {
public:
    explicit ResourceServersApi(store::Store& store);

    [[nodiscard]] QList<Endpoint> endpoints();

private:
    [[nodiscard]] Result<http::HttpResponse> list(const ManagementCall& call) const;
    [[nodiscard]] Result<http::HttpResponse> get(const ManagementCall& call) const;
    [[nodiscard]] Result<http::HttpResponse> create(const ManagementCall& call);
    [[nodiscard]] Result<http::HttpResponse> update(const ManagementCall& call);
    [[nodiscard]] Result<http::HttpResponse> remove(const ManagementCall& call);
    // Drops scopes that `scopes` no longer defines from every grant for `audience`.
    [[nodiscard]] Result<void> pruneGrants(const QString& tenant, const QString& audience,
                                           const QStringList& scopes);

    store::Store& m_store;
};

} // namespace gatehouse::management
