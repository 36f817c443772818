#pragma once

#include "core/Result.h"
#include "store/ChangeLog.h"

#include <QDateTime>
#include <QJsonObject>
#include <QLatin1String>
#include <QList>
#include <QString>
#include <QStringList>
#include <memory>
#include <optional>

namespace gatehouse::store {

class Database;

// The system tenant's clients that Gatehouse itself relies on. The dashboard's client id is fixed
// so that a dashboard needs no configuration to sign in to any server; the system management
// client's id is random (it has a secret) and is remembered in the instance setting below.
inline constexpr QLatin1String kDashboardClientId{"gatehouse-dashboard"};
inline constexpr QLatin1String kDashboardClientName{"Gatehouse Dashboard"};
inline constexpr QLatin1String kDashboardCallback{"http://127.0.0.1/callback"};
inline constexpr QLatin1String kSystemManagementClientSetting{"system_management_client_id"};

// An administrator: a user of the `system` tenant with a role on the dashboard.
//   owner    every tenant, and the system tenant itself (tenants, administrators)
//   admin    every operation in the listed tenants
//   support  reading users and connections (and logs) of the listed tenants
// `tenants` is empty for owners. Configuration data: written with a change-log entry.
struct AdministratorRecord {
    QString userId;
    QString role;
    QStringList tenants;
    QDateTime createdAt;
    QDateTime updatedAt;

    [[nodiscard]] QJsonObject toJson() const;
    friend bool operator==(const AdministratorRecord&, const AdministratorRecord&) = default;
};

class AdministratorRepository final {
public:
    static constexpr QLatin1String kOwner{"owner"};
    static constexpr QLatin1String kAdmin{"admin"};
    static constexpr QLatin1String kSupport{"support"};
    [[nodiscard]] static const QStringList& roles();

    explicit AdministratorRepository(std::shared_ptr<Database> db);

    [[nodiscard]] Result<std::optional<AdministratorRecord>> find(const QString& userId) const;
    // Ordered by user id.
    [[nodiscard]] Result<QList<AdministratorRecord>> list() const;
    // Creates or replaces the user's role (createdAt kept on replace). `invalid_request` for an
    // unknown role, tenants given to an owner or a tenant that does not exist; `not_found` when
    // the user is not a user of the system tenant.
    Result<AdministratorRecord> put(AdministratorRecord administrator);
    // `not_found` when the user has no role.
    Result<void> remove(const QString& userId);
    [[nodiscard]] Result<int> countOwners() const;
    // Whether `userId` is an owner and no other owner exists (run inside the write's
    // transaction): such a user may be neither demoted nor removed, so an instance keeps one.
    [[nodiscard]] Result<bool> isLastOwner(const QString& userId) const;
    // Takes a deleted tenant out of every administrator's list (in the caller's transaction), so
    // that a tenant created later under the same id is not administered by the old list.
    Result<void> forgetTenant(const QString& tenant);

private:
    [[nodiscard]] Result<void> validate(const AdministratorRecord& administrator) const;
    [[nodiscard]] Result<void> log(const AdministratorRecord& administrator,
                                   ChangeOperation operation);

    std::shared_ptr<Database> m_db;
    ChangeLog m_changes;
};

} // namespace gatehouse::store
