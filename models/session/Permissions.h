#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace gatehouse::client {

// The caller's permission snapshot from `GET /api/v2/me` (docs/administrators.md): the same
// rules the server enforces, so the dashboard greys out what would be refused. It never
// authorizes anything itself; the server still refuses.
class Permissions final {
public:
    enum class Action { Read, Create, Update, Delete };

    Permissions() = default;
    [[nodiscard]] static Permissions fromJson(const QJsonObject& me);

    [[nodiscard]] bool isEmpty() const { return m_permissions.isEmpty(); }
    [[nodiscard]] bool isAdministrator() const { return m_kind == QLatin1String("administrator"); }
    [[nodiscard]] QString role() const { return m_role; } // owner, admin, support; empty: client
    [[nodiscard]] QString email() const { return m_email; }
    // Every ordinary tenant ("*" on the server), or only tenants().
    [[nodiscard]] bool coversEveryTenant() const { return m_everyTenant; }
    [[nodiscard]] QStringList tenants() const { return m_tenants; }

    // Whether `action` on `resource` (`users`, `clients`, `connections`, `tenant_settings`,
    // `tenants`, …: the part of a scope after the colon) is allowed in `tenant`.
    [[nodiscard]] bool allows(const QString& tenant, const QString& resource, Action action) const;
    // Any write at all in `tenant` (a support user has none).
    [[nodiscard]] bool canWriteIn(const QString& tenant) const;

private:
    [[nodiscard]] QJsonObject resourcesOf(const QString& tenant) const;

    QString m_kind;
    QString m_role;
    QString m_email;
    bool m_everyTenant = false;
    QStringList m_tenants;
    QJsonObject m_permissions;
};

} // namespace gatehouse::client
