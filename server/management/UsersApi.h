#pragma once

#include "crypto/PasswordHasher.h"
#include "management/ManagementEndpoint.h"
#include "store/Records.h"

#include <QList>
#include <optional>

namespace gatehouse::store {
class Store;
}

namespace gatehouse::management {

class RequestBody;

// /api/v2/users and /api/v2/users-by-email: a tenant's users, Auth0's shapes (UserShape.h).
//
// Users are created in a database connection (strategy `auth0`) of the tenant, with a password
// that the connection's PasswordPolicy accepts; it is hashed (argon2id) in its NFKC form, on the
// Management API's own thread: administrators create few users, and the pool is bounded. An
// e-mail address is required; a username is required exactly when the connection's options say
// `requires_username` (and refused otherwise, as Auth0 does). The connection never changes.
// GET /users searches with Auth0's `q` (identity::UserQuery, compiled to SQL by identity and run
// by UserRepository::search inside the tenant). Deleting a user revokes its grants and ends its
// SSO sessions in the same transaction.
class UsersApi final {
public:
    UsersApi(store::Store& store, crypto::PasswordCost passwordCost);

    [[nodiscard]] QList<Endpoint> endpoints();

private:
    [[nodiscard]] Result<http::HttpResponse> list(const ManagementCall& call) const;
    [[nodiscard]] Result<http::HttpResponse> get(const ManagementCall& call) const;
    [[nodiscard]] Result<http::HttpResponse> byEmail(const ManagementCall& call) const;
    [[nodiscard]] Result<http::HttpResponse> create(const ManagementCall& call);
    [[nodiscard]] Result<http::HttpResponse> update(const ManagementCall& call);
    [[nodiscard]] Result<http::HttpResponse> remove(const ManagementCall& call);

    // The connection a user is created in or belongs to, when it is a database connection.
    [[nodiscard]] Result<std::optional<store::ConnectionRecord>>
    databaseConnection(const QString& tenant, const QString& name) const;
    // The argon2id hash of a password the connection's policy accepts for `user`.
    [[nodiscard]] Result<QByteArray> hashPassword(const QString& password,
                                                  const store::ConnectionRecord& connection,
                                                  const store::UserRecord& user) const;
    // 409 naming `email` or `username` when another user of the connection has it.
    [[nodiscard]] Result<void> checkUnique(const store::UserRecord& user) const;

    store::Store& m_store;
    crypto::PasswordHasher m_hasher;
};

} // namespace gatehouse::management
