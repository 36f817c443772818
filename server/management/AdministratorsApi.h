#pragma once

#include "management/ManagementEndpoint.h"

#include <QList>

namespace gatehouse::store {
class Store;
struct AdministratorRecord;
} // namespace gatehouse::store

namespace gatehouse::management {

// /api/v2/administrators of the system tenant: who administers what on the dashboard.
//   GET    /api/v2/administrators            read:administrators    every role, with e-mail
//   GET    /api/v2/administrators/{user_id}  read:administrators    one (404 without a role)
//   PUT    /api/v2/administrators/{user_id}  update:administrators  {"role", "tenants"}
//   DELETE /api/v2/administrators/{user_id}  delete:administrators  204
// System tenant only, so among administrators only owners reach it (Permissions); no machine
// client holds these scopes (they are not among the Management API's grantable scopes).
// The last owner can be neither demoted nor removed (409), so the instance always keeps one.
class AdministratorsApi final {
public:
    explicit AdministratorsApi(store::Store& store);

    [[nodiscard]] QList<Endpoint> endpoints();

private:
    [[nodiscard]] Result<http::HttpResponse> list(const ManagementCall& call) const;
    [[nodiscard]] Result<http::HttpResponse> get(const ManagementCall& call) const;
    [[nodiscard]] Result<http::HttpResponse> put(const ManagementCall& call);
    [[nodiscard]] Result<http::HttpResponse> remove(const ManagementCall& call);
    [[nodiscard]] QJsonObject administratorJson(const store::AdministratorRecord& record) const;
    // 409 when `userId` is the only owner (inside the write's transaction).
    [[nodiscard]] Result<void> keepAnOwner(const QString& userId) const;

    store::Store& m_store;
};

} // namespace gatehouse::management
