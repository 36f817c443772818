// POST /t/T/oauth/token (RFC 6749 §4.4, §2.3.1, §5.2) against the live server.
#include "GatehousedProcess.h"
#include "TokenTools.h"

#include <QJsonArray>
#include <QUrl>

#include <gtest/gtest.h>

namespace gatehouse::integration {
namespace {

class TokenEndpoint : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(m_server.init());
        m_server.setEnvironment(QStringLiteral("GATEHOUSE_LOG_ACCESS_LOG"), QStringLiteral("off"));
        ASSERT_TRUE(m_server.start());
        m_tenant = m_server.tenant();
        m_client = m_server.managementClient();
        m_issuer = m_server.issuer(m_tenant);
        ASSERT_FALSE(m_issuer.isEmpty());
        m_audience = m_issuer + QStringLiteral("api/v2/");
        m_target = "/t/" + m_tenant.toUtf8() + "/oauth/token";
    }

    void TearDown() override {
        if (m_server.isRunning()) {
            EXPECT_EQ(m_server.stop(), 0) << str(m_server.standardError());
        }
    }

    Reply postForm(const QByteArray& body, Headers headers = {}) {
        headers.append(
            {QByteArray("Content-Type"), QByteArray("application/x-www-form-urlencoded")});
        return m_server.call("POST", m_target, headers, body);
    }

    QByteArray basic() const {
        return basicAuthorization(m_client.clientId, m_client.clientSecret);
    }

    QByteArray grantForm() const {
        return formBody({{QStringLiteral("grant_type"), QStringLiteral("client_credentials")},
                         {QStringLiteral("audience"), m_audience}});
    }

    static void expectOAuthError(const Reply& reply, int status, const char* code) {
        EXPECT_EQ(reply.status, status) << reply.describe();
        EXPECT_TRUE(reply.isJsonError()) << reply.describe();
        EXPECT_EQ(reply.errorCode(), QLatin1String(code)) << reply.describe();
        EXPECT_EQ(reply.header("Cache-Control"), "no-store") << reply.describe();
        EXPECT_TRUE(reply.json().value(QStringLiteral("access_token")).isUndefined());
    }

    // A token response is a working token: the Management API accepts it.
    void expectUsableToken(const Reply& reply) {
        ASSERT_EQ(reply.status, 200) << reply.describe();
        EXPECT_EQ(reply.header("Cache-Control"), "no-store");
        const QString token = reply.json().value(QStringLiteral("access_token")).toString();
        ASSERT_FALSE(token.isEmpty());
        EXPECT_EQ(reply.json().value(QStringLiteral("token_type")).toString(),
                  QStringLiteral("Bearer"));
        const Reply clients =
            m_server.management("GET", m_tenant, QStringLiteral("clients"), token);
        EXPECT_EQ(clients.status, 200) << clients.describe();
    }

    GatehousedProcess m_server;
    QString m_tenant;
    ClientCredentials m_client;
    QString m_issuer;
    QString m_audience;
    QByteArray m_target;
};

TEST_F(TokenEndpoint, ClientCredentialsWithBasicAuthentication) {
    const Reply reply = postForm(grantForm(), {{"Authorization", basic()}});
    expectUsableToken(reply);
    const QJsonObject body = reply.json();
    const auto jwt = decodeJwt(body.value(QStringLiteral("access_token")).toString());
    ASSERT_TRUE(jwt.has_value());
    EXPECT_EQ(jwt->header.value(QStringLiteral("alg")).toString(), QStringLiteral("ES256"));
    EXPECT_EQ(jwt->header.value(QStringLiteral("typ")).toString(), QStringLiteral("at+jwt"));
    const QString kid = jwt->header.value(QStringLiteral("kid")).toString();
    EXPECT_FALSE(kid.isEmpty());
    const QJsonArray keys = m_server.get("/t/" + m_tenant.toUtf8() + "/.well-known/jwks.json")
                                .json()
                                .value(QStringLiteral("keys"))
                                .toArray();
    bool published = false;
    for (const QJsonValue& key : keys)
        published = published || key.toObject().value(QStringLiteral("kid")).toString() == kid;
    EXPECT_TRUE(published) << "kid " << str(kid) << " is not in the JWKS";

    const QJsonObject& claims = jwt->claims;
    EXPECT_EQ(claims.value(QStringLiteral("iss")).toString(), m_issuer);
    EXPECT_EQ(claims.value(QStringLiteral("aud")).toString(), m_audience);
    EXPECT_EQ(claims.value(QStringLiteral("client_id")).toString(), m_client.clientId);
    EXPECT_EQ(claims.value(QStringLiteral("sub")).toString(),
              QString(m_client.clientId + QStringLiteral("@clients")));
    const qint64 lifetime = claims.value(QStringLiteral("exp")).toInteger() -
                            claims.value(QStringLiteral("iat")).toInteger();
    EXPECT_EQ(lifetime, body.value(QStringLiteral("expires_in")).toInteger());
    EXPECT_GT(lifetime, 0);
    EXPECT_FALSE(claims.value(QStringLiteral("jti")).toString().isEmpty());
    EXPECT_EQ(claims.value(QStringLiteral("scope")).toString(),
              body.value(QStringLiteral("scope")).toString());
    EXPECT_TRUE(body.value(QStringLiteral("scope"))
                    .toString()
                    .split(QLatin1Char(' '))
                    .contains(QStringLiteral("read:clients")));
}

TEST_F(TokenEndpoint, ClientCredentialsWithClientSecretPost) {
    expectUsableToken(
        postForm(formBody({{QStringLiteral("grant_type"), QStringLiteral("client_credentials")},
                           {QStringLiteral("client_id"), m_client.clientId},
                           {QStringLiteral("client_secret"), m_client.clientSecret},
                           {QStringLiteral("audience"), m_audience}})));
}

TEST_F(TokenEndpoint, ClientCredentialsWithJsonBody) {
    const QJsonObject body{{QStringLiteral("grant_type"), QStringLiteral("client_credentials")},
                           {QStringLiteral("client_id"), m_client.clientId},
                           {QStringLiteral("client_secret"), m_client.clientSecret},
                           {QStringLiteral("audience"), m_audience}};
    expectUsableToken(
        m_server.call("POST", m_target, {{"Content-Type", "application/json"}}, jsonBytes(body)));
}

TEST_F(TokenEndpoint, RequestedScopesAreNarrowedToTheGrant) {
    const Reply reply = postForm(
        formBody({{QStringLiteral("grant_type"), QStringLiteral("client_credentials")},
                  {QStringLiteral("audience"), m_audience},
                  {QStringLiteral("scope"), QStringLiteral("read:clients launch:rockets")}}),
        {{"Authorization", basic()}});
    ASSERT_EQ(reply.status, 200) << reply.describe();
    EXPECT_EQ(reply.json().value(QStringLiteral("scope")).toString(),
              QStringLiteral("read:clients"));
    const auto jwt = decodeJwt(reply.json().value(QStringLiteral("access_token")).toString());
    ASSERT_TRUE(jwt.has_value());
    EXPECT_EQ(jwt->claims.value(QStringLiteral("scope")).toString(),
              QStringLiteral("read:clients"));
    // The narrowed token cannot write.
    const Reply create =
        m_server.management("POST", m_tenant, QStringLiteral("clients"),
                            reply.json().value(QStringLiteral("access_token")).toString(),
                            {{QStringLiteral("name"), QStringLiteral("x")}});
    EXPECT_EQ(create.status, 403) << create.describe();
}

TEST_F(TokenEndpoint, WrongSecretIs401WithChallenge) {
    const Reply basicWrong = postForm(
        grantForm(),
        {{"Authorization",
          basicAuthorization(m_client.clientId, m_client.clientSecret + QStringLiteral("x"))}});
    expectOAuthError(basicWrong, 401, "invalid_client");
    EXPECT_TRUE(basicWrong.header("WWW-Authenticate").startsWith("Basic")) << basicWrong.describe();

    const Reply postWrong =
        postForm(formBody({{QStringLiteral("grant_type"), QStringLiteral("client_credentials")},
                           {QStringLiteral("client_id"), m_client.clientId},
                           {QStringLiteral("client_secret"), QStringLiteral("guess")},
                           {QStringLiteral("audience"), m_audience}}));
    expectOAuthError(postWrong, 401, "invalid_client");
    EXPECT_TRUE(postWrong.hasHeader("WWW-Authenticate")) << postWrong.describe();

    const Reply emptySecret =
        postForm(grantForm(), {{"Authorization", basicAuthorization(m_client.clientId, {})}});
    expectOAuthError(emptySecret, 401, "invalid_client");
}

TEST_F(TokenEndpoint, UnknownClientIs401LikeAWrongSecret) {
    const Reply unknown = postForm(
        grantForm(),
        {{"Authorization", basicAuthorization(QStringLiteral("nobody"), QStringLiteral("x"))}});
    expectOAuthError(unknown, 401, "invalid_client");
    EXPECT_TRUE(unknown.header("WWW-Authenticate").startsWith("Basic"));
    const Reply wrong =
        postForm(grantForm(),
                 {{"Authorization", basicAuthorization(m_client.clientId, QStringLiteral("x"))}});
    // Nothing tells an attacker which client ids exist.
    EXPECT_EQ(unknown.errorDescription(), wrong.errorDescription());

    const Reply anonymous = postForm(grantForm());
    expectOAuthError(anonymous, 401, "invalid_client");
    const Reply malformed = postForm(grantForm(), {{"Authorization", "Basic !!!notbase64"}});
    expectOAuthError(malformed, 401, "invalid_client");

    // A client of the system tenant is unknown in this tenant.
    const ClientCredentials system = m_server.systemClient();
    expectOAuthError(
        postForm(grantForm(),
                 {{"Authorization", basicAuthorization(system.clientId, system.clientSecret)}}),
        401, "invalid_client");
}

TEST_F(TokenEndpoint, DuplicateParameterIs400) {
    const QByteArray twice[] = {
        grantForm() + "&grant_type=client_credentials",
        grantForm() + "&audience=" + QUrl::toPercentEncoding(m_audience),
        grantForm() + "&scope=read:clients&scope=read:clients",
    };
    for (const QByteArray& body : twice) {
        const Reply reply = postForm(body, {{"Authorization", basic()}});
        expectOAuthError(reply, 400, "invalid_request");
    }
}

TEST_F(TokenEndpoint, MissingOrWrongParametersAre400) {
    expectOAuthError(
        postForm(formBody({{QStringLiteral("grant_type"), QStringLiteral("client_credentials")}}),
                 {{"Authorization", basic()}}),
        400, "invalid_request");
    expectOAuthError(postForm(formBody({{QStringLiteral("audience"), m_audience}}),
                              {{"Authorization", basic()}}),
                     400, "invalid_request");
    expectOAuthError(
        postForm(formBody({{QStringLiteral("grant_type"),
                            QStringLiteral("urn:ietf:params:oauth:grant-type:device_code")},
                           {QStringLiteral("audience"), m_audience}}),
                 {{"Authorization", basic()}}),
        400, "unsupported_grant_type");
    // Supported, but only for clients that list it (PasswordGrantTest).
    expectOAuthError(postForm(formBody({{QStringLiteral("grant_type"), QStringLiteral("password")},
                                        {QStringLiteral("audience"), m_audience}}),
                              {{"Authorization", basic()}}),
                     400, "unauthorized_client");
    // Two ways of authenticating at once (RFC 6749 §2.3).
    expectOAuthError(
        postForm(formBody({{QStringLiteral("grant_type"), QStringLiteral("client_credentials")},
                           {QStringLiteral("client_id"), m_client.clientId},
                           {QStringLiteral("client_secret"), m_client.clientSecret},
                           {QStringLiteral("audience"), m_audience}}),
                 {{"Authorization", basic()}}),
        400, "invalid_request");
    expectOAuthError(
        m_server.call("POST", m_target,
                      {{"Authorization", basic()}, {"Content-Type", "application/json"}},
                      "{\"grant_type\": \"client_credentials\","),
        400, "invalid_request");
    expectOAuthError(m_server.call("POST", m_target,
                                   {{"Authorization", basic()}, {"Content-Type", "text/plain"}},
                                   grantForm()),
                     400, "invalid_request");
}

TEST_F(TokenEndpoint, UnknownAudienceIs403) {
    const Reply reply = postForm(
        formBody({{QStringLiteral("grant_type"), QStringLiteral("client_credentials")},
                  {QStringLiteral("audience"), QStringLiteral("https://api.nowhere.example/")}}),
        {{"Authorization", basic()}});
    expectOAuthError(reply, 403, "access_denied");
    // Another tenant's Management API is an unknown audience here too.
    const Reply system =
        postForm(formBody({{QStringLiteral("grant_type"), QStringLiteral("client_credentials")},
                           {QStringLiteral("audience"),
                            m_server.managementAudience(QStringLiteral("system"))}}),
                 {{"Authorization", basic()}});
    expectOAuthError(system, 403, "access_denied");
}

TEST_F(TokenEndpoint, TenantTokensAreRejectedInOtherTenants) {
    const QString systemToken = m_server.systemToken();
    ASSERT_FALSE(systemToken.isEmpty());
    const Reply created =
        m_server.management("POST", QStringLiteral("system"), QStringLiteral("tenants"),
                            systemToken, {{QStringLiteral("id"), QStringLiteral("tenant-b")}});
    ASSERT_EQ(created.status, 201) << created.describe();
    // The system token reaches tenant B (it manages every tenant)...
    const Reply asSystem = m_server.management("GET", QStringLiteral("tenant-b"),
                                               QStringLiteral("clients"), systemToken);
    EXPECT_EQ(asSystem.status, 200) << asSystem.describe();

    // ...tenant A's does not, although it is valid in A.
    const QString tokenA = m_server.managementToken();
    ASSERT_FALSE(tokenA.isEmpty());
    EXPECT_EQ(m_server.management("GET", m_tenant, QStringLiteral("clients"), tokenA).status, 200);
    for (const QString& path :
         {QStringLiteral("clients"), QStringLiteral("resource-servers"),
          QStringLiteral("keys/signing"), QStringLiteral("tenants/settings")}) {
        const Reply reply = m_server.management("GET", QStringLiteral("tenant-b"), path, tokenA);
        EXPECT_EQ(reply.status, 401) << str(path) << ' ' << reply.describe();
        EXPECT_TRUE(reply.header("WWW-Authenticate").startsWith("Bearer")) << reply.describe();
        EXPECT_TRUE(reply.isJsonError()) << reply.describe();
    }
    const Reply write =
        m_server.management("POST", QStringLiteral("tenant-b"), QStringLiteral("clients"), tokenA,
                            {{QStringLiteral("name"), QStringLiteral("intruder")}});
    EXPECT_EQ(write.status, 401) << write.describe();
    // Nor the system API: a tenant token is not a system token.
    EXPECT_EQ(
        m_server.management("GET", QStringLiteral("system"), QStringLiteral("tenants"), tokenA)
            .status,
        401);

    // Tenant A's client cannot authenticate at tenant B's token endpoint.
    const Reply crossClient =
        m_server.requestToken(QStringLiteral("tenant-b"), m_client,
                              m_server.managementAudience(QStringLiteral("tenant-b")));
    EXPECT_EQ(crossClient.status, 401) << crossClient.describe();
    // And an unknown tenant is 404 everywhere.
    EXPECT_EQ(m_server.requestToken(QStringLiteral("no-such-tenant"), m_client, m_audience).status,
              404);
}

TEST_F(TokenEndpoint, ManagementApiWithoutOrWithGarbageTokenIs401) {
    const Reply none = m_server.call("GET", "/t/" + m_tenant.toUtf8() + "/api/v2/clients");
    EXPECT_EQ(none.status, 401) << none.describe();
    EXPECT_TRUE(none.header("WWW-Authenticate").startsWith("Bearer")) << none.describe();
    EXPECT_TRUE(none.isJsonError()) << none.describe();
    for (const QString& token :
         {QStringLiteral("garbage"), QStringLiteral("a.b.c"), QString(12000, QLatin1Char('a'))}) {
        const Reply reply = m_server.management("GET", m_tenant, QStringLiteral("clients"), token);
        EXPECT_EQ(reply.status, 401) << reply.describe();
        EXPECT_TRUE(reply.isJsonError()) << reply.describe();
    }
    EXPECT_EQ(m_server.get("/health").status, 200);
}

} // namespace
} // namespace gatehouse::integration
