#include "oidc/OidcTestSupport.h"

#include "tenancy/ManagementApi.h"

#include <QUrl>

namespace gatehouse::oidc {
namespace {

using namespace test;

class TokenEndpointTest : public ::testing::Test, public OidcEnvironment {
protected:
    void SetUp() override {
        addStandardTenant(QStringLiteral("acme"));
        addStandardTenant(QStringLiteral("globex"));
        ASSERT_OK(catalog->loadAll());
    }

    static QByteArray post(const char* extra = "") {
        return "grant_type=client_credentials&client_id=app&client_secret=" + QByteArray(kSecret) +
               "&audience=https%3A%2F%2Fapi.example" + QByteArray(extra);
    }

    void expectError(const http::HttpResponse& response, int status, const char* code) {
        EXPECT_EQ(response.status(), status) << response.body().toStdString();
        EXPECT_EQ(jsonOf(response).value(QStringLiteral("error")).toString(),
                  QString::fromLatin1(code))
            << response.body().toStdString();
        EXPECT_FALSE(
            jsonOf(response).value(QStringLiteral("error_description")).toString().isEmpty());
        EXPECT_EQ(response.header("Cache-Control"), "no-store");
    }

    void expectInvalidClient(const http::HttpResponse& response) {
        expectError(response, 401, "invalid_client");
        EXPECT_EQ(response.header("WWW-Authenticate"),
                  QByteArray("Basic realm=\"https://localhost:8443/t/acme/\""));
    }

    QJsonObject claimsOf(const http::HttpResponse& response) {
        const QByteArray token =
            jsonOf(response).value(QStringLiteral("access_token")).toString().toLatin1();
        Result<crypto::DecodedJwt> verified =
            verifyWithJwks(token, snapshot(QStringLiteral("acme"))->jwks(), clock.now());
        EXPECT_TRUE(verified.ok()) << verified.error().toString().toStdString();
        return verified ? verified->claims : QJsonObject();
    }
};

TEST_F(TokenEndpointTest, ClientSecretPostIssuesAnRfc9068AccessToken) {
    const http::HttpResponse response = requestToken(tokenRequest(post()));
    ASSERT_EQ(response.status(), 200) << response.body().toStdString();
    EXPECT_EQ(response.header("Cache-Control"), "no-store");
    EXPECT_EQ(response.header("Pragma"), "no-cache");
    const QJsonObject body = jsonOf(response);
    EXPECT_EQ(body.value(QStringLiteral("token_type")).toString(), QStringLiteral("Bearer"));
    EXPECT_EQ(body.value(QStringLiteral("expires_in")).toInt(), 600);
    EXPECT_EQ(body.value(QStringLiteral("scope")).toString(), QStringLiteral("read write"));

    const QByteArray token = body.value(QStringLiteral("access_token")).toString().toLatin1();
    Result<crypto::DecodedJwt> verified =
        verifyWithJwks(token, snapshot(QStringLiteral("acme"))->jwks(), clock.now());
    ASSERT_OK(verified);
    EXPECT_EQ(verified->header.value(QStringLiteral("typ")).toString(), QStringLiteral("at+jwt"));
    EXPECT_EQ(verified->header.value(QStringLiteral("alg")).toString(), QStringLiteral("ES256"));
    EXPECT_EQ(verified->header.value(QStringLiteral("kid")).toString().toLatin1(),
              snapshot(QStringLiteral("acme"))->signingKey()->kid);
    const QJsonObject& claims = verified->claims;
    EXPECT_EQ(claims.value(QStringLiteral("iss")).toString(), kAcmeIssuer);
    EXPECT_EQ(claims.value(QStringLiteral("sub")).toString(), QStringLiteral("app@clients"));
    EXPECT_EQ(claims.value(QStringLiteral("aud")).toString(),
              QStringLiteral("https://api.example"));
    EXPECT_EQ(claims.value(QStringLiteral("client_id")).toString(), QStringLiteral("app"));
    EXPECT_EQ(claims.value(QStringLiteral("scope")).toString(), QStringLiteral("read write"));
    EXPECT_EQ(claims.value(QStringLiteral("gty")).toString(), QStringLiteral("client-credentials"));
    const qint64 iat = qint64(claims.value(QStringLiteral("iat")).toDouble());
    EXPECT_EQ(iat, clock.now().toSecsSinceEpoch());
    EXPECT_EQ(qint64(claims.value(QStringLiteral("exp")).toDouble()), iat + 600);
    EXPECT_GE(claims.value(QStringLiteral("jti")).toString().size(), 22); // 128 bits
    EXPECT_NE(claimsOf(requestToken(tokenRequest(post()))).value(QStringLiteral("jti")),
              claims.value(QStringLiteral("jti")));
}

TEST_F(TokenEndpointTest, ClientSecretBasicAndJsonBodies) {
    http::HttpRequest basicRequest =
        tokenRequest("grant_type=client_credentials&audience=https%3A%2F%2Fapi.example");
    basicRequest.addHeader("Authorization", basic("app", kSecret));
    const http::HttpResponse viaBasic = requestToken(basicRequest);
    ASSERT_EQ(viaBasic.status(), 200) << viaBasic.body().toStdString();
    EXPECT_EQ(claimsOf(viaBasic).value(QStringLiteral("client_id")).toString(),
              QStringLiteral("app"));

    const http::HttpResponse viaJson = requestToken(tokenRequest(
        R"({"grant_type":"client_credentials","client_id":"app","client_secret":")" +
            QByteArray(kSecret) + R"(","audience":"https://api.example","scope":"read"})",
        "application/json; charset=utf-8"));
    ASSERT_EQ(viaJson.status(), 200) << viaJson.body().toStdString();
    EXPECT_EQ(claimsOf(viaJson).value(QStringLiteral("scope")).toString(), QStringLiteral("read"));
}

TEST_F(TokenEndpointTest, BasicCredentialsAreFormUrlDecoded) {
    addClient(QStringLiteral("acme"), QStringLiteral("odd:id"), "s3cret+/=");
    addGrant(QStringLiteral("acme"), QStringLiteral("odd:id"),
             QStringLiteral("https://api.example"), {});
    refresh();
    http::HttpRequest request =
        tokenRequest("grant_type=client_credentials&audience=https://api.example");
    request.addHeader("Authorization", basic("odd%3Aid", "s3cret%2B%2F%3D")); // RFC 6749 §2.3.1
    EXPECT_EQ(requestToken(request).status(), 200);
}

TEST_F(TokenEndpointTest, WrongSecretAndUnknownClientAreTheSameInvalidClient) {
    const http::HttpResponse wrong =
        requestToken(tokenRequest("grant_type=client_credentials&client_id=app&client_secret=nope&"
                                  "audience=https://api.example"));
    expectInvalidClient(wrong);
    const http::HttpResponse unknown =
        requestToken(tokenRequest("grant_type=client_credentials&client_id=ghost&client_secret="
                                  "nope&audience=https://api.example"));
    expectInvalidClient(unknown);
    EXPECT_EQ(jsonOf(wrong), jsonOf(unknown)); // no hint which client ids exist

    http::HttpRequest badBasic =
        tokenRequest("grant_type=client_credentials&audience=https://api.example");
    badBasic.addHeader("Authorization", basic("app", "nope"));
    expectInvalidClient(requestToken(badBasic));
}

TEST_F(TokenEndpointTest, MissingOrMalformedClientAuthenticationIsInvalidClient) {
    expectInvalidClient(requestToken(
        tokenRequest("grant_type=client_credentials&client_id=app&audience=https://api.example")));
    expectInvalidClient(requestToken(tokenRequest("grant_type=client_credentials&audience=x")));
    for (const char* header : {"Basic !!!notbase64", "Basic YXBw" /* no colon */, "Bearer abc"}) {
        http::HttpRequest request = tokenRequest("grant_type=client_credentials&audience=x");
        request.addHeader("Authorization", QByteArray(header));
        expectInvalidClient(requestToken(request));
    }
}

TEST_F(TokenEndpointTest, TheSecretIsComparedAsAHashNeverAsStored) {
    // A client whose stored "hash" is the secret itself must not authenticate with that secret:
    // the endpoint hashes what it receives (crypto::SecretHash) and compares hashes.
    store::ClientRecord plain;
    plain.tenant = QStringLiteral("acme");
    plain.clientId = QStringLiteral("plain");
    plain.name = QStringLiteral("plain");
    plain.secretHash = "plain-text-secret";
    plain.grantTypes = QStringList{QStringLiteral("client_credentials")};
    ASSERT_OK(store().clients().create(plain));
    addGrant(QStringLiteral("acme"), QStringLiteral("plain"), QStringLiteral("https://api.example"),
             {});
    refresh();
    expectInvalidClient(
        requestToken(tokenRequest("grant_type=client_credentials&client_id=plain&client_secret="
                                  "plain-text-secret&audience=https://api.example")));
}

TEST_F(TokenEndpointTest, BothAuthenticationMethodsAreInvalidRequest) {
    http::HttpRequest request = tokenRequest(post());
    request.addHeader("Authorization", basic("app", kSecret));
    expectError(requestToken(request), 400, "invalid_request");

    http::HttpRequest mismatch =
        tokenRequest("grant_type=client_credentials&client_id=other&audience=https://api.example");
    mismatch.addHeader("Authorization", basic("app", kSecret));
    expectError(requestToken(mismatch), 400, "invalid_request");
}

TEST_F(TokenEndpointTest, DuplicateParametersAreInvalidRequest) {
    expectError(requestToken(tokenRequest(post("&audience=https%3A%2F%2Fapi.example"))), 400,
                "invalid_request");
    expectError(requestToken(tokenRequest(post("&scope=read&scope=write"))), 400,
                "invalid_request");
    expectError(
        requestToken(tokenRequest(
            R"({"grant_type":"client_credentials","client_id":"app","client_id":"app"})", kJson)),
        400, "invalid_request");
}

TEST_F(TokenEndpointTest, OtherContentTypesAndBadBodiesAreInvalidRequest) {
    for (const QByteArray& type :
         {QByteArray("text/plain"), QByteArray("multipart/form-data"), QByteArray()})
        expectError(requestToken(tokenRequest(post(), type)), 400, "invalid_request");
    for (const char* body : {"{", "[]", "{\"grant_type\":1}", "not json", R"({"scope":["read"]})"})
        expectError(requestToken(tokenRequest(body, kJson)), 400, "invalid_request");
    expectError(requestToken(tokenRequest(post("&scope=%zz"))), 400, "invalid_request");
}

TEST_F(TokenEndpointTest, GrantTypeErrors) {
    expectError(requestToken(tokenRequest("client_id=app&client_secret=x")), 400,
                "invalid_request");
    expectError(requestToken(tokenRequest("grant_type=password&client_id=app&client_secret=x")),
                400, "unsupported_grant_type");

    addClient(QStringLiteral("acme"), QStringLiteral("web"), "web-secret-0123456789",
              {QStringLiteral("authorization_code")});
    addGrant(QStringLiteral("acme"), QStringLiteral("web"), QStringLiteral("https://api.example"),
             {});
    refresh();
    expectError(
        requestToken(tokenRequest("grant_type=client_credentials&client_id=web&client_secret="
                                  "web-secret-0123456789&audience=https://api.example")),
        400, "unauthorized_client");
}

TEST_F(TokenEndpointTest, AudienceErrors) {
    const QByteArray noAudience =
        "grant_type=client_credentials&client_id=app&client_secret=" + QByteArray(kSecret);
    expectError(requestToken(tokenRequest(noAudience)), 400, "invalid_request");

    const http::HttpResponse unknown =
        requestToken(tokenRequest(noAudience + "&audience=https://nowhere"));
    expectError(unknown, 403, "access_denied");
    EXPECT_EQ(jsonOf(unknown).value(QStringLiteral("error_description")).toString(),
              QStringLiteral("Service not found: https://nowhere"));

    addApi(QStringLiteral("acme"), QStringLiteral("https://ungranted"), {QStringLiteral("x")});
    refresh();
    expectError(requestToken(tokenRequest(noAudience + "&audience=https://ungranted")), 403,
                "access_denied");
    // The stored marker of the Management API is not an audience anyone can ask for.
    expectError(requestToken(tokenRequest(noAudience + "&audience=urn:gatehouse:management-api")),
                403, "access_denied");
}

TEST_F(TokenEndpointTest, DefaultAudienceSetting) {
    store::TenantRecord acme = snapshot(QStringLiteral("acme"))->tenant();
    acme.settings.insert(QStringLiteral("default_audience"), QStringLiteral("https://api.example"));
    ASSERT_OK(store().tenants().update(acme));
    refresh();
    const http::HttpResponse response = requestToken(tokenRequest(
        "grant_type=client_credentials&client_id=app&client_secret=" + QByteArray(kSecret)));
    ASSERT_EQ(response.status(), 200) << response.body().toStdString();
    EXPECT_EQ(claimsOf(response).value(QStringLiteral("aud")).toString(),
              QStringLiteral("https://api.example"));
}

TEST_F(TokenEndpointTest, RequestedScopesAreNarrowedToTheGrant) {
    const http::HttpResponse narrowed =
        requestToken(tokenRequest(post("&scope=delete%20read%20unknown")));
    ASSERT_EQ(narrowed.status(), 200);
    EXPECT_EQ(jsonOf(narrowed).value(QStringLiteral("scope")).toString(), QStringLiteral("read"));
    EXPECT_EQ(claimsOf(narrowed).value(QStringLiteral("scope")).toString(), QStringLiteral("read"));

    const http::HttpResponse nothing = requestToken(tokenRequest(post("&scope=delete")));
    ASSERT_EQ(nothing.status(), 200);
    EXPECT_EQ(jsonOf(nothing).value(QStringLiteral("scope")).toString(), QString());
    EXPECT_FALSE(claimsOf(nothing).contains(QStringLiteral("scope")));

    expectError(requestToken(tokenRequest(post("&scope=read%22"))), 400, "invalid_scope");
}

TEST_F(TokenEndpointTest, AClientOfAnotherTenantIsUnknown) {
    addClient(QStringLiteral("globex"), QStringLiteral("globex-only"), "globex-secret-0123456789");
    refresh();
    expectInvalidClient(
        requestToken(tokenRequest("grant_type=client_credentials&client_id=globex-only&"
                                  "client_secret=globex-secret-0123456789&audience=x")));
}

TEST_F(TokenEndpointTest, ManagementApiAudienceForEveryIssuerOfTheTenant) {
    addGrant(QStringLiteral("acme"), QStringLiteral("app"), tenancy::ManagementApi::kIdentifier,
             {QStringLiteral("read:clients")});
    refresh();
    for (const QString& audience : {QStringLiteral("https://localhost:8443/t/acme/api/v2/"),
                                    QStringLiteral("https://acme.example.com:8443/api/v2/")}) {
        const http::HttpResponse response = requestToken(tokenRequest(
            "grant_type=client_credentials&client_id=app&client_secret=" + QByteArray(kSecret) +
            "&audience=" + QUrl::toPercentEncoding(audience)));
        ASSERT_EQ(response.status(), 200) << response.body().toStdString();
        EXPECT_EQ(claimsOf(response).value(QStringLiteral("aud")).toString(), audience);
        EXPECT_EQ(claimsOf(response).value(QStringLiteral("scope")).toString(),
                  QStringLiteral("read:clients"));
    }
    // globex's Management API is not acme's.
    expectError(requestToken(tokenRequest(
                    "grant_type=client_credentials&client_id=app&client_secret=" +
                    QByteArray(kSecret) + "&audience=https://localhost:8443/t/globex/api/v2/")),
                403, "access_denied");
}

TEST_F(TokenEndpointTest, HostAddressedRequestsGetTheHostIssuer) {
    const http::HttpResponse response =
        requestToken(tokenRequest(post(), kForm, "/oauth/token", "ACME.example.com:8443"));
    ASSERT_EQ(response.status(), 200) << response.body().toStdString();
    EXPECT_EQ(claimsOf(response).value(QStringLiteral("iss")).toString(),
              QStringLiteral("https://acme.example.com:8443/"));
}

TEST_F(TokenEndpointTest, UnknownTenantIs404) {
    const http::HttpResponse response =
        requestToken(tokenRequest(post(), kForm, "/t/nobody/oauth/token"));
    EXPECT_EQ(response.status(), 404);
}

TEST_F(TokenEndpointTest, IssuedTokensAreCountedByTenantAndGrant) {
    ASSERT_EQ(requestToken(tokenRequest(post())).status(), 200);
    ASSERT_EQ(requestToken(tokenRequest(post())).status(), 200);
    ASSERT_EQ(requestToken(tokenRequest(post(), kForm, "/t/globex/oauth/token")).status(), 200);
    expectInvalidClient(
        requestToken(tokenRequest("grant_type=client_credentials&client_id=app&client_secret=x")));
    const QByteArray text = metrics.prometheusText();
    EXPECT_TRUE(text.contains(
        "gatehouse_tokens_issued_total{tenant=\"acme\",grant_type=\"client_credentials\"} 2"))
        << text.toStdString();
    EXPECT_TRUE(text.contains(
        "gatehouse_tokens_issued_total{tenant=\"globex\",grant_type=\"client_credentials\"} 1"));
}

TEST_F(TokenEndpointTest, NewTokensUseTheNewKidAfterRotation) {
    const QByteArray before = snapshot(QStringLiteral("acme"))->signingKey()->kid;
    ASSERT_OK(keys->rotate(QStringLiteral("acme")));
    refresh();
    const http::HttpResponse response = requestToken(tokenRequest(post()));
    ASSERT_EQ(response.status(), 200);
    const QByteArray token =
        jsonOf(response).value(QStringLiteral("access_token")).toString().toLatin1();
    Result<crypto::DecodedJwt> decoded = crypto::decodeJwt(token);
    ASSERT_OK(decoded);
    const QByteArray kid = decoded->header.value(QStringLiteral("kid")).toString().toLatin1();
    EXPECT_NE(kid, before);
    EXPECT_EQ(kid, snapshot(QStringLiteral("acme"))->signingKey()->kid);
    EXPECT_OK(verifyWithJwks(token, snapshot(QStringLiteral("acme"))->jwks(), clock.now()));
}

class RsaTokenEndpointTest : public ::testing::Test, public OidcEnvironment {
protected:
    RsaTokenEndpointTest()
        : OidcEnvironment(2, 64) {}
    void SetUp() override {
        addStandardTenant(QStringLiteral("acme"), QStringLiteral("RS256"));
        ASSERT_OK(catalog->loadAll());
    }
};

TEST_F(RsaTokenEndpointTest, Rs256TokensAreSignedOnThePoolAndVerify) {
    QList<QByteArray> tokens;
    for (int i = 0; i < 8; ++i)
        tokens.append(issue());
    for (const QByteArray& token : tokens) {
        Result<crypto::DecodedJwt> verified =
            verifyWithJwks(token, snapshot(QStringLiteral("acme"))->jwks(), clock.now());
        ASSERT_OK(verified);
        EXPECT_EQ(verified->header.value(QStringLiteral("alg")).toString(),
                  QStringLiteral("RS256"));
    }
    EXPECT_EQ(pool.threadCount(), 2);
}

class FullPoolTokenEndpointTest : public ::testing::Test, public OidcEnvironment {
protected:
    FullPoolTokenEndpointTest()
        : OidcEnvironment(1, 0) // a queue that takes nothing
    {}
};

TEST_F(FullPoolTokenEndpointTest, AFullSigningQueueIs503WithRetryAfter) {
    addStandardTenant(QStringLiteral("acme"), QStringLiteral("RS256"));
    ASSERT_OK(catalog->loadAll());
    const http::HttpResponse response =
        requestToken(tokenRequest("grant_type=client_credentials&client_id=app&client_secret=" +
                                  QByteArray(kSecret) + "&audience=https://api.example"));
    EXPECT_EQ(response.status(), 503);
    EXPECT_EQ(response.header("Retry-After"), "1");
    EXPECT_EQ(jsonOf(response).value(QStringLiteral("error")).toString(),
              QStringLiteral("temporarily_unavailable"));
}

} // namespace
} // namespace gatehouse::oidc
