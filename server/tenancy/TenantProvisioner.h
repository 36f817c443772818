#pragma once

#include "core/Result.h"
#include "store/Records.h"
#include "store/Store.h"
#include "tenancy/TenantId.h"

#include <functional>

namespace gatehouse::tenancy {

class SigningKeyService;

// Creates a tenant with everything it needs to work, in ONE store transaction: the tenant
// record, its Current and Next signing keys (of tenant.signingAlgorithm; RS256 when empty), its
// Management API (a system resource server, see ManagementApi) and its database connection
// `Username-Password-Authentication`, enabled for all of its clients. A failure anywhere leaves
// nothing behind, so a tenant never exists without keys, Management API or connection.
class TenantProvisioner final {
public:
    // Runs inside the same transaction after the tenant exists, for callers that must add more
    // atomically (the daemon's `init`: the system tenant's dashboard client and first admin).
    using Extra = std::function<Result<void>(store::Store& store, const store::TenantRecord&)>;

    TenantProvisioner(store::Store store, SigningKeyService& keys);

    // Tenant ids must pass validateTenantId(); `system` only with SystemTenantId::Allow.
    // Errors: invalid_tenant_id, invalid_request (unknown algorithm), conflict (id or domain
    // taken), and whatever `extra` or the store return.
    Result<store::TenantRecord> create(store::TenantRecord tenant,
                                       SystemTenantId system = SystemTenantId::Refuse,
                                       const Extra& extra = {});

    // The Management API resource server record for `tenant` (not stored).
    [[nodiscard]] static store::ResourceServerRecord managementApi(const QString& tenant);

private:
    [[nodiscard]] Result<void> createDefaultConnection(const QString& tenant);

    store::Store m_store;
    SigningKeyService& m_keys;
};

} // namespace gatehouse::tenancy
