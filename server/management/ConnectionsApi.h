#pragma once

#include "management/ManagementEndpoint.h"
#include "store/Records.h"

#include <QList>

namespace gatehouse::crypto {
class Sealer;
}
namespace gatehouse::store {
class Store;
}

namespace gatehouse::management {

class RequestBody;

// /api/v2/connections: where a tenant's users come from (Auth0's Connection shape: id, name,
// strategy, options, enabled_clients, realms, is_domain_connection).
//
// Strategy `auth0` is a database connection; its options are Auth0's `requires_username`,
// `disable_signup`, `brute_force_protection` and the password policy (`password_policy`,
// `passwordPolicy`, `password_complexity_options`, checked by identity::PasswordPolicy).
// Strategy `oidc` is an upstream OpenID provider; its options (issuer, client_id, client_secret,
// scopes, display_name, discovery_url) are checked by identity::UpstreamOidcConfig. Its client
// secret is never stored in the options and never shown: it is sealed with the master key
// (associated data `connection_secret:<tenant>:<connection id>`, sealedSecretAssociatedData())
// into ConnectionRecord::sealedSecret. A PATCH replaces the options as a whole, as in Auth0,
// except that the secret stays when `client_secret` is absent (GET never returns it) and is
// removed by an empty one. `tls_ca_file` names a file on the server and is the operator's to
// set: the API refuses it, and keeps a stored one across PATCHes.
//
// Name and strategy cannot change. Deleting a connection deletes its users (with their grants,
// sessions and identities), as in Auth0; the default database connection may be deleted too.
class ConnectionsApi final {
public:
    ConnectionsApi(store::Store& store, const crypto::Sealer& sealer);

    [[nodiscard]] QList<Endpoint> endpoints();

    [[nodiscard]] static QByteArray sealedSecretAssociatedData(const QString& tenant,
                                                               const QString& connectionId);

private:
    [[nodiscard]] Result<http::HttpResponse> list(const ManagementCall& call) const;
    [[nodiscard]] Result<http::HttpResponse> get(const ManagementCall& call) const;
    [[nodiscard]] Result<http::HttpResponse> create(const ManagementCall& call);
    [[nodiscard]] Result<http::HttpResponse> update(const ManagementCall& call);
    [[nodiscard]] Result<http::HttpResponse> remove(const ManagementCall& call);

    // Checks `options` for the connection's strategy and puts them into `connection` (the
    // options as stored, and the sealed secret of an oidc connection). `connection` holds the
    // stored values on a PATCH.
    [[nodiscard]] Result<void> applyOptions(const QJsonObject& options,
                                            store::ConnectionRecord& connection) const;
    [[nodiscard]] Result<void> checkEnabledClients(const store::ConnectionRecord& connection) const;

    store::Store& m_store;
    const crypto::Sealer& m_sealer;
};

} // namespace gatehouse::management
