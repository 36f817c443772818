// Upstream connection options, the discovery document's checks and the authorization URL: no
// network needed.
#include "identity/UpstreamOidcConfig.h"
#include "identity/UpstreamMetadata.h"
#include "identity/UpstreamOidcClient.h"
#include "support/ResultAssertions.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QUrlQuery>
#include <gtest/gtest.h>

namespace gatehouse::identity {
namespace {

QJsonObject options(const QString& issuer) {
    return QJsonObject{{QStringLiteral("issuer"), issuer},
                       {QStringLiteral("client_id"), QStringLiteral("gatehouse")}};
}

void expectInvalid(const QJsonObject& options, const QString& field) {
    const Result<UpstreamOidcConfig> config = UpstreamOidcConfig::fromOptions(options, {});
    ASSERT_FALSE(config.ok()) << field.toStdString();
    EXPECT_EQ(config.error().code, "invalid_connection");
    EXPECT_EQ(config.error().httpStatus, 400);
    EXPECT_TRUE(config.error().message.contains(field)) << config.error().message.toStdString();
}

TEST(UpstreamOidcConfigTest, DefaultsDiscoveryUrlAndScopes) {
    const Result<UpstreamOidcConfig> config = UpstreamOidcConfig::fromOptions(
        options(QStringLiteral("https://login.example.com/tenant/")), QStringLiteral("s3cret"));
    ASSERT_OK(config);
    EXPECT_EQ(config->issuer, QStringLiteral("https://login.example.com/tenant/"));
    EXPECT_EQ(config->discoveryUrl.toString(),
              QStringLiteral("https://login.example.com/tenant/.well-known/openid-configuration"));
    EXPECT_EQ(config->scopes, (QStringList{QStringLiteral("openid"), QStringLiteral("profile"),
                                           QStringLiteral("email")}));
    EXPECT_EQ(config->clientSecret, QStringLiteral("s3cret"));

    const Result<UpstreamOidcConfig> bare = UpstreamOidcConfig::fromOptions(
        options(QStringLiteral("https://login.example.com")), QString());
    ASSERT_OK(bare);
    EXPECT_EQ(bare->discoveryUrl.toString(),
              QStringLiteral("https://login.example.com/.well-known/openid-configuration"));
}

TEST(UpstreamOidcConfigTest, ReadsExplicitOptions) {
    QJsonObject o = options(QStringLiteral("https://idp.example"));
    o.insert(QStringLiteral("discovery_url"),
             QStringLiteral("https://meta.example/custom/openid-configuration"));
    o.insert(
        QStringLiteral("scopes"),
        QJsonArray{QStringLiteral("openid"), QStringLiteral("groups"), QStringLiteral("openid")});
    o.insert(QStringLiteral("display_name"), QStringLiteral("Example SSO"));
    const Result<UpstreamOidcConfig> config = UpstreamOidcConfig::fromOptions(o, {});
    ASSERT_OK(config);
    EXPECT_EQ(config->discoveryUrl.toString(),
              QStringLiteral("https://meta.example/custom/openid-configuration"));
    EXPECT_EQ(config->scopes, (QStringList{QStringLiteral("openid"), QStringLiteral("groups")}));
    EXPECT_EQ(config->displayName, QStringLiteral("Example SSO"));

    QJsonObject auth0Style = options(QStringLiteral("https://idp.example"));
    auth0Style.insert(QStringLiteral("scope"), QStringLiteral("openid  email"));
    const Result<UpstreamOidcConfig> fromScope = UpstreamOidcConfig::fromOptions(auth0Style, {});
    ASSERT_OK(fromScope);
    EXPECT_EQ(fromScope->scopes, (QStringList{QStringLiteral("openid"), QStringLiteral("email")}));
}

TEST(UpstreamOidcConfigTest, RequiresHttpsExceptForLoopback) {
    expectInvalid(options(QStringLiteral("http://login.example.com")), QStringLiteral("issuer"));
    expectInvalid(options(QStringLiteral("http://10.0.0.1")), QStringLiteral("issuer"));
    expectInvalid(options(QStringLiteral("http://127.0.0.2")), QStringLiteral("issuer"));
    expectInvalid(options(QStringLiteral("ftp://login.example.com")), QStringLiteral("issuer"));
    for (const QString& loopback :
         {QStringLiteral("http://127.0.0.1:8080"), QStringLiteral("http://[::1]:9000/x"),
          QStringLiteral("http://localhost")}) {
        EXPECT_OK(UpstreamOidcConfig::fromOptions(options(loopback), {}));
    }
    QJsonObject o = options(QStringLiteral("https://idp.example"));
    o.insert(QStringLiteral("discovery_url"),
             QStringLiteral("http://idp.example/.well-known/openid-configuration"));
    expectInvalid(o, QStringLiteral("discovery_url"));
}

TEST(UpstreamOidcConfigTest, RefusesMalformedOptions) {
    expectInvalid(QJsonObject{{QStringLiteral("client_id"), QStringLiteral("x")}},
                  QStringLiteral("issuer"));
    expectInvalid(options(QStringLiteral("https://idp.example/?tenant=1")),
                  QStringLiteral("issuer"));
    expectInvalid(options(QStringLiteral("https://idp.example/#frag")), QStringLiteral("issuer"));
    expectInvalid(options(QStringLiteral("https://user:pw@idp.example")), QStringLiteral("issuer"));
    expectInvalid(QJsonObject{{QStringLiteral("issuer"), QStringLiteral("https://idp.example")}},
                  QStringLiteral("client_id"));
    QJsonObject noOpenid = options(QStringLiteral("https://idp.example"));
    noOpenid.insert(QStringLiteral("scopes"), QStringLiteral("profile email"));
    expectInvalid(noOpenid, QStringLiteral("scopes"));
    QJsonObject badToken = options(QStringLiteral("https://idp.example"));
    badToken.insert(QStringLiteral("scopes"), QJsonArray{QStringLiteral("openid"), 3});
    expectInvalid(badToken, QStringLiteral("scopes"));
    QJsonObject missingCa = options(QStringLiteral("https://idp.example"));
    missingCa.insert(QStringLiteral("tls_ca_file"), QStringLiteral("/nonexistent/ca.pem"));
    expectInvalid(missingCa, QStringLiteral("tls_ca_file"));
}

TEST(UpstreamOidcConfigTest, DiscoveryIssuerMustMatchExactly) {
    const QByteArray document = R"({"issuer":"https://idp.example/",
        "authorization_endpoint":"https://idp.example/authorize",
        "token_endpoint":"https://idp.example/token","jwks_uri":"https://idp.example/jwks"})";
    EXPECT_OK(UpstreamMetadata::fromDiscovery(document, QStringLiteral("https://idp.example/")));
    const Result<UpstreamMetadata> noSlash =
        UpstreamMetadata::fromDiscovery(document, QStringLiteral("https://idp.example"));
    ASSERT_FALSE(noSlash.ok());
    EXPECT_EQ(noSlash.error().code, "upstream_error");
    EXPECT_EQ(noSlash.error().httpStatus, 502);
}

TEST(UpstreamOidcConfigTest, DiscoveryEndpointsMustBeHttps) {
    const QByteArray document = R"({"issuer":"https://idp.example",
        "authorization_endpoint":"https://idp.example/authorize",
        "token_endpoint":"http://idp.example/token","jwks_uri":"https://idp.example/jwks"})";
    const Result<UpstreamMetadata> metadata =
        UpstreamMetadata::fromDiscovery(document, QStringLiteral("https://idp.example"));
    ASSERT_FALSE(metadata.ok());
    EXPECT_TRUE(metadata.error().message.contains(QStringLiteral("token_endpoint")));
    const Result<UpstreamMetadata> missing = UpstreamMetadata::fromDiscovery(
        R"({"issuer":"https://idp.example"})", QStringLiteral("https://idp.example"));
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, "upstream_error");
}

TEST(UpstreamOidcConfigTest, AuthorizationUrlEncodesEveryValue) {
    QJsonObject o = options(QStringLiteral("https://idp.example"));
    o[QStringLiteral("client_id")] = QStringLiteral("client+id&x=1");
    o.insert(QStringLiteral("scopes"), QStringLiteral("openid email"));
    const Result<UpstreamOidcConfig> config = UpstreamOidcConfig::fromOptions(o, {});
    ASSERT_OK(config);
    UpstreamMetadata metadata;
    metadata.authorizationEndpoint = QUrl(QStringLiteral("https://idp.example/authorize?tenant=a"));
    const QString state = QStringLiteral("st+ate&evil=1 #x");
    const QString redirect = QStringLiteral("https://gh.example/t/acme/login/callback?c=con_1&b=2");
    const QUrl url = UpstreamOidcClient::authorizationUrl(
        *config, metadata, redirect, state, QStringLiteral("n=o+n/ce"),
        UpstreamOidcClient::codeChallenge(QStringLiteral("verifier")));

    const QByteArray encoded = url.toEncoded();
    EXPECT_TRUE(encoded.startsWith("https://idp.example/authorize?tenant=a&response_type=code&"))
        << encoded.toStdString();
    EXPECT_TRUE(encoded.contains("&state=st%2Bate%26evil%3D1%20%23x&")) << encoded.toStdString();
    EXPECT_TRUE(encoded.contains("&client_id=client%2Bid%26x%3D1&")) << encoded.toStdString();
    EXPECT_TRUE(encoded.contains("&scope=openid%20email&")) << encoded.toStdString();
    EXPECT_TRUE(encoded.contains("&nonce=n%3Do%2Bn%2Fce&")) << encoded.toStdString();
    EXPECT_TRUE(encoded.endsWith("&code_challenge_method=S256")) << encoded.toStdString();
    EXPECT_FALSE(encoded.contains('#'));

    // A server decoding the query gets every value back unchanged.
    const QUrlQuery query(url);
    EXPECT_EQ(query.queryItemValue(QStringLiteral("state"), QUrl::FullyDecoded), state);
    EXPECT_EQ(query.queryItemValue(QStringLiteral("redirect_uri"), QUrl::FullyDecoded), redirect);
    EXPECT_EQ(query.queryItemValue(QStringLiteral("client_id"), QUrl::FullyDecoded),
              QStringLiteral("client+id&x=1"));
    EXPECT_EQ(query.queryItemValue(QStringLiteral("tenant")), QStringLiteral("a"));
    // RFC 7636 Appendix B.
    EXPECT_EQ(UpstreamOidcClient::codeChallenge(
                  QStringLiteral("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")),
              QStringLiteral("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"));
    EXPECT_EQ(UpstreamOidcClient::newCodeVerifier().size(), 43);
}

} // namespace
} // namespace gatehouse::identity
