#include "management/Permissions.h"

#include "tenancy/TenantId.h"

#include <QJsonArray>
#include <QMap>
#include <QSet>

namespace gatehouse::management {
namespace {

using namespace Qt::StringLiterals;

const QString kSystem = QString(tenancy::kSystemTenantId);
const QString kEveryTenant = u"*"_s;

// "read:users" → ("read", "users").
std::pair<QString, QString> splitScope(QLatin1String scope) {
    const QString text(scope);
    const qsizetype colon = text.indexOf(u':');
    return {text.left(colon), text.mid(colon + 1)};
}

Error forbidden(const QString& message) {
    return Error{QByteArrayLiteral("forbidden"), message, 403};
}

Error insufficientScope(const QString& message) {
    return Error{QByteArrayLiteral("insufficient_scope"), message, 403};
}

} // namespace

std::optional<Role> roleFromString(QStringView text) {
    if (text == "owner"_L1)
        return Role::Owner;
    if (text == "admin"_L1)
        return Role::Admin;
    if (text == "support"_L1)
        return Role::Support;
    return std::nullopt;
}

QString toString(Role role) {
    switch (role) {
    case Role::Owner:
        return u"owner"_s;
    case Role::Admin:
        return u"admin"_s;
    case Role::Support:
        return u"support"_s;
    }
    return {};
}

Permissions Permissions::forAdministrator(Role role, QStringList tenants) {
    Permissions permissions;
    permissions.m_role = role;
    permissions.m_tenants = std::move(tenants);
    return permissions;
}

Permissions Permissions::forClient(QString issuingTenant, QStringList scopes) {
    Permissions permissions;
    permissions.m_issuingTenant = std::move(issuingTenant);
    permissions.m_scopes = std::move(scopes);
    return permissions;
}

const QStringList& Permissions::supportReadable() {
    // SECURITY.md: support staff read logs and users. Logs join this list with their API.
    static const QStringList resources{u"users"_s, u"connections"_s};
    return resources;
}

bool Permissions::everyTenant() const {
    return m_role ? *m_role == Role::Owner : m_issuingTenant == kSystem;
}

bool Permissions::reaches(const QString& tenantId) const {
    if (everyTenant())
        return true;
    if (tenantId == kSystem)
        return false;
    return m_role ? m_tenants.contains(tenantId) : m_issuingTenant == tenantId;
}

Result<void> Permissions::check(const Endpoint& endpoint, const QString& tenantId) const {
    if (endpoint.scope.isEmpty())
        return {};
    if (!reaches(tenantId)) {
        if (!m_role)
            return forbidden(u"this client's tokens do not manage tenant '%1'"_s.arg(tenantId));
        if (tenantId == kSystem)
            return forbidden(u"only owners administer the system tenant"_s);
        return forbidden(
            u"the role '%1' does not cover tenant '%2'"_s.arg(toString(*m_role), tenantId));
    }
    if (!m_role) {
        if (m_scopes.contains(QString(endpoint.scope)))
            return {};
        return insufficientScope(u"this operation needs the scope '%1'"_s.arg(endpoint.scope));
    }
    if (*m_role != Role::Support)
        return {};
    const QString resource = splitScope(endpoint.scope).second;
    if (endpoint.access == Access::Read && supportReadable().contains(resource))
        return {};
    return insufficientScope(
        u"the role 'support' may only read %1"_s.arg(supportReadable().join(u" and "_s)));
}

QJsonValue Permissions::tenantsJson() const {
    if (everyTenant())
        return kEveryTenant;
    return QJsonArray::fromStringList(m_role ? m_tenants : QStringList{m_issuingTenant});
}

QJsonObject Permissions::tenantSnapshot(const std::vector<Endpoint>& endpoints,
                                        const QString& tenantId) const {
    struct Allowed {
        bool read = false;
        bool write = false;
        QStringList actions;
    };
    QMap<QString, Allowed> resources;
    const bool system = tenantId == kSystem;
    for (const Endpoint& endpoint : endpoints) {
        if (endpoint.scope.isEmpty() || (endpoint.reach == Reach::SystemTenant && !system))
            continue;
        const auto [verb, resource] = splitScope(endpoint.scope);
        Allowed& allowed = resources[resource];
        if (!check(endpoint, tenantId).ok())
            continue;
        (endpoint.access == Access::Read ? allowed.read : allowed.write) = true;
        if (!allowed.actions.contains(verb))
            allowed.actions.append(verb);
    }
    QJsonObject snapshot;
    for (auto it = resources.cbegin(); it != resources.cend(); ++it) {
        snapshot.insert(it.key(),
                        QJsonObject{{u"read"_s, it->read},
                                    {u"write"_s, it->write},
                                    {u"actions"_s, QJsonArray::fromStringList(it->actions)}});
    }
    return snapshot;
}

QJsonObject Permissions::snapshot(const std::vector<Endpoint>& endpoints) const {
    QJsonObject byTenant;
    if (everyTenant()) {
        byTenant.insert(kEveryTenant, tenantSnapshot(endpoints, kEveryTenant));
        byTenant.insert(kSystem, tenantSnapshot(endpoints, kSystem));
        return byTenant;
    }
    for (const QString& tenant : m_role ? m_tenants : QStringList{m_issuingTenant})
        byTenant.insert(tenant, tenantSnapshot(endpoints, tenant));
    return byTenant;
}

} // namespace gatehouse::management
