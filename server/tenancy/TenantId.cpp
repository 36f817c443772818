#include "tenancy/TenantId.h"

#include <array>

namespace gatehouse::tenancy {
namespace {

// Path segments and host labels the server answers itself, or that would read as one of them
// (`settings`: /api/v2/tenants/settings would shadow /api/v2/tenants/{id}).
constexpr std::array<QLatin1String, 10> kReserved{
    QLatin1String("api"),      QLatin1String("t"),          QLatin1String("health"),
    QLatin1String("metrics"),  QLatin1String("well-known"), QLatin1String("www"),
    QLatin1String("admin"),    QLatin1String("oauth"),      QLatin1String("static"),
    QLatin1String("settings"),
};

Error invalid(QString message) {
    return Error::badRequest(QByteArrayLiteral("invalid_tenant_id"), std::move(message));
}

bool isLowerAlnum(QChar c) {
    return (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9');
}

} // namespace

bool isReservedTenantId(QStringView id) {
    if (id == kSystemTenantId)
        return true;
    for (const QLatin1String& name : kReserved) {
        if (id == name)
            return true;
    }
    return false;
}

Result<void> validateTenantId(QStringView id, SystemTenantId system) {
    if (id.isEmpty() || id.size() > 63)
        return invalid(QStringLiteral("a tenant id has 1 to 63 characters"));
    if (!isLowerAlnum(id.front()) || !isLowerAlnum(id.back()))
        return invalid(
            QStringLiteral("a tenant id starts and ends with a lowercase letter or digit"));
    for (const QChar c : id) {
        if (!isLowerAlnum(c) && c != u'-')
            return invalid(
                QStringLiteral("a tenant id has only lowercase letters, digits and '-'"));
    }
    if (id == kSystemTenantId && system == SystemTenantId::Allow)
        return {};
    if (isReservedTenantId(id))
        return invalid(QStringLiteral("the tenant id '%1' is reserved").arg(id));
    return {};
}

} // namespace gatehouse::tenancy
