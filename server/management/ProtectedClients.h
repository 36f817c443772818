#pragma once

#include "core/Result.h"

#include <QString>

namespace gatehouse::store {
class Store;
}

namespace gatehouse::management {

class RequestBody;

// The system tenant's clients that Gatehouse itself depends on, and what the Management API may
// not do to them (403 `operation_not_allowed`, as for the Management API's own resource server):
//  - the dashboard's client (store::kDashboardClientId): not deleted, and its sign-in shape
//    (app_type native, public, grant types, loopback callback) not changed, so that it can
//    never be made confidential or redirected elsewhere; name and description may change;
//  - the system management client `init` made (store::kSystemManagementClientSetting): not
//    deleted and not made public, so that the operator's automation keeps its credentials.
class ProtectedClients final {
public:
    explicit ProtectedClients(store::Store& store);

    [[nodiscard]] Result<void> checkDelete(const QString& tenant, const QString& clientId) const;
    [[nodiscard]] Result<void> checkUpdate(const QString& tenant, const QString& clientId,
                                           const RequestBody& body) const;

private:
    [[nodiscard]] Result<bool> isSystemManagementClient(const QString& tenant,
                                                        const QString& clientId) const;

    store::Store& m_store;
};

} // namespace gatehouse::management
