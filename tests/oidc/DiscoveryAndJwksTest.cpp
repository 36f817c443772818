#include "oidc/OidcTestSupport.h"

namespace gatehouse::oidc {
namespace {

using namespace test;

class DiscoveryAndJwksTest : public ::testing::Test, public OidcEnvironment {
protected:
    void SetUp() override {
        addStandardTenant(QStringLiteral("acme"), QStringLiteral("ES256"),
                          QStringLiteral("login.acme.io"));
        addStandardTenant(QStringLiteral("globex"), QStringLiteral("EdDSA"));
        ASSERT_OK(catalog->loadAll());
    }

    http::HttpResponse get(const JwksEndpoint& endpoint, const char* target,
                           const char* host = "localhost:8443") {
        http::HttpRequest request(http::Method::Get, QByteArray(target));
        request.addHeader("Host", host);
        return call(
            [&](const http::HttpRequest& r, const http::Responder& s) { endpoint.handle(r, s); },
            request);
    }
    http::HttpResponse get(const DiscoveryEndpoint& endpoint, const char* target,
                           const char* host = "localhost:8443") {
        http::HttpRequest request(http::Method::Get, QByteArray(target));
        request.addHeader("Host", host);
        return call(
            [&](const http::HttpRequest& r, const http::Responder& s) { endpoint.handle(r, s); },
            request);
    }
};

TEST_F(DiscoveryAndJwksTest, DiscoveryNamesThePathIssuerAndItsEndpoints) {
    const http::HttpResponse response = get(discovery, "/t/acme/.well-known/openid-configuration");
    ASSERT_EQ(response.status(), 200);
    EXPECT_EQ(response.header("Cache-Control"), "public, max-age=3600");
    const QJsonObject document = jsonOf(response);
    EXPECT_EQ(document.value(QStringLiteral("issuer")).toString(), kAcmeIssuer);
    EXPECT_EQ(document.value(QStringLiteral("jwks_uri")).toString(),
              kAcmeIssuer + QStringLiteral(".well-known/jwks.json"));
    EXPECT_EQ(document.value(QStringLiteral("token_endpoint")).toString(),
              kAcmeIssuer + QStringLiteral("oauth/token"));
    EXPECT_EQ(document.value(QStringLiteral("grant_types_supported")).toArray(),
              (QJsonArray{QStringLiteral("authorization_code"), QStringLiteral("refresh_token"),
                          QStringLiteral("client_credentials"), QStringLiteral("password"),
                          QStringLiteral("http://auth0.com/oauth/grant-type/password-realm")}));
    EXPECT_EQ(document.value(QStringLiteral("token_endpoint_auth_methods_supported")).toArray(),
              (QJsonArray{QStringLiteral("client_secret_basic"),
                          QStringLiteral("client_secret_post"), QStringLiteral("none")}));
    EXPECT_EQ(
        document.value(QStringLiteral("introspection_endpoint_auth_methods_supported")).toArray(),
        (QJsonArray{QStringLiteral("client_secret_basic"), QStringLiteral("client_secret_post")}));
    EXPECT_EQ(document.value(QStringLiteral("id_token_signing_alg_values_supported")).toArray(),
              QJsonArray{QStringLiteral("ES256")});
    EXPECT_EQ(document.value(QStringLiteral("response_types_supported")).toArray(),
              QJsonArray{QStringLiteral("code")});
    EXPECT_EQ(document.value(QStringLiteral("response_modes_supported")).toArray(),
              (QJsonArray{QStringLiteral("query"), QStringLiteral("form_post")}));
    EXPECT_EQ(document.value(QStringLiteral("code_challenge_methods_supported")).toArray(),
              QJsonArray{QStringLiteral("S256")});
    EXPECT_EQ(document.value(QStringLiteral("scopes_supported")).toArray(),
              (QJsonArray{QStringLiteral("openid"), QStringLiteral("profile"),
                          QStringLiteral("email"), QStringLiteral("offline_access")}));
    EXPECT_EQ(document.value(QStringLiteral("subject_types_supported")).toArray(),
              QJsonArray{QStringLiteral("public")});
    EXPECT_TRUE(document.value(QStringLiteral("claims_supported"))
                    .toArray()
                    .contains(QStringLiteral("email_verified")));
    EXPECT_TRUE(document.value(QStringLiteral("claims_supported"))
                    .toArray()
                    .contains(QStringLiteral("sid")));
    EXPECT_EQ(document.value(QStringLiteral("authorization_response_iss_parameter_supported")),
              QJsonValue(true));
    EXPECT_EQ(document.value(QStringLiteral("request_parameter_supported")), QJsonValue(false));
    for (const auto& [name, path] : {std::pair{"authorization_endpoint", "authorize"},
                                     std::pair{"userinfo_endpoint", "userinfo"},
                                     std::pair{"revocation_endpoint", "oauth/revoke"},
                                     std::pair{"introspection_endpoint", "oauth/introspect"},
                                     std::pair{"end_session_endpoint", "oidc/logout"}})
        EXPECT_EQ(document.value(QLatin1String(name)).toString(), kAcmeIssuer + QLatin1String(path))
            << name;
}

TEST_F(DiscoveryAndJwksTest, DiscoveryByHostNamesTheHostIssuer) {
    for (const auto& [host, issuer] :
         {std::pair{"acme.example.com:8443", "https://acme.example.com:8443/"},
          std::pair{"LOGIN.acme.io", "https://login.acme.io:8443/"}}) {
        const http::HttpResponse response =
            get(discovery, "/.well-known/openid-configuration", host);
        ASSERT_EQ(response.status(), 200) << host;
        const QJsonObject document = jsonOf(response);
        EXPECT_EQ(document.value(QStringLiteral("issuer")).toString(), QString::fromLatin1(issuer));
        EXPECT_EQ(document.value(QStringLiteral("token_endpoint")).toString(),
                  QString::fromLatin1(issuer) + QStringLiteral("oauth/token"));
        // Every endpoint of the host issuer's document is on that host too.
        for (const char* name :
             {"authorization_endpoint", "userinfo_endpoint", "revocation_endpoint",
              "introspection_endpoint", "end_session_endpoint", "jwks_uri"})
            EXPECT_TRUE(document.value(QLatin1String(name))
                            .toString()
                            .startsWith(QString::fromLatin1(issuer)))
                << host << name;
    }
}

TEST_F(DiscoveryAndJwksTest, JwksListsTheTenantsPublicKeysOnly) {
    const http::HttpResponse acme = get(jwks, "/t/acme/.well-known/jwks.json");
    ASSERT_EQ(acme.status(), 200);
    EXPECT_EQ(acme.header("Cache-Control"), "public, max-age=300");
    EXPECT_TRUE(acme.header("Content-Type").startsWith("application/json"));
    const QJsonArray keys = jsonOf(acme).value(QStringLiteral("keys")).toArray();
    ASSERT_EQ(keys.size(), 2);
    QStringList kids;
    for (const QJsonValue& key : keys) {
        const QJsonObject jwk = key.toObject();
        EXPECT_EQ(jwk.value(QStringLiteral("kty")).toString(), QStringLiteral("EC"));
        EXPECT_EQ(jwk.value(QStringLiteral("alg")).toString(), QStringLiteral("ES256"));
        EXPECT_EQ(jwk.value(QStringLiteral("use")).toString(), QStringLiteral("sig"));
        EXPECT_FALSE(jwk.contains(QStringLiteral("d")));
        kids.append(jwk.value(QStringLiteral("kid")).toString());
    }
    const QJsonArray globex = jsonOf(get(jwks, "/t/globex/.well-known/jwks.json"))
                                  .value(QStringLiteral("keys"))
                                  .toArray();
    ASSERT_EQ(globex.size(), 2);
    for (const QJsonValue& key : globex) {
        EXPECT_EQ(key.toObject().value(QStringLiteral("kty")).toString(), QStringLiteral("OKP"));
        EXPECT_EQ(key.toObject().value(QStringLiteral("alg")).toString(), QStringLiteral("EdDSA"));
        EXPECT_FALSE(kids.contains(key.toObject().value(QStringLiteral("kid")).toString()));
    }
    EXPECT_EQ(get(jwks, "/.well-known/jwks.json", "acme.example.com").body(), acme.body());
}

TEST_F(DiscoveryAndJwksTest, UnknownTenantsAre404) {
    EXPECT_EQ(get(jwks, "/t/nobody/.well-known/jwks.json").status(), 404);
    EXPECT_EQ(get(discovery, "/t/nobody/.well-known/openid-configuration").status(), 404);
    EXPECT_EQ(get(discovery, "/.well-known/openid-configuration", "localhost:8443").status(), 404);
}

TEST_F(DiscoveryAndJwksTest, EdDsaTokensVerifyWithTheJwks) {
    const QByteArray token = issue(QStringLiteral("globex"));
    Result<crypto::DecodedJwt> verified =
        verifyWithJwks(token, snapshot(QStringLiteral("globex"))->jwks(), clock.now());
    ASSERT_OK(verified);
    EXPECT_EQ(verified->header.value(QStringLiteral("alg")).toString(), QStringLiteral("EdDSA"));
    // ...and not with another tenant's.
    EXPECT_FALSE(verifyWithJwks(token, snapshot(QStringLiteral("acme"))->jwks(), clock.now()).ok());
}

} // namespace
} // namespace gatehouse::oidc
