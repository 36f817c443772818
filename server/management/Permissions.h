#pragma once

#include "core/Result.h"
#include "management/ManagementEndpoint.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>
#include <QStringView>
#include <optional>
#include <vector>

namespace gatehouse::management {

// The dashboard roles of the system tenant's administrators (store::AdministratorRepository).
enum class Role { Owner, Admin, Support };

[[nodiscard]] std::optional<Role> roleFromString(QStringView text);
[[nodiscard]] QString toString(Role role);

// What a caller may do with the Management API, decided from the caller alone (no I/O), so that
// the check before every handler and the snapshot of /api/v2/me cannot disagree: the snapshot is
// check() run against every endpoint.
//
// Administrators (a user signed in through the dashboard's client):
//   owner    every endpoint of every tenant, the system tenant's own included
//   admin    every endpoint of the tenants listed; nothing in the system tenant (so neither
//            tenants nor administrators)
//   support  in the tenants listed, reading the resources of supportReadable(); nothing else
// Machine clients (client credentials): the endpoint's scope, as before; a system tenant token
// reaches every tenant.
// Endpoints without a scope (/api/v2/me) describe the caller and are open to every caller.
class Permissions final {
public:
    [[nodiscard]] static Permissions forAdministrator(Role role, QStringList tenants);
    [[nodiscard]] static Permissions forClient(QString issuingTenant, QStringList scopes);

    // The resources (the part of a scope after ':') support staff may read.
    [[nodiscard]] static const QStringList& supportReadable();

    // 403 `forbidden` for a tenant the caller does not reach; 403 `insufficient_scope` for an
    // operation the role or the scopes do not allow in a tenant it reaches.
    [[nodiscard]] Result<void> check(const Endpoint& endpoint, const QString& tenantId) const;
    // Whether the caller reaches `tenantId` at all.
    [[nodiscard]] bool reaches(const QString& tenantId) const;

    // "*" (every tenant) or the list of tenants.
    [[nodiscard]] QJsonValue tenantsJson() const;
    // Per tenant key ("*" standing for every ordinary tenant, "system" for the system tenant,
    // else tenant ids), per resource: {"read": bool, "write": bool, "actions": [verbs]} with the
    // verbs of the allowed scopes (read, create, update, delete).
    [[nodiscard]] QJsonObject snapshot(const std::vector<Endpoint>& endpoints) const;

    [[nodiscard]] std::optional<Role> role() const { return m_role; }

private:
    Permissions() = default;
    [[nodiscard]] bool everyTenant() const;
    [[nodiscard]] QJsonObject tenantSnapshot(const std::vector<Endpoint>& endpoints,
                                             const QString& tenantId) const;

    std::optional<Role> m_role; // empty for machine clients
    QStringList m_tenants;      // administrators below owner
    QString m_issuingTenant;    // machine clients
    QStringList m_scopes;       // machine clients
};

} // namespace gatehouse::management
