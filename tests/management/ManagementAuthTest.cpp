// Who may call the Management API: RFC 6750 challenges, tenant isolation, scopes, and the system
// tenant's tokens acting on every tenant.

#include "ManagementTestServer.h"

#include "crypto/Encoding.h"
#include "crypto/Jwt.h"

#include <QDateTime>
#include <gtest/gtest.h>

using namespace gatehouse;
using namespace gatehouse::management::test;

namespace {

const QString kAcme = QStringLiteral("acme");
const QString kGlobex = QStringLiteral("globex");
const QString kSystem = QStringLiteral("system");
const QString kClients = QStringLiteral("/api/v2/clients");

QJsonObject claimsOf(const QByteArray& token) {
    const auto decoded = crypto::decodeJwt(token);
    EXPECT_TRUE(decoded.ok());
    return decoded.ok() ? decoded->claims : QJsonObject();
}

QByteArray segment(const QJsonObject& object) {
    return crypto::base64UrlEncode(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

void expectInvalidToken(const Reply& reply) {
    EXPECT_EQ(reply.status, 401) << reply;
    EXPECT_EQ(reply.error(), QStringLiteral("invalid_token"));
    EXPECT_TRUE(reply.header("WWW-Authenticate").startsWith("Bearer realm=\""));
    EXPECT_TRUE(reply.header("WWW-Authenticate").contains("error=\"invalid_token\""))
        << reply.header("WWW-Authenticate").toStdString();
}

class ManagementAuth : public ::testing::Test {
protected:
    ManagementServer server;
};

} // namespace

TEST_F(ManagementAuth, WithoutATokenIsAChallengeWithoutErrorCode) {
    const Reply reply = server.call("GET", kAcme, kClients, {});
    EXPECT_EQ(reply.status, 401) << reply;
    EXPECT_EQ(reply.error(), QStringLiteral("unauthorized"));
    // RFC 6750 §3.1: no error attribute when the request had no credentials at all.
    EXPECT_EQ(reply.header("WWW-Authenticate"),
              "Bearer realm=\"" + server.audience(kAcme).toLatin1() + '"');
}

TEST_F(ManagementAuth, GarbageTokensAreInvalid) {
    expectInvalidToken(server.call("GET", kAcme, kClients, "not-a-jwt"));
    expectInvalidToken(server.call("GET", kAcme, kClients, "a.b.c"));
    QByteArray token = server.adminToken(kAcme);
    token[token.size() - 3] = token[token.size() - 3] == 'A' ? 'B' : 'A'; // break the signature
    expectInvalidToken(server.call("GET", kAcme, kClients, token));
}

TEST_F(ManagementAuth, AnotherTenantsTokenIsRefusedOnTheSameServer) {
    const QByteArray globexToken = server.adminToken(kGlobex);
    ASSERT_EQ(server.call("GET", kGlobex, kClients, globexToken).status, 200);
    expectInvalidToken(server.call("GET", kAcme, kClients, globexToken));
    expectInvalidToken(server.call("POST", kAcme, kClients, globexToken,
                                   QJsonObject{{QStringLiteral("name"), QStringLiteral("x")}}));
}

TEST_F(ManagementAuth, ATokenForAnotherAudienceIsRefused) {
    // A token of acme for acme's Management API is not one for globex's, even if presented with
    // globex's path: the issuer and the keys differ. And acme's token for another API of acme
    // (not the Management API) is refused too.
    const QByteArray admin = server.adminToken(kAcme);
    const Reply created = server.call(
        "POST", kAcme, QStringLiteral("/api/v2/resource-servers"), admin,
        QJsonObject{{QStringLiteral("name"), QStringLiteral("Orders")},
                    {QStringLiteral("identifier"), QStringLiteral("https://orders.example")},
                    {QStringLiteral("scopes"),
                     QJsonArray{QJsonObject{{QStringLiteral("value"), QStringLiteral("read")}}}}});
    ASSERT_EQ(created.status, 201) << created;
    const Reply grant = server.call(
        "POST", kAcme, QStringLiteral("/api/v2/client-grants"), admin,
        QJsonObject{{QStringLiteral("client_id"), QStringLiteral("admin")},
                    {QStringLiteral("audience"), QStringLiteral("https://orders.example")},
                    {QStringLiteral("scope"), QJsonArray{QStringLiteral("read")}}});
    ASSERT_EQ(grant.status, 201) << grant;
    const QByteArray ordersToken =
        server.token(kAcme, QStringLiteral("admin"), QString::fromLatin1(kSecret),
                     QStringLiteral("https://orders.example"));
    expectInvalidToken(server.call("GET", kAcme, kClients, ordersToken));
}

TEST_F(ManagementAuth, AlgNoneIsRefused) {
    const QJsonObject claims = claimsOf(server.adminToken(kAcme));
    const QByteArray unsigned_ =
        segment(QJsonObject{{QStringLiteral("alg"), QStringLiteral("none")},
                            {QStringLiteral("typ"), QStringLiteral("at+jwt")}}) +
        '.' + segment(claims) + '.';
    expectInvalidToken(server.call("GET", kAcme, kClients, unsigned_));
}

TEST_F(ManagementAuth, ExpiredTokensAreRefused) {
    QJsonObject claims = claimsOf(server.adminToken(kAcme));
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    claims.insert(QStringLiteral("iat"), double(now - 7200));
    claims.insert(QStringLiteral("exp"), double(now - 3600));
    const auto [key, kid] = server.currentKey(kAcme);
    const QByteArray expired = crypto::signJwt(
        QJsonObject{{QStringLiteral("typ"), QStringLiteral("at+jwt")}}, claims, key, kid);
    expectInvalidToken(server.call("GET", kAcme, kClients, expired));

    // The same claims, in date, with the same key: accepted. So only the expiry was wrong.
    claims.insert(QStringLiteral("exp"), double(now + 3600));
    const QByteArray fresh = crypto::signJwt(
        QJsonObject{{QStringLiteral("typ"), QStringLiteral("at+jwt")}}, claims, key, kid);
    EXPECT_EQ(server.call("GET", kAcme, kClients, fresh).status, 200);
}

TEST_F(ManagementAuth, MissingScopeIsInsufficientScopeNamingIt) {
    const QByteArray reader = server.token(kAcme, QStringLiteral("reader"));
    ASSERT_EQ(server.call("GET", kAcme, kClients, reader).status, 200);

    struct Case {
        QByteArray method;
        QString path;
        std::optional<QJsonObject> body;
        QByteArray scope;
    };
    const QJsonObject named{{QStringLiteral("name"), QStringLiteral("x")}};
    const QList<Case> cases{
        {"POST", kClients, named, "create:clients"},
        {"PATCH", QStringLiteral("/api/v2/clients/admin"), named, "update:clients"},
        {"DELETE", QStringLiteral("/api/v2/clients/admin"), std::nullopt, "delete:clients"},
        {"POST", QStringLiteral("/api/v2/clients/admin/rotate-secret"), std::nullopt,
         "update:client_keys"},
        {"GET", QStringLiteral("/api/v2/resource-servers"), std::nullopt, "read:resource_servers"},
        {"POST", QStringLiteral("/api/v2/resource-servers"), named, "create:resource_servers"},
        {"GET", QStringLiteral("/api/v2/client-grants"), std::nullopt, "read:client_grants"},
        {"POST", QStringLiteral("/api/v2/client-grants"), named, "create:client_grants"},
        {"GET", QStringLiteral("/api/v2/keys/signing"), std::nullopt, "read:signing_keys"},
        {"POST", QStringLiteral("/api/v2/keys/signing/rotate"), std::nullopt,
         "create:signing_keys"},
        {"GET", QStringLiteral("/api/v2/tenants/settings"), std::nullopt, "read:tenant_settings"},
        {"PATCH", QStringLiteral("/api/v2/tenants/settings"), named, "update:tenant_settings"},
    };
    const qint64 before = server.latestChange();
    for (const Case& c : cases) {
        const Reply reply = server.call(c.method, kAcme, c.path, reader, c.body);
        EXPECT_EQ(reply.status, 403) << c.method.toStdString() << ' ' << c.path.toStdString();
        EXPECT_EQ(reply.error(), QStringLiteral("insufficient_scope"));
        EXPECT_TRUE(reply.description().contains(QString::fromLatin1(c.scope))) << reply;
        EXPECT_TRUE(reply.header("WWW-Authenticate").contains("error=\"insufficient_scope\""));
        EXPECT_TRUE(
            reply.header("WWW-Authenticate").contains(QByteArray("scope=\"" + c.scope + '"')));
    }
    EXPECT_EQ(server.latestChange(), before);
}

TEST_F(ManagementAuth, SystemTokensManageEveryTenant) {
    const QByteArray system = server.systemToken();
    const Reply created = server.call("POST", kAcme, kClients, system,
                                      QJsonObject{{QStringLiteral("name"), QStringLiteral("ci")}});
    ASSERT_EQ(created.status, 201) << created;
    EXPECT_EQ(created.object().value(QLatin1String("tenant")).toString(), kAcme);
    const auto stored = server.store().clients().find(
        kAcme, created.object().value(QLatin1String("client_id")).toString());
    ASSERT_TRUE(stored.ok() && stored->has_value());
    EXPECT_EQ(server.call("GET", kGlobex, QStringLiteral("/api/v2/keys/signing"), system).status,
              200);
}

TEST_F(ManagementAuth, TenantTokensCannotManageTenants) {
    const QByteArray acme = server.adminToken(kAcme);
    // At the system tenant's API, acme's token is another tenant's token.
    expectInvalidToken(server.call("GET", kSystem, QStringLiteral("/api/v2/tenants"), acme));
    expectInvalidToken(server.call("POST", kSystem, QStringLiteral("/api/v2/tenants"), acme,
                                   QJsonObject{{QStringLiteral("id"), QStringLiteral("evil")}}));
    // In its own tenant the route does not exist, for any token.
    EXPECT_EQ(server.call("GET", kAcme, QStringLiteral("/api/v2/tenants"), acme).status, 404);
    EXPECT_EQ(
        server.call("GET", kAcme, QStringLiteral("/api/v2/tenants"), server.systemToken()).status,
        404);
    EXPECT_EQ(server.call("DELETE", kAcme, QStringLiteral("/api/v2/tenants/globex"), acme).status,
              404);
    const auto globex = server.store().tenants().find(kGlobex);
    ASSERT_TRUE(globex.ok());
    EXPECT_TRUE(globex->has_value());
}

TEST_F(ManagementAuth, ResponsesAreNotCached) {
    const Reply reply = server.call("GET", kAcme, kClients, server.adminToken(kAcme));
    ASSERT_EQ(reply.status, 200);
    EXPECT_EQ(reply.header("Cache-Control"), "no-store");
}
