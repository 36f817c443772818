#pragma once

#include "management/ManagementEndpoint.h"
#include "management/TenantUpdate.h"

#include <QList>

namespace gatehouse::store {
class Store;
}
namespace gatehouse::tenancy {
class TenantProvisioner;
}

namespace gatehouse::management {

// /api/v2/tenants[/{id}] in the system tenant only (Auth0 has no equivalent: its tenants are
// made in its dashboard): list, create (with keys and Management API, see TenantProvisioner),
// read, update (friendly_name, domain, signing_alg) and delete. The `system` tenant cannot be
// deleted: it holds the administrators who could re-create everything else.
class TenantsApi final {
public:
    TenantsApi(store::Store& store, tenancy::TenantProvisioner& provisioner, TenantUpdate& update);

    [[nodiscard]] QList<Endpoint> endpoints();

private:
    [[nodiscard]] Result<http::HttpResponse> list(const ManagementCall& call) const;
    [[nodiscard]] Result<http::HttpResponse> get(const ManagementCall& call) const;
    [[nodiscard]] Result<http::HttpResponse> create(const ManagementCall& call);
    [[nodiscard]] Result<http::HttpResponse> update(const ManagementCall& call);
    [[nodiscard]] Result<http::HttpResponse> remove(const ManagementCall& call);
    // A store conflict on create names `id` or `domain`, whichever is taken.
    [[nodiscard]] Error explainConflict(Error error, const QString& id) const;

    store::Store& m_store;
    tenancy::TenantProvisioner& m_provisioner;
    TenantUpdate& m_update;
};

} // namespace gatehouse::management
