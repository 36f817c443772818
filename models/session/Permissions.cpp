#include "models/session/Permissions.h"

#include <QJsonArray>

namespace gatehouse::client {

using namespace Qt::StringLiterals;

namespace {

QLatin1String verb(Permissions::Action action) {
    switch (action) {
    case Permissions::Action::Read:
        return "read"_L1;
    case Permissions::Action::Create:
        return "create"_L1;
    case Permissions::Action::Update:
        return "update"_L1;
    case Permissions::Action::Delete:
        return "delete"_L1;
    }
    return "read"_L1;
}

} // namespace

Permissions Permissions::fromJson(const QJsonObject& me) {
    Permissions result;
    result.m_kind = me.value("kind"_L1).toString();
    result.m_role = me.value("role"_L1).toString();
    result.m_email = me.value("email"_L1).toString();
    const QJsonValue tenants = me.value("tenants"_L1);
    result.m_everyTenant = tenants.toString() == "*"_L1;
    for (const QJsonValue& tenant : tenants.toArray())
        result.m_tenants.append(tenant.toString());
    result.m_permissions = me.value("permissions"_L1).toObject();
    return result;
}

QJsonObject Permissions::resourcesOf(const QString& tenant) const {
    if (m_permissions.contains(tenant))
        return m_permissions.value(tenant).toObject();
    // "*" stands for every ordinary tenant, never for the system tenant.
    if (tenant != "system"_L1)
        return m_permissions.value("*"_L1).toObject();
    return {};
}

bool Permissions::allows(const QString& tenant, const QString& resource, Action action) const {
    const QJsonObject entry = resourcesOf(tenant).value(resource).toObject();
    if (action == Action::Read)
        return entry.value("read"_L1).toBool();
    return entry.value("actions"_L1).toArray().contains(QJsonValue(verb(action)));
}

bool Permissions::canWriteIn(const QString& tenant) const {
    const QJsonObject resources = resourcesOf(tenant);
    for (auto it = resources.begin(); it != resources.end(); ++it) {
        if (it.value().toObject().value("write"_L1).toBool())
            return true;
    }
    return false;
}

} // namespace gatehouse::client
