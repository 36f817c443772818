#pragma once

#include "management/ManagementEndpoint.h"

#include <QList>

namespace gatehouse::store {
class Store;
struct ClientGrantRecord;
} // namespace gatehouse::store

namespace gatehouse::management {

// /api/v2/client-grants: which client may get which scopes of which API with the client
// credentials grant (Auth0's Client Grant shape). A grant names a client and an API of the same
// tenant, and only scopes that API defines; there is at most one grant per client and API.
// The checks and the write share one transaction, so a concurrent change cannot slip between.
class ClientGrantsApi final {
public:
    explicit ClientGrantsApi(store::Store& store);

    [[nodiscard]] QList<Endpoint> endpoints();

private:
    [[nodiscard]] Result<http::HttpResponse> list(const ManagementCall& call) const;
    [[nodiscard]] Result<http::HttpResponse> get(const ManagementCall& call) const;
    [[nodiscard]] Result<http::HttpResponse> create(const ManagementCall& call);
    [[nodiscard]] Result<http::HttpResponse> update(const ManagementCall& call);
    [[nodiscard]] Result<http::HttpResponse> remove(const ManagementCall& call);
    // 400 naming the first scope that the API stored as `identifier` does not define.
    [[nodiscard]] Result<void> checkScopes(const QString& tenant, const QString& identifier,
                                           const QStringList& scopes) const;

    store::Store& m_store;
};

} // namespace gatehouse::management
