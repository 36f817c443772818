// Administrators on the Management API (issue 3): user tokens of the system tenant's dashboard
// client, authorized by the user's role as read at request time; the other user tokens refused;
// the dashboard and system management clients protected; /api/v2/me; /api/v2/administrators.
// Tokens are made here with the system tenant's real key, like the ones the token endpoint
// issues after a dashboard login (tests/integration/AdministratorRolesTest.cpp does the login).
#include "ManagementTestServer.h"

#include "crypto/Jwt.h"
#include "crypto/Random.h"

#include <QDateTime>
#include <QHash>
#include <gtest/gtest.h>

#include <optional>
#include <tuple>

using namespace gatehouse;
using namespace gatehouse::management::test;
using namespace Qt::StringLiterals;

namespace {

const QString kSystem = u"system"_s;
const QString kAcme = u"acme"_s;
const QString kGlobex = u"globex"_s;

class AdministratorAccess : public ::testing::Test {
protected:
    void SetUp() override {
        store::ClientRecord dashboard;
        dashboard.tenant = kSystem;
        dashboard.clientId = store::kDashboardClientId;
        dashboard.name = store::kDashboardClientName;
        dashboard.appType = u"native"_s;
        dashboard.grantTypes = {u"authorization_code"_s, u"refresh_token"_s};
        dashboard.callbacks = {store::kDashboardCallback};
        ASSERT_TRUE(server.store().clients().create(dashboard).ok());
        ASSERT_TRUE(server.store()
                        .settings()
                        .set(QString(store::kSystemManagementClientSetting),
                             QString::fromLatin1(kSystemClient))
                        .ok());
        m_owner = administrator(u"owner@example.com"_s, u"owner"_s, {});
        m_admin = administrator(u"admin@example.com"_s, u"admin"_s, {kAcme});
        m_support = administrator(u"support@example.com"_s, u"support"_s, {kAcme});
        const auto acmeUser = server.store().users().create(user(kAcme, u"u@acme.example"_s));
        const auto globexUser = server.store().users().create(user(kGlobex, u"u@globex.example"_s));
        ASSERT_TRUE(acmeUser.ok() && globexUser.ok());
        m_acmeUser = acmeUser->userId;
        m_globexUser = globexUser->userId;
        ASSERT_TRUE(server.catalog().refresh().ok());
    }

    static store::UserRecord user(const QString& tenant, const QString& email) {
        store::UserRecord record;
        record.tenant = tenant;
        record.email = email;
        return record;
    }

    // A system user with a role, and a live dashboard grant; the user's token.
    QByteArray administrator(const QString& email, const QString& role,
                             const QStringList& tenants) {
        const auto made = server.store().users().create(user(kSystem, email));
        EXPECT_TRUE(made.ok());
        if (!made)
            return {};
        store::AdministratorRecord record;
        record.userId = made->userId;
        record.role = role;
        record.tenants = tenants;
        EXPECT_TRUE(server.store().administrators().put(record).ok());
        m_userIds.insert(email, made->userId);
        return userToken(kSystem, made->userId, QString(store::kDashboardClientId));
    }

    // A user's access token as UserTokenIssuer makes it (with `gid`), for `clientId` of `tenant`
    // and that tenant's Management API, signed with the tenant's key.
    QByteArray userToken(const QString& tenant, const QString& userId, const QString& clientId) {
        store::GrantRecord grant;
        grant.tenant = tenant;
        grant.clientId = clientId;
        grant.userId = userId;
        grant.scope = u"openid"_s;
        grant.audience = server.audience(tenant);
        const auto made = server.store().grants().create(grant, std::chrono::hours(1));
        EXPECT_TRUE(made.ok()) << made.error().toString().toStdString();
        if (!made)
            return {};
        m_grants.insert(userId, made->id);
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        const QJsonObject claims{{u"iss"_s, server.issuer(tenant)},
                                 {u"sub"_s, userId},
                                 {u"aud"_s, server.audience(tenant)},
                                 {u"iat"_s, double(now)},
                                 {u"exp"_s, double(now + 3600)},
                                 {u"jti"_s, QString::fromLatin1(crypto::randomToken(16))},
                                 {u"client_id"_s, clientId},
                                 {u"scope"_s, u"openid"_s},
                                 {u"gid"_s, made->id}};
        const auto [key, kid] = server.currentKey(tenant);
        return crypto::signJwt(QJsonObject{{u"typ"_s, u"at+jwt"_s}}, claims, key, kid);
    }

    ManagementServer server;
    QByteArray m_owner, m_admin, m_support;
    QString m_acmeUser, m_globexUser;
    QHash<QString, QString> m_userIds; // by e-mail
    QHash<QString, QString> m_grants;  // by user id
};

TEST_F(AdministratorAccess, OwnersManageEveryTenantAndTheSystemTenant) {
    EXPECT_EQ(server.call("GET", kAcme, u"/api/v2/users"_s, m_owner).status, 200);
    EXPECT_EQ(server.call("GET", kGlobex, u"/api/v2/clients"_s, m_owner).status, 200);
    EXPECT_EQ(server.call("GET", kSystem, u"/api/v2/tenants"_s, m_owner).status, 200);
    const Reply created = server.call("POST", kSystem, u"/api/v2/tenants"_s, m_owner,
                                      QJsonObject{{u"id"_s, u"initech"_s}});
    EXPECT_EQ(created.status, 201) << created;
    EXPECT_EQ(server.call("GET", kSystem, u"/api/v2/administrators"_s, m_owner).array().size(), 3);
    // A deleted tenant leaves every administrator's list, so a new tenant of the same id starts
    // with no administrators but the owners.
    const QString adminId = m_userIds.value(u"admin@example.com"_s);
    ASSERT_EQ(server
                  .call("PUT", kSystem, u"/api/v2/administrators/"_s + adminId, m_owner,
                        QJsonObject{{u"role"_s, u"admin"_s},
                                    {u"tenants"_s, QJsonArray{kAcme, u"initech"_s}}})
                  .status,
              200);
    EXPECT_EQ(server.call("DELETE", kSystem, u"/api/v2/tenants/initech"_s, m_owner).status, 204);
    EXPECT_EQ(server.call("GET", kSystem, u"/api/v2/administrators/"_s + adminId, m_owner)
                  .object()
                  .value("tenants"_L1),
              QJsonArray{kAcme});
}

TEST_F(AdministratorAccess, AdminsManageTheirTenantsOnly) {
    EXPECT_EQ(server.call("GET", kAcme, u"/api/v2/clients"_s, m_admin).status, 200);
    const Reply created =
        server.call("POST", kAcme, u"/api/v2/clients"_s, m_admin,
                    QJsonObject{{u"name"_s, u"by-admin"_s}, {u"app_type"_s, u"spa"_s}});
    EXPECT_EQ(created.status, 201) << created;
    const Reply other = server.call("GET", kGlobex, u"/api/v2/users"_s, m_admin);
    EXPECT_EQ(other.status, 403) << other;
    EXPECT_EQ(other.error(), u"forbidden"_s);
    EXPECT_TRUE(other.description().contains(kGlobex));
    // Another tenant's object through the tenant the admin has: not found.
    EXPECT_EQ(server.call("GET", kAcme, u"/api/v2/users/"_s + m_globexUser, m_admin).status, 404);
    EXPECT_EQ(server.call("DELETE", kAcme, u"/api/v2/users/"_s + m_globexUser, m_admin).status,
              404);
    // Nothing in the system tenant: not its tenants, administrators or clients.
    for (const QString& path :
         {u"/api/v2/tenants"_s, u"/api/v2/administrators"_s, u"/api/v2/clients"_s})
        EXPECT_EQ(server.call("GET", kSystem, path, m_admin).status, 403) << path.toStdString();
    EXPECT_EQ(server
                  .call("POST", kSystem, u"/api/v2/tenants"_s, m_admin,
                        QJsonObject{{u"id"_s, u"initech"_s}})
                  .status,
              403);
}

TEST_F(AdministratorAccess, SupportReadsUsersAndConnectionsAndChangesNothing) {
    EXPECT_EQ(server.call("GET", kAcme, u"/api/v2/users"_s, m_support).status, 200);
    EXPECT_EQ(server.call("GET", kAcme, u"/api/v2/users/"_s + m_acmeUser, m_support).status, 200);
    EXPECT_EQ(server.call("GET", kAcme, u"/api/v2/user-blocks/"_s + m_acmeUser, m_support).status,
              200);
    EXPECT_EQ(server.call("GET", kAcme, u"/api/v2/connections"_s, m_support).status, 200);
    const QJsonObject user{{u"connection"_s, u"Username-Password-Authentication"_s},
                           {u"email"_s, u"new@acme.example"_s},
                           {u"password"_s, u"a long enough passphrase 42"_s}};
    const QList<std::tuple<QByteArray, QString, QString, std::optional<QJsonObject>>> writes{
        {"POST", kAcme, u"/api/v2/users"_s, user},
        {"PATCH", kAcme, u"/api/v2/users/"_s + m_acmeUser, QJsonObject{{u"blocked"_s, true}}},
        {"DELETE", kAcme, u"/api/v2/users/"_s + m_acmeUser, std::nullopt},
        {"DELETE", kAcme, u"/api/v2/user-blocks/"_s + m_acmeUser, std::nullopt},
        {"POST", kAcme, u"/api/v2/clients"_s, QJsonObject{{u"name"_s, u"x"_s}}},
        {"POST", kAcme, u"/api/v2/connections"_s,
         QJsonObject{{u"name"_s, u"db2"_s}, {u"strategy"_s, u"auth0"_s}}},
        {"PATCH", kAcme, u"/api/v2/tenants/settings"_s, QJsonObject{{u"friendly_name"_s, u"x"_s}}},
        {"POST", kSystem, u"/api/v2/tenants"_s, QJsonObject{{u"id"_s, u"initech"_s}}},
        {"DELETE", kSystem, u"/api/v2/tenants/acme"_s, std::nullopt},
        {"PUT", kSystem, u"/api/v2/administrators/"_s + m_userIds.value(u"support@example.com"_s),
         QJsonObject{{u"role"_s, u"owner"_s}}},
    };
    for (const auto& [method, tenant, path, body] : writes) {
        const Reply refused = server.call(method, tenant, path, m_support, body);
        EXPECT_EQ(refused.status, 403)
            << method.toStdString() << ' ' << path.toStdString() << ' ' << refused;
    }
    // Nothing changed.
    EXPECT_FALSE((*server.store().users().find(kAcme, m_acmeUser))->blocked);
    EXPECT_EQ(
        (*server.store().administrators().find(m_userIds.value(u"support@example.com"_s)))->role,
        u"support"_s);
    // Reading anything else is refused too.
    const Reply clients = server.call("GET", kAcme, u"/api/v2/clients"_s, m_support);
    EXPECT_EQ(clients.status, 403);
    EXPECT_EQ(clients.error(), u"insufficient_scope"_s);
}

TEST_F(AdministratorAccess, RolesGrantsAndUsersAreReadAtEveryRequest) {
    const QString supportId = m_userIds.value(u"support@example.com"_s);
    ASSERT_EQ(server
                  .call("POST", kAcme, u"/api/v2/clients"_s, m_support,
                        QJsonObject{{u"name"_s, u"s"_s}, {u"app_type"_s, u"spa"_s}})
                  .status,
              403);
    // Promoted: the same token may write at once.
    const Reply promoted =
        server.call("PUT", kSystem, u"/api/v2/administrators/"_s + supportId, m_owner,
                    QJsonObject{{u"role"_s, u"admin"_s}, {u"tenants"_s, QJsonArray{kAcme}}});
    ASSERT_EQ(promoted.status, 200) << promoted;
    EXPECT_EQ(server
                  .call("POST", kAcme, u"/api/v2/clients"_s, m_support,
                        QJsonObject{{u"name"_s, u"s"_s}, {u"app_type"_s, u"spa"_s}})
                  .status,
              201);
    // Removed: refused at once.
    ASSERT_EQ(
        server.call("DELETE", kSystem, u"/api/v2/administrators/"_s + supportId, m_owner).status,
        204);
    const Reply removed = server.call("GET", kAcme, u"/api/v2/users"_s, m_support);
    EXPECT_EQ(removed.status, 403) << removed;
    EXPECT_EQ(removed.error(), u"forbidden"_s);

    // A revoked grant (logout) ends the token.
    const QString adminId = m_userIds.value(u"admin@example.com"_s);
    ASSERT_TRUE(server.store().grants().revoke(kSystem, m_grants.value(adminId), u"logout"_s).ok());
    const Reply revoked = server.call("GET", kAcme, u"/api/v2/users"_s, m_admin);
    EXPECT_EQ(revoked.status, 401) << revoked;
    EXPECT_EQ(revoked.error(), u"invalid_token"_s);

    // A blocked administrator is refused, and a deleted one.
    const QString ownerId = m_userIds.value(u"owner@example.com"_s);
    auto owner = *server.store().users().find(kSystem, ownerId);
    owner->blocked = true;
    ASSERT_TRUE(server.store().users().update(*owner).ok());
    EXPECT_EQ(server.call("GET", kAcme, u"/api/v2/users"_s, m_owner).status, 401);
    const QByteArray another = administrator(u"other@example.com"_s, u"owner"_s, {});
    EXPECT_EQ(server.call("GET", kAcme, u"/api/v2/users"_s, another).status, 200);
    ASSERT_TRUE(
        server.store().users().remove(kSystem, m_userIds.value(u"other@example.com"_s)).ok());
    EXPECT_EQ(server.call("GET", kAcme, u"/api/v2/users"_s, another).status, 401);
}

TEST_F(AdministratorAccess, UserTokensOfOtherClientsAreRefused) {
    // A system user with the owner role, but a token of another system client: refused.
    const QString ownerId = m_userIds.value(u"owner@example.com"_s);
    const QByteArray otherClient = userToken(kSystem, ownerId, QString::fromLatin1(kSystemClient));
    const Reply refused = server.call("GET", kAcme, u"/api/v2/users"_s, otherClient);
    EXPECT_EQ(refused.status, 401) << refused;
    EXPECT_EQ(refused.error(), u"invalid_token"_s);
    // A tenant's own user token for its own Management API: refused.
    const QByteArray tenantUser = userToken(kAcme, m_acmeUser, u"admin"_s);
    EXPECT_EQ(server.call("GET", kAcme, u"/api/v2/users"_s, tenantUser).status, 401);
    EXPECT_EQ(server.call("GET", kAcme, u"/api/v2/me"_s, tenantUser).status, 401);
}

TEST_F(AdministratorAccess, MeIsTheCallersSnapshot) {
    const Reply support = server.call("GET", kAcme, u"/api/v2/me"_s, m_support);
    ASSERT_EQ(support.status, 200) << support;
    const QJsonObject me = support.object();
    EXPECT_EQ(me.value("kind"_L1), u"administrator"_s);
    EXPECT_EQ(me.value("email"_L1), u"support@example.com"_s);
    EXPECT_EQ(me.value("role"_L1), u"support"_s);
    EXPECT_EQ(me.value("user_id"_L1), m_userIds.value(u"support@example.com"_s));
    EXPECT_EQ(me.value("tenants"_L1), QJsonArray{kAcme});
    const QJsonObject acme = me.value("permissions"_L1).toObject().value(kAcme).toObject();
    EXPECT_EQ(acme.value("users"_L1).toObject().value("read"_L1), true);
    EXPECT_EQ(acme.value("users"_L1).toObject().value("write"_L1), false);
    EXPECT_EQ(acme.value("clients"_L1).toObject().value("read"_L1), false);
    EXPECT_EQ(acme.value("connections"_L1).toObject().value("read"_L1), true);

    const QJsonObject owner = server.call("GET", kSystem, u"/api/v2/me"_s, m_owner).object();
    EXPECT_EQ(owner.value("tenants"_L1), u"*"_s);
    const QJsonObject ownerPermissions = owner.value("permissions"_L1).toObject();
    EXPECT_EQ(ownerPermissions.value("system"_L1)
                  .toObject()
                  .value("administrators"_L1)
                  .toObject()
                  .value("write"_L1),
              true);
    EXPECT_EQ(
        ownerPermissions.value("*"_L1).toObject().value("clients"_L1).toObject().value("write"_L1),
        true);

    const QJsonObject reader =
        server.call("GET", kAcme, u"/api/v2/me"_s, server.token(kAcme, u"reader"_s)).object();
    EXPECT_EQ(reader.value("kind"_L1), u"client"_s);
    EXPECT_EQ(reader.value("tenants"_L1), QJsonArray{kAcme});
    EXPECT_EQ(reader.value("permissions"_L1).toObject().value(kAcme).toObject().value("clients"_L1),
              (QJsonObject{
                  {u"read"_s, true}, {u"write"_s, false}, {u"actions"_s, QJsonArray{u"read"_s}}}));
}

TEST_F(AdministratorAccess, AdministratorsAreValidatedAndTheLastOwnerStays) {
    const QString base = u"/api/v2/administrators/"_s;
    const QString adminId = m_userIds.value(u"admin@example.com"_s);
    const QString ownerId = m_userIds.value(u"owner@example.com"_s);
    auto put = [&](const QString& id, const QJsonObject& body) {
        return server.call("PUT", kSystem, base + id, m_owner, body);
    };
    EXPECT_EQ(put(adminId, {{u"role"_s, u"root"_s}}).status, 400);
    const Reply unknownTenant =
        put(adminId, {{u"role"_s, u"admin"_s}, {u"tenants"_s, QJsonArray{u"nowhere"_s}}});
    EXPECT_EQ(unknownTenant.status, 400) << unknownTenant;
    EXPECT_TRUE(unknownTenant.description().contains(u"nowhere"_s));
    EXPECT_EQ(put(adminId, {{u"role"_s, u"owner"_s}, {u"tenants"_s, QJsonArray{kAcme}}}).status,
              400);
    EXPECT_EQ(put(adminId, {{u"role"_s, u"admin"_s}, {u"tenants"_s, QJsonArray{kSystem}}}).status,
              400);
    EXPECT_EQ(put(m_acmeUser, {{u"role"_s, u"owner"_s}}).status, 404); // not a system user
    EXPECT_EQ(put(u"auth0|nobody"_s, {{u"role"_s, u"owner"_s}}).status, 404);
    EXPECT_EQ(server.call("GET", kSystem, base + m_acmeUser, m_owner).status, 404);

    // The only owner can be neither demoted nor removed.
    const Reply demoted = put(ownerId, {{u"role"_s, u"support"_s}, {u"tenants"_s, QJsonArray{}}});
    EXPECT_EQ(demoted.status, 409) << demoted;
    EXPECT_EQ(server.call("DELETE", kSystem, base + ownerId, m_owner).status, 409);
    // Nor deleted as a user, which would take the role along.
    const Reply userDeleted =
        server.call("DELETE", kSystem, u"/api/v2/users/"_s + ownerId, server.systemToken());
    EXPECT_EQ(userDeleted.status, 409) << userDeleted;
    EXPECT_TRUE(server.store().users().find(kSystem, ownerId)->has_value());
    // With a second owner, the first may go.
    const Reply second = put(adminId, {{u"role"_s, u"owner"_s}});
    ASSERT_EQ(second.status, 200) << second;
    EXPECT_EQ(second.object().value("tenants"_L1), u"*"_s);
    EXPECT_EQ(second.object().value("email"_L1), u"admin@example.com"_s);
    EXPECT_EQ(server.call("DELETE", kSystem, base + ownerId, m_owner).status, 204);

    // Machine clients hold no administrators scope.
    const Reply machine =
        server.call("GET", kSystem, u"/api/v2/administrators"_s, server.systemToken());
    EXPECT_EQ(machine.status, 403) << machine;
    EXPECT_EQ(machine.error(), u"insufficient_scope"_s);
    // Other tenants have no such route.
    EXPECT_EQ(server.call("GET", kAcme, u"/api/v2/administrators"_s, m_admin).status, 404);
}

TEST_F(AdministratorAccess, TheDashboardAndSystemManagementClientsAreProtected) {
    const QByteArray system = server.systemToken();
    const QString dashboard = u"/api/v2/clients/"_s + store::kDashboardClientId;
    const Reply deleted = server.call("DELETE", kSystem, dashboard, system);
    EXPECT_EQ(deleted.status, 403) << deleted;
    EXPECT_EQ(deleted.error(), u"operation_not_allowed"_s);
    EXPECT_EQ(server.call("DELETE", kSystem, dashboard, m_owner).status, 403);
    for (const QJsonObject& change :
         {QJsonObject{{u"app_type"_s, u"regular_web"_s}},
          QJsonObject{{u"grant_types"_s, QJsonArray{u"client_credentials"_s}}},
          QJsonObject{{u"callbacks"_s, QJsonArray{u"https://evil.example/cb"_s}}}}) {
        const Reply refused = server.call("PATCH", kSystem, dashboard, system, change);
        EXPECT_EQ(refused.status, 403) << refused;
    }
    EXPECT_EQ(
        server.call("PATCH", kSystem, dashboard, system, QJsonObject{{u"description"_s, u"ours"_s}})
            .status,
        200);
    const Reply client = server.call("GET", kSystem, dashboard, system);
    EXPECT_EQ(client.object().value("app_type"_L1), u"native"_s);

    const QString management = u"/api/v2/clients/"_s + QString::fromLatin1(kSystemClient);
    EXPECT_EQ(server.call("DELETE", kSystem, management, system).status, 403);
    EXPECT_EQ(
        server.call("PATCH", kSystem, management, system, QJsonObject{{u"app_type"_s, u"spa"_s}})
            .status,
        403);
    EXPECT_EQ(server.call("GET", kSystem, management, system).status, 200);
}

} // namespace
