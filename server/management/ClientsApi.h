#pragma once

#include "management/ManagementEndpoint.h"
#include "store/Records.h"

#include <QList>

namespace gatehouse::store {
class Store;
}

namespace gatehouse::management {

// /api/v2/clients: the tenant's applications (Auth0's Client shape).
//
// Client secrets are 256-bit random values stored only as crypto::SecretHash: the plain secret
// appears in exactly two responses, the creation and rotate-secret (and a PATCH that turns a
// public client into a confidential one, which creates its first secret). Applications of type
// `spa` and `native` are public clients (RFC 6749 §2.1): they cannot keep a secret, so they get
// none and authenticate with PKCE instead.
class ClientsApi final {
public:
    explicit ClientsApi(store::Store& store);

    [[nodiscard]] QList<Endpoint> endpoints();

private:
    [[nodiscard]] Result<http::HttpResponse> list(const ManagementCall& call) const;
    [[nodiscard]] Result<http::HttpResponse> get(const ManagementCall& call) const;
    [[nodiscard]] Result<http::HttpResponse> create(const ManagementCall& call);
    [[nodiscard]] Result<http::HttpResponse> update(const ManagementCall& call);
    [[nodiscard]] Result<http::HttpResponse> remove(const ManagementCall& call);
    [[nodiscard]] Result<http::HttpResponse> rotateSecret(const ManagementCall& call);

    store::Store& m_store;
};

} // namespace gatehouse::management
