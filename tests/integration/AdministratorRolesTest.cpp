// The system tenant's administrators against the real gatehoused (issue 3): they sign in through
// the dashboard's native client like the dashboard does (RFC 8252: loopback redirect on a port
// of its own, PKCE, state), and the token then manages exactly what their role covers.
#include "Browser.h"
#include "GatehousedProcess.h"
#include "IntegrationSupport.h"

#include <QCryptographicHash>
#include <QRandomGenerator>
#include <QUrl>
#include <gtest/gtest.h>

#include <optional>
#include <tuple>

namespace gatehouse::integration {
namespace {

using namespace Qt::StringLiterals;

const QString kSystem = u"system"_s;
const QString kAlpha = u"alpha"_s;
const QString kBeta = u"beta"_s;
const QString kDashboard = u"gatehouse-dashboard"_s;
const QString kPassword = u"correct horse battery staple 7"_s;

QByteArray encoded(const QString& value) {
    return QUrl::toPercentEncoding(value);
}

// A user id ("auth0|…") as a path segment.
QString segment(const QString& id) {
    return QString::fromLatin1(QUrl::toPercentEncoding(id));
}

QString base64Url(const QByteArray& bytes) {
    return QString::fromLatin1(
        bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QString randomString() {
    QByteArray bytes(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32*>(bytes.data()), 8);
    return base64Url(bytes);
}

struct Tokens {
    QString access;
    QString refresh;
};

class AdministratorRolesTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        s_server = new GatehousedProcess;
        ASSERT_TRUE(s_server->init());
        ASSERT_TRUE(s_server->start());
        const QString machine = s_server->systemToken();
        for (const QString& id : {kAlpha, kBeta}) {
            const Reply made =
                s_server->management("POST", kSystem, u"tenants"_s, machine, {{u"id"_s, id}});
            ASSERT_EQ(made.status, 201) << made.describe();
        }
        s_alphaUser = createUser(machine, kAlpha, u"someone@alpha.example"_s);
        s_betaUser = createUser(machine, kBeta, u"someone@beta.example"_s);
        s_adminId = createUser(machine, kSystem, u"admin-a@gatehouse.example"_s);
        s_supportId = createUser(machine, kSystem, u"support-a@gatehouse.example"_s);
        const QJsonObject owner = s_server->credentials().value("admin"_L1).toObject();
        s_ownerEmail = owner.value("email"_L1).toString();
        s_ownerPassword = owner.value("password"_L1).toString();
    }
    static void TearDownTestSuite() {
        delete s_server;
        s_server = nullptr;
    }

    static QString createUser(const QString& token, const QString& tenant, const QString& email) {
        const Reply made =
            s_server->management("POST", tenant, u"users"_s, token,
                                 {{u"connection"_s, u"Username-Password-Authentication"_s},
                                  {u"email"_s, email},
                                  {u"password"_s, kPassword}});
        EXPECT_EQ(made.status, 201) << made.describe();
        return made.json().value("user_id"_L1).toString();
    }

    // The dashboard's sign-in: /authorize with a fresh PKCE pair and state, a loopback redirect
    // on a random port, the login page, the code back at "the listener", the token request.
    static std::optional<Tokens> signIn(const QString& email, const QString& password,
                                        const QString& clientId = kDashboard,
                                        const QString& tenant = kSystem) {
        Browser browser(*s_server);
        const QString verifier = randomString();
        const QString challenge =
            base64Url(QCryptographicHash::hash(verifier.toLatin1(), QCryptographicHash::Sha256));
        const QString state = randomString();
        const quint16 port = quint16(QRandomGenerator::global()->bounded(20000, 60000));
        const QString redirect = u"http://127.0.0.1:%1/callback"_s.arg(port);
        const QByteArray base = "/t/" + tenant.toUtf8() + '/';
        const Reply toLogin = browser.get(
            base + "authorize?response_type=code&scope=openid%20profile%20email%20offline_access" +
            "&client_id=" + encoded(clientId) + "&redirect_uri=" + encoded(redirect) +
            "&audience=" + encoded(s_server->managementAudience(tenant)) +
            "&state=" + encoded(state) + "&code_challenge=" + encoded(challenge) +
            "&code_challenge_method=S256");
        EXPECT_EQ(toLogin.status, 302) << toLogin.describe();
        const Reply page = browser.get(Browser::localTarget(toLogin));
        EXPECT_EQ(page.status, 200) << page.describe();
        const Reply done =
            browser.post(base + "u/login", {{u"state"_s, Browser::field(page, u"state"_s)},
                                            {u"csrf"_s, Browser::field(page, u"csrf"_s)},
                                            {u"username"_s, email},
                                            {u"password"_s, password}});
        EXPECT_EQ(done.status, 302) << done.describe();
        if (!done.header("Location").startsWith(QByteArray(redirect.toUtf8() + '?')))
            return std::nullopt;
        const QUrlQuery query = Browser::redirectQuery(done);
        EXPECT_EQ(query.queryItemValue(u"state"_s), state);
        const Reply token = s_server->call(
            "POST", base + "oauth/token", {{"Content-Type", "application/x-www-form-urlencoded"}},
            "grant_type=authorization_code&client_id=" + encoded(clientId) +
                "&code=" + encoded(query.queryItemValue(u"code"_s)) +
                "&redirect_uri=" + encoded(redirect) + "&code_verifier=" + encoded(verifier));
        EXPECT_EQ(token.status, 200) << token.describe();
        if (token.status != 200)
            return std::nullopt;
        return Tokens{token.json().value("access_token"_L1).toString(),
                      token.json().value("refresh_token"_L1).toString()};
    }

    static QString ownerToken() {
        static QString token;
        if (token.isEmpty()) {
            const auto tokens = signIn(s_ownerEmail, s_ownerPassword);
            token = tokens ? tokens->access : QString();
        }
        return token;
    }

    static Reply setRole(const QString& userId, const QJsonObject& body) {
        return s_server->management("PUT", kSystem, u"administrators/"_s + userId, ownerToken(),
                                    body);
    }

    static GatehousedProcess* s_server;
    static QString s_alphaUser, s_betaUser, s_adminId, s_supportId, s_ownerEmail, s_ownerPassword;
};

GatehousedProcess* AdministratorRolesTest::s_server = nullptr;
QString AdministratorRolesTest::s_alphaUser, AdministratorRolesTest::s_betaUser,
    AdministratorRolesTest::s_adminId, AdministratorRolesTest::s_supportId,
    AdministratorRolesTest::s_ownerEmail, AdministratorRolesTest::s_ownerPassword;

TEST_F(AdministratorRolesTest, InitReportsTheDashboardClientAndTheOwnerHasTheRole) {
    const QJsonObject dashboard = s_server->credentials().value("dashboard_client"_L1).toObject();
    EXPECT_EQ(dashboard.value("client_id"_L1), kDashboard);
    // The system tenant's Management API, as init spells it for the system management client.
    EXPECT_EQ(dashboard.value("audience"_L1).toString(), s_server->systemClient().audience);
    const Reply me = s_server->management("GET", kSystem, u"me"_s, ownerToken());
    ASSERT_EQ(me.status, 200) << me.describe();
    EXPECT_EQ(me.json().value("role"_L1), u"owner"_s);
    EXPECT_EQ(me.json().value("email"_L1), s_ownerEmail);
    EXPECT_EQ(me.json().value("tenants"_L1), u"*"_s);
    EXPECT_TRUE(me.json()
                    .value("permissions"_L1)
                    .toObject()
                    .value("system"_L1)
                    .toObject()
                    .value("tenants"_L1)
                    .toObject()
                    .value("write"_L1)
                    .toBool());
}

TEST_F(AdministratorRolesTest, OwnerManagesAnyTenant) {
    const QString token = ownerToken();
    ASSERT_FALSE(token.isEmpty());
    for (const QString& tenant : {kAlpha, kBeta, s_server->tenant()})
        EXPECT_EQ(s_server->management("GET", tenant, u"clients"_s, token).status, 200);
    EXPECT_FALSE(createUser(token, kBeta, u"by-owner@beta.example"_s).isEmpty());
    const Reply made =
        s_server->management("POST", kSystem, u"tenants"_s, token, {{u"id"_s, u"gamma"_s}});
    EXPECT_EQ(made.status, 201) << made.describe();
    EXPECT_EQ(s_server->management("DELETE", kSystem, u"tenants/gamma"_s, token).status, 204);
}

TEST_F(AdministratorRolesTest, AdminManagesListedTenantOnly) {
    ASSERT_EQ(
        setRole(s_adminId, {{u"role"_s, u"admin"_s}, {u"tenants"_s, QJsonArray{kAlpha}}}).status,
        200);
    const auto admin = signIn(u"admin-a@gatehouse.example"_s, kPassword);
    ASSERT_TRUE(admin);
    const Reply made =
        s_server->management("POST", kAlpha, u"clients"_s, admin->access,
                             {{u"name"_s, u"made-by-admin"_s}, {u"app_type"_s, u"spa"_s}});
    EXPECT_EQ(made.status, 201) << made.describe();
    const Reply other = s_server->management("GET", kBeta, u"users"_s, admin->access);
    EXPECT_EQ(other.status, 403) << other.describe();
    EXPECT_EQ(other.errorCode(), u"forbidden"_s);
    // Beta's ids through alpha: as if they did not exist.
    EXPECT_EQ(s_server->management("GET", kAlpha, u"users/"_s + segment(s_betaUser), admin->access)
                  .status,
              404);
    EXPECT_EQ(
        s_server->management("DELETE", kAlpha, u"users/"_s + segment(s_betaUser), admin->access)
            .status,
        404);
    EXPECT_EQ(s_server->management("GET", kSystem, u"tenants"_s, admin->access).status, 403);
    EXPECT_EQ(
        s_server->management("POST", kSystem, u"tenants"_s, admin->access, {{u"id"_s, u"delta"_s}})
            .status,
        403);
    const Reply me = s_server->management("GET", kAlpha, u"me"_s, admin->access);
    EXPECT_EQ(me.json().value("tenants"_L1), QJsonArray{kAlpha});
    EXPECT_EQ(me.json().value("permissions"_L1).toObject().keys(), QStringList{kAlpha});
}

TEST_F(AdministratorRolesTest, SupportReadsUsersAndCannotChangeAnything) {
    ASSERT_EQ(setRole(s_supportId, {{u"role"_s, u"support"_s}, {u"tenants"_s, QJsonArray{kAlpha}}})
                  .status,
              200);
    const auto support = signIn(u"support-a@gatehouse.example"_s, kPassword);
    ASSERT_TRUE(support);
    const Reply users = s_server->management("GET", kAlpha, u"users"_s, support->access);
    EXPECT_EQ(users.status, 200) << users.describe();
    EXPECT_EQ(users.jsonArray().size(), 1);
    EXPECT_EQ(s_server->management("GET", kAlpha, u"connections"_s, support->access).status, 200);
    const QString user = u"users/"_s + segment(s_alphaUser);
    const QList<std::tuple<QByteArray, QString, QString, QJsonObject>> writes{
        {"POST",
         kAlpha,
         u"users"_s,
         {{u"connection"_s, u"Username-Password-Authentication"_s},
          {u"email"_s, u"new@alpha.example"_s},
          {u"password"_s, kPassword}}},
        {"PATCH", kAlpha, user, {{u"blocked"_s, true}}},
        {"DELETE", kAlpha, user, {}},
        {"DELETE", kAlpha, u"user-blocks/"_s + segment(s_alphaUser), {}},
        {"POST", kAlpha, u"clients"_s, {{u"name"_s, u"by-support"_s}}},
        {"PATCH", kAlpha, u"clients/"_s + kDashboard, {{u"name"_s, u"x"_s}}},
        {"POST", kAlpha, u"connections"_s, {{u"name"_s, u"db2"_s}, {u"strategy"_s, u"auth0"_s}}},
        {"PATCH", kAlpha, u"tenants/settings"_s, {{u"friendly_name"_s, u"x"_s}}},
        {"POST", kSystem, u"tenants"_s, {{u"id"_s, u"delta"_s}}},
        {"DELETE", kSystem, u"tenants/"_s + kAlpha, {}},
        {"PUT", kSystem, u"administrators/"_s + s_supportId, {{u"role"_s, u"owner"_s}}},
        {"DELETE", kSystem, u"administrators/"_s + s_supportId, {}},
    };
    for (const auto& [method, tenant, path, body] : writes) {
        const Reply refused = s_server->management(method, tenant, path, support->access, body);
        EXPECT_EQ(refused.status, 403)
            << method.toStdString() << ' ' << str(path) << ' ' << refused.describe();
    }
    // Everything is as it was.
    const Reply after = s_server->management("GET", kAlpha, user, ownerToken());
    EXPECT_EQ(after.status, 200);
    EXPECT_FALSE(after.json().value("blocked"_L1).toBool());
    const Reply role =
        s_server->management("GET", kSystem, u"administrators/"_s + s_supportId, ownerToken());
    EXPECT_EQ(role.json().value("role"_L1), u"support"_s);
    const QJsonObject alpha = s_server->management("GET", kAlpha, u"me"_s, support->access)
                                  .json()
                                  .value("permissions"_L1)
                                  .toObject()
                                  .value(kAlpha)
                                  .toObject();
    EXPECT_TRUE(alpha.value("users"_L1).toObject().value("read"_L1).toBool());
    EXPECT_FALSE(alpha.value("users"_L1).toObject().value("write"_L1).toBool());
    EXPECT_FALSE(alpha.value("clients"_L1).toObject().value("read"_L1).toBool());
}

TEST_F(AdministratorRolesTest, RoleChangesRemovalAndRevocationTakeEffectAtOnce) {
    const QString machine = s_server->systemToken();
    const QString id = createUser(machine, kSystem, u"temp@gatehouse.example"_s);
    ASSERT_EQ(setRole(id, {{u"role"_s, u"support"_s}, {u"tenants"_s, QJsonArray{kAlpha}}}).status,
              200);
    const auto temp = signIn(u"temp@gatehouse.example"_s, kPassword);
    ASSERT_TRUE(temp);
    const QJsonObject client{{u"name"_s, u"by-temp"_s}, {u"app_type"_s, u"spa"_s}};
    EXPECT_EQ(s_server->management("POST", kAlpha, u"clients"_s, temp->access, client).status, 403);
    ASSERT_EQ(setRole(id, {{u"role"_s, u"admin"_s}, {u"tenants"_s, QJsonArray{kAlpha}}}).status,
              200);
    EXPECT_EQ(s_server->management("POST", kAlpha, u"clients"_s, temp->access, client).status, 201);
    ASSERT_EQ(
        s_server->management("DELETE", kSystem, u"administrators/"_s + id, ownerToken()).status,
        204);
    EXPECT_EQ(s_server->management("GET", kAlpha, u"clients"_s, temp->access).status, 403);

    // With a role again, then signed out (the refresh token revoked): the access token is dead.
    ASSERT_EQ(setRole(id, {{u"role"_s, u"admin"_s}, {u"tenants"_s, QJsonArray{kAlpha}}}).status,
              200);
    EXPECT_EQ(s_server->management("GET", kAlpha, u"clients"_s, temp->access).status, 200);
    const Reply revoked = s_server->call(
        "POST", "/t/system/oauth/revoke", {{"Content-Type", "application/x-www-form-urlencoded"}},
        "client_id=" + encoded(kDashboard) + "&token=" + encoded(temp->refresh));
    ASSERT_EQ(revoked.status, 200) << revoked.describe();
    const Reply dead = s_server->management("GET", kAlpha, u"clients"_s, temp->access);
    EXPECT_EQ(dead.status, 401) << dead.describe();
    EXPECT_EQ(dead.errorCode(), u"invalid_token"_s);

    // Blocked: refused although the grant is live.
    const auto again = signIn(u"temp@gatehouse.example"_s, kPassword);
    ASSERT_TRUE(again);
    ASSERT_EQ(s_server
                  ->management("PATCH", kSystem, u"users/"_s + segment(id), machine,
                               {{u"blocked"_s, true}})
                  .status,
              200);
    EXPECT_EQ(s_server->management("GET", kAlpha, u"clients"_s, again->access).status, 401);
}

TEST_F(AdministratorRolesTest, TokensOfOtherClientsWithAManagementAudienceAreRefused) {
    const QString machine = s_server->systemToken();
    const QJsonObject native{
        {u"name"_s, u"look-alike"_s},
        {u"app_type"_s, u"native"_s},
        {u"grant_types"_s, QJsonArray{u"authorization_code"_s, u"refresh_token"_s}},
        {u"callbacks"_s, QJsonArray{u"http://127.0.0.1/callback"_s}}};
    // Another client of the system tenant, the owner signing in: same audience, refused.
    const Reply system = s_server->management("POST", kSystem, u"clients"_s, machine, native);
    ASSERT_EQ(system.status, 201) << system.describe();
    const auto lookAlike =
        signIn(s_ownerEmail, s_ownerPassword, system.json().value("client_id"_L1).toString());
    ASSERT_TRUE(lookAlike);
    const Reply refused = s_server->management("GET", kAlpha, u"users"_s, lookAlike->access);
    EXPECT_EQ(refused.status, 401) << refused.describe();
    EXPECT_EQ(refused.errorCode(), u"invalid_token"_s);
    EXPECT_EQ(s_server->management("GET", kSystem, u"me"_s, lookAlike->access).status, 401);

    // A tenant's own user with a token for the tenant's Management API: refused.
    const Reply alpha = s_server->management("POST", kAlpha, u"clients"_s, machine, native);
    ASSERT_EQ(alpha.status, 201) << alpha.describe();
    const auto tenantUser = signIn(u"someone@alpha.example"_s, kPassword,
                                   alpha.json().value("client_id"_L1).toString(), kAlpha);
    ASSERT_TRUE(tenantUser);
    EXPECT_EQ(s_server->management("GET", kAlpha, u"users"_s, tenantUser->access).status, 401);
}

TEST_F(AdministratorRolesTest, TheDashboardAndSystemManagementClientsCannotBeDeleted) {
    const QString machine = s_server->systemToken();
    for (const QString& token : {machine, ownerToken()}) {
        const Reply deleted =
            s_server->management("DELETE", kSystem, u"clients/"_s + kDashboard, token);
        EXPECT_EQ(deleted.status, 403) << deleted.describe();
        EXPECT_EQ(deleted.errorCode(), u"operation_not_allowed"_s);
    }
    EXPECT_EQ(s_server
                  ->management("PATCH", kSystem, u"clients/"_s + kDashboard, machine,
                               {{u"app_type"_s, u"regular_web"_s}})
                  .status,
              403);
    const Reply dashboard =
        s_server->management("GET", kSystem, u"clients/"_s + kDashboard, machine);
    EXPECT_EQ(dashboard.json().value("app_type"_L1), u"native"_s);
    EXPECT_EQ(dashboard.json().value("token_endpoint_auth_method"_L1), u"none"_s);
    const QString systemClient = s_server->systemClient().clientId;
    EXPECT_EQ(
        s_server->management("DELETE", kSystem, u"clients/"_s + systemClient, ownerToken()).status,
        403);
}

} // namespace
} // namespace gatehouse::integration
