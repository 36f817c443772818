#pragma once

#include "core/Result.h"
#include "store/Records.h"

#include <functional>

namespace gatehouse::store {
class Store;
}
namespace gatehouse::tenancy {
class SigningKeyService;
}

namespace gatehouse::management {

// Writes a changed tenant record, both from /tenants/settings and from the system tenant's
// /tenants/{id}. A new signingAlgorithm switches the tenant to keys of that type at once
// (SigningKeyService::changeAlgorithm): record and keys change in one transaction, so the tenant
// never claims an algorithm its current key does not have.
class TenantUpdate final {
public:
    TenantUpdate(store::Store& store, tenancy::SigningKeyService& keys);

    // Changes the tenant's record inside the transaction, so that concurrent updates of other
    // fields are never lost. `change` may refuse with an error, which rolls everything back.
    using Change = std::function<Result<void>(store::TenantRecord& tenant)>;

    [[nodiscard]] Result<store::TenantRecord> apply(const QString& tenantId, const Change& change);

private:
    store::Store& m_store;
    tenancy::SigningKeyService& m_keys;
};

} // namespace gatehouse::management
