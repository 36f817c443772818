#include "management/AdministratorDirectory.h"

#include "store/Store.h"
#include "tenancy/TenantId.h"

namespace gatehouse::management {
namespace {

using namespace Qt::StringLiterals;

Error invalidToken(const QString& message) {
    return Error{QByteArrayLiteral("invalid_token"), message, 401};
}

} // namespace

AdministratorDirectory::AdministratorDirectory(store::Store& store)
    : m_store(store) {}

Result<Administrator> AdministratorDirectory::resolve(const Caller& caller) const {
    const QString system(tenancy::kSystemTenantId);
    const auto grant = m_store.grants().find(system, caller.grantId);
    if (!grant)
        return grant.error();
    if (!*grant || !(*grant)->isActive(m_store.database().now()) ||
        (*grant)->clientId != caller.clientId || (*grant)->userId != caller.subject)
        return invalidToken(u"the sign-in this token belongs to has ended or was revoked"_s);
    const auto user = m_store.users().find(system, caller.subject);
    if (!user)
        return user.error();
    if (!*user || (*user)->blocked)
        return invalidToken(u"the administrator is blocked or no longer exists"_s);
    const auto role = m_store.administrators().find(caller.subject);
    if (!role)
        return role.error();
    if (!*role)
        return Error{QByteArrayLiteral("forbidden"),
                     u"the user '%1' has no administrator role"_s.arg(caller.subject), 403};
    return Administrator{caller.subject, (*user)->email, (*role)->role, (*role)->tenants};
}

} // namespace gatehouse::management
