#pragma once

#include "core/Result.h"
#include "management/ManagementEndpoint.h"

namespace gatehouse::store {
class Store;
}

namespace gatehouse::management {

// Reads, for one request, who an administrator's token stands for. Done at request time, not
// from the token: a revoked grant (logout, refresh-token reuse, password reset), a blocked or
// deleted user and a changed or removed role all take effect on the next request.
class AdministratorDirectory final {
public:
    explicit AdministratorDirectory(store::Store& store);

    // 401 `invalid_token` when the token's grant is revoked, expired or not the dashboard's grant
    // for this user, or the user is gone or blocked; 403 `forbidden` when the user has no role.
    [[nodiscard]] Result<Administrator> resolve(const Caller& caller) const;

private:
    store::Store& m_store;
};

} // namespace gatehouse::management
