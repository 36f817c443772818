// management::Permissions: what each administrator role and a machine client may do where, and
// the /api/v2/me snapshot, which is the same check run against every endpoint.
#include "management/Permissions.h"

#include <QJsonArray>
#include <gtest/gtest.h>

using namespace gatehouse;
using namespace gatehouse::management;
using namespace Qt::StringLiterals;

namespace {

Endpoint endpoint(http::Method method, const char* scope, Access access,
                  Reach reach = Reach::EveryTenant) {
    return Endpoint{method, QByteArrayLiteral("/api/v2/x"), QLatin1String(scope), access, reach,
                    {}};
}

const Endpoint kReadUsers = endpoint(http::Method::Get, "read:users", Access::Read);
const Endpoint kDeleteUsers = endpoint(http::Method::Delete, "delete:users", Access::Write);
const Endpoint kUnblockUser = endpoint(http::Method::Delete, "update:users", Access::Write);
const Endpoint kReadConnections = endpoint(http::Method::Get, "read:connections", Access::Read);
const Endpoint kCreateConnections =
    endpoint(http::Method::Post, "create:connections", Access::Write);
const Endpoint kReadClients = endpoint(http::Method::Get, "read:clients", Access::Read);
const Endpoint kUpdateClients = endpoint(http::Method::Patch, "update:clients", Access::Write);
const Endpoint kReadSettings = endpoint(http::Method::Get, "read:tenant_settings", Access::Read);
const Endpoint kCreateTenants =
    endpoint(http::Method::Post, "create:tenants", Access::Write, Reach::SystemTenant);
const Endpoint kPutAdministrator =
    endpoint(http::Method::Put, "update:administrators", Access::Write, Reach::SystemTenant);
const Endpoint kMe = endpoint(http::Method::Get, "", Access::Read);

QByteArray codeOf(const Result<void>& result) {
    return result.ok() ? QByteArray("ok") : result.error().code;
}

TEST(Permissions, RolesParseAndPrint) {
    for (Role role : {Role::Owner, Role::Admin, Role::Support})
        EXPECT_EQ(roleFromString(toString(role)), role);
    EXPECT_FALSE(roleFromString(u"root"_s));
    EXPECT_FALSE(roleFromString(u"Owner"_s));
}

TEST(Permissions, OwnersMayDoEverythingEverywhere) {
    const Permissions owner = Permissions::forAdministrator(Role::Owner, {});
    for (const Endpoint* e : {&kDeleteUsers, &kUpdateClients, &kCreateConnections})
        EXPECT_EQ(codeOf(owner.check(*e, u"acme"_s)), "ok");
    EXPECT_EQ(codeOf(owner.check(kCreateTenants, u"system"_s)), "ok");
    EXPECT_EQ(codeOf(owner.check(kPutAdministrator, u"system"_s)), "ok");
    EXPECT_EQ(owner.tenantsJson(), QJsonValue(u"*"_s));
}

TEST(Permissions, AdminsMayDoEverythingInListedTenantsOnly) {
    const Permissions admin = Permissions::forAdministrator(Role::Admin, {u"acme"_s});
    for (const Endpoint* e : {&kDeleteUsers, &kUpdateClients, &kCreateConnections, &kReadSettings})
        EXPECT_EQ(codeOf(admin.check(*e, u"acme"_s)), "ok");
    EXPECT_EQ(codeOf(admin.check(kReadUsers, u"globex"_s)), "forbidden");
    // Not the system tenant: neither tenants nor administrators nor its own clients.
    EXPECT_EQ(codeOf(admin.check(kCreateTenants, u"system"_s)), "forbidden");
    EXPECT_EQ(codeOf(admin.check(kPutAdministrator, u"system"_s)), "forbidden");
    EXPECT_EQ(codeOf(admin.check(kReadClients, u"system"_s)), "forbidden");
    EXPECT_EQ(admin.tenantsJson(), QJsonValue(QJsonArray{u"acme"_s}));
}

TEST(Permissions, SupportMayOnlyReadUsersAndConnectionsOfListedTenants) {
    const Permissions support = Permissions::forAdministrator(Role::Support, {u"acme"_s});
    EXPECT_EQ(codeOf(support.check(kReadUsers, u"acme"_s)), "ok");
    EXPECT_EQ(codeOf(support.check(kReadConnections, u"acme"_s)), "ok");
    for (const Endpoint* e : {&kDeleteUsers, &kUnblockUser, &kCreateConnections, &kReadClients,
                              &kUpdateClients, &kReadSettings})
        EXPECT_EQ(codeOf(support.check(*e, u"acme"_s)), "insufficient_scope");
    EXPECT_EQ(codeOf(support.check(kReadUsers, u"globex"_s)), "forbidden");
    EXPECT_EQ(codeOf(support.check(kPutAdministrator, u"system"_s)), "forbidden");
}

TEST(Permissions, EveryCallerMayAskWhoItIs) {
    EXPECT_EQ(codeOf(Permissions::forAdministrator(Role::Support, {}).check(kMe, u"acme"_s)), "ok");
    EXPECT_EQ(codeOf(Permissions::forClient(u"acme"_s, {}).check(kMe, u"acme"_s)), "ok");
}

TEST(Permissions, MachineClientsNeedTheScopeAndTheirTenant) {
    const Permissions reader = Permissions::forClient(u"acme"_s, {u"read:clients"_s});
    EXPECT_EQ(codeOf(reader.check(kReadClients, u"acme"_s)), "ok");
    EXPECT_EQ(codeOf(reader.check(kUpdateClients, u"acme"_s)), "insufficient_scope");
    EXPECT_EQ(codeOf(reader.check(kReadClients, u"globex"_s)), "forbidden");
    const Permissions system = Permissions::forClient(u"system"_s, {u"read:clients"_s});
    EXPECT_EQ(codeOf(system.check(kReadClients, u"globex"_s)), "ok");
    EXPECT_EQ(system.tenantsJson(), QJsonValue(u"*"_s));
}

TEST(Permissions, SnapshotIsTheChecksPerTenantAndResource) {
    const std::vector<Endpoint> all{kReadUsers,     kDeleteUsers,   kUnblockUser,      kReadClients,
                                    kUpdateClients, kCreateTenants, kPutAdministrator, kMe};
    const QJsonObject support =
        Permissions::forAdministrator(Role::Support, {u"acme"_s}).snapshot(all);
    EXPECT_EQ(support.keys(), QStringList{u"acme"_s});
    const QJsonObject acme = support.value("acme"_L1).toObject();
    EXPECT_EQ(acme.value("users"_L1).toObject(),
              (QJsonObject{
                  {u"read"_s, true}, {u"write"_s, false}, {u"actions"_s, QJsonArray{u"read"_s}}}));
    EXPECT_EQ(acme.value("clients"_L1).toObject().value("read"_L1), false);
    // System-only resources are not part of an ordinary tenant.
    EXPECT_FALSE(acme.contains("tenants"_L1));

    const QJsonObject owner = Permissions::forAdministrator(Role::Owner, {}).snapshot(all);
    EXPECT_EQ(owner.keys(), (QStringList{u"*"_s, u"system"_s}));
    const QJsonObject everyTenant = owner.value("*"_L1).toObject();
    EXPECT_EQ(everyTenant.value("users"_L1).toObject().value("actions"_L1),
              (QJsonArray{u"read"_s, u"delete"_s, u"update"_s}));
    const QJsonObject system = owner.value("system"_L1).toObject();
    EXPECT_EQ(system.value("tenants"_L1).toObject().value("write"_L1), true);
    EXPECT_EQ(system.value("administrators"_L1).toObject().value("write"_L1), true);

    const QJsonObject admin =
        Permissions::forAdministrator(Role::Admin, {u"acme"_s, u"globex"_s}).snapshot(all);
    EXPECT_EQ(admin.keys(), (QStringList{u"acme"_s, u"globex"_s}));
    EXPECT_EQ(admin.value("globex"_L1).toObject().value("clients"_L1).toObject().value("write"_L1),
              true);
}

} // namespace
