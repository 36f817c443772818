#pragma once

#include "identity/AttackProtection.h"
#include "management/ManagementEndpoint.h"

#include <QList>

namespace gatehouse::store {
class Store;
}

namespace gatehouse::management {

// /api/v2/user-blocks/{id}: the brute-force blocks of a user (identity::AttackProtection), Auth0's
// shape. GET lists the (identifier, IP) pairs blocked now: {"blocked_for": [{"identifier", "ip"}]}
// where the identifier is the user's e-mail address (or username); DELETE lifts every block and
// forgets the failure counts. A user of another tenant is a 404, as everywhere.
class UserBlocksApi final {
public:
    explicit UserBlocksApi(store::Store& store);

    [[nodiscard]] QList<Endpoint> endpoints();

private:
    [[nodiscard]] Result<http::HttpResponse> get(const ManagementCall& call) const;
    [[nodiscard]] Result<http::HttpResponse> remove(const ManagementCall& call);

    store::Store& m_store;
    identity::AttackProtection m_protection;
};

} // namespace gatehouse::management
