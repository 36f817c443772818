#pragma once

#include "management/ManagementEndpoint.h"

#include <QList>

namespace gatehouse::store {
class Store;
}
namespace gatehouse::tenancy {
class SigningKeyService;
}

namespace gatehouse::management {

// /api/v2/keys/signing: the tenant's token-signing keys (Auth0's Signing Keys shape, with the
// public JWK in place of Auth0's certificate: Gatehouse keys have none) and their rotation.
// Private keys never leave the store. Rotation is SigningKeyService's: the published Next key
// becomes Current, so verifiers that cached the JWKS already know it, and the old Current stays
// published as Previous until every token it signed has expired.
class SigningKeysApi final {
public:
    SigningKeysApi(store::Store& store, tenancy::SigningKeyService& keys);

    [[nodiscard]] QList<Endpoint> endpoints();

private:
    [[nodiscard]] Result<http::HttpResponse> list(const ManagementCall& call) const;
    [[nodiscard]] Result<http::HttpResponse> get(const ManagementCall& call) const;
    [[nodiscard]] Result<http::HttpResponse> rotate(const ManagementCall& call);
    [[nodiscard]] Result<http::HttpResponse> revoke(const ManagementCall& call);

    store::Store& m_store;
    tenancy::SigningKeyService& m_keys;
};

} // namespace gatehouse::management
