#pragma once

#include "core/Result.h"
#include "daemon/InitialCredentials.h"

namespace gatehouse::crypto {
class Sealer;
}
namespace gatehouse::store {
class Store;
}
namespace gatehouse::tenancy {
struct IssuerPolicy;
}

namespace gatehouse::daemon {

// The first contents of a new store, made in one transaction so that a failed init leaves an
// empty database rather than a half-made instance:
//  - the `system` tenant with its machine client (a grant of every system Management API scope,
//    including the tenant-wide ones; its id kept in the setting
//    store::kSystemManagementClientSetting so that the API refuses to delete it), the
//    dashboard's native client (store::kDashboardClientId) and the owner administrator (role
//    `owner` in store::AdministratorRepository; app_metadata.roles ["owner"] as before);
//  - the first tenant with a machine client granted its Management API.
// Secrets are generated here, stored as hashes and returned in clear exactly once.
struct BootstrapRequest {
    QString tenant;
    QString signingAlgorithm;
    QString adminEmail = QStringLiteral("admin@gatehouse.localhost");
};

[[nodiscard]] Result<InitialCredentials> bootstrapStore(store::Store& store,
                                                        const crypto::Sealer& sealer,
                                                        const tenancy::IssuerPolicy& issuers,
                                                        const BootstrapRequest& request);

} // namespace gatehouse::daemon
