// The upstream OIDC client against a real HTTP server on 127.0.0.1 playing the provider.
#include "FakeUpstream.h"

#include "crypto/Certificate.h"
#include "crypto/Digest.h"
#include "crypto/Encoding.h"
#include "identity/UpstreamOidcClient.h"
#include "support/ResultAssertions.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSslKey>
#include <QSslSocket>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>
#include <gtest/gtest.h>
#include <optional>

namespace gatehouse::identity {
namespace {

using namespace std::chrono_literals;
using test::FakeUpstream;

const QString kClientId = QStringLiteral("gatehouse-client");
const QString kSecret = QStringLiteral("upstream-secret:with&odd=chars");
const QString kNonce = QStringLiteral("nonce-4711");
const QString kCode = QStringLiteral("the-authorization-code");
const QString kRedirect = QStringLiteral("https://gh.example/t/acme/login/callback");

crypto::KeyPair generate(crypto::SigningAlgorithm algorithm) {
    Result<crypto::KeyPair> key = crypto::KeyPair::generate(algorithm);
    EXPECT_TRUE(key.ok());
    return std::move(key).value();
}

// Compact JWS built by hand, for the algorithms crypto refuses to sign with.
QByteArray unsignedToken(const QJsonObject& header, const QJsonObject& claims) {
    return crypto::base64UrlEncode(QJsonDocument(header).toJson(QJsonDocument::Compact)) + '.' +
           crypto::base64UrlEncode(QJsonDocument(claims).toJson(QJsonDocument::Compact));
}

template <typename T> Result<T> waitFor(std::optional<Result<T>>& slot) {
    if (!QTest::qWaitFor([&] { return slot.has_value(); }, 15000))
        return Error::internal(QStringLiteral("no callback within 15 s"));
    return *slot;
}

class UpstreamOidcClientTest : public ::testing::Test {
protected:
    void SetUp() override { startUpstream(std::nullopt); }

    void startUpstream(std::optional<QSslConfiguration> tls) {
        m_upstream = std::make_unique<FakeUpstream>(std::move(tls));
        ASSERT_TRUE(m_upstream->start());
        m_upstream->publishKeys({{QStringLiteral("rsa-1"), m_rsa}});
        m_upstream->setIdTokenClaims(claims());
    }

    [[nodiscard]] QJsonObject claims() const {
        return QJsonObject{
            {QStringLiteral("iss"), m_upstream->issuer()},
            {QStringLiteral("aud"), kClientId},
            {QStringLiteral("sub"), QStringLiteral("upstream|42")},
            {QStringLiteral("nonce"), kNonce},
            {QStringLiteral("iat"), m_now.toSecsSinceEpoch() - 5},
            {QStringLiteral("exp"), m_now.toSecsSinceEpoch() + 300},
            {QStringLiteral("email"), QStringLiteral("ada@example.com")},
            {QStringLiteral("email_verified"), true},
            {QStringLiteral("name"), QStringLiteral("Ada Lovelace")},
            {QStringLiteral("given_name"), QStringLiteral("Ada")},
            {QStringLiteral("family_name"), QStringLiteral("Lovelace")},
            {QStringLiteral("nickname"), QStringLiteral("ada")},
            {QStringLiteral("picture"), QStringLiteral("https://img.example/ada.png")},
            {QStringLiteral("groups"), QJsonArray{QStringLiteral("admins")}}};
    }

    [[nodiscard]] UpstreamOidcConfig config(QJsonObject extra = {}) const {
        QJsonObject options{{QStringLiteral("issuer"), m_upstream->issuer()},
                            {QStringLiteral("client_id"), kClientId}};
        for (auto it = extra.begin(); it != extra.end(); ++it)
            options.insert(it.key(), it.value());
        Result<UpstreamOidcConfig> parsed = UpstreamOidcConfig::fromOptions(options, kSecret);
        EXPECT_TRUE(parsed.ok()) << parsed.error().toString().toStdString();
        return std::move(parsed).value();
    }

    [[nodiscard]] std::unique_ptr<UpstreamOidcClient> client(std::chrono::milliseconds timeout = 5s,
                                                             qint64 maxBytes = 1024 * 1024) {
        UpstreamOidcClientOptions options;
        options.http.timeout = timeout;
        options.http.maxResponseBytes = maxBytes;
        options.clock = [this] {
            return m_now;
        };
        return std::make_unique<UpstreamOidcClient>(m_cache, options);
    }

    Result<UpstreamIdentity> exchange(UpstreamOidcClient& client, const UpstreamOidcConfig& config,
                                      const QString& nonce = kNonce) {
        std::optional<Result<UpstreamIdentity>> result;
        client.exchangeCode(config, kCode, QStringLiteral("v").repeated(43), kRedirect, nonce,
                            [&](Result<UpstreamIdentity> identity) { result.emplace(identity); });
        return waitFor(result);
    }

    Result<UpstreamIdentity> exchange(const QString& nonce = kNonce) {
        auto c = client();
        return exchange(*c, config(), nonce);
    }

    Result<UpstreamMetadata> fetch(UpstreamOidcClient& client, const UpstreamOidcConfig& config) {
        std::optional<Result<UpstreamMetadata>> result;
        client.fetchMetadata(config,
                             [&](Result<UpstreamMetadata> metadata) { result.emplace(metadata); });
        return waitFor(result);
    }

    // The exchange fails with `code` and a message containing `fragment`, and no message ever
    // carries the secret or the code.
    void expectFailure(const Result<UpstreamIdentity>& result, const QByteArray& code,
                       const QString& fragment) {
        ASSERT_FALSE(result.ok());
        EXPECT_EQ(result.error().code, code) << result.error().toString().toStdString();
        EXPECT_EQ(result.error().httpStatus, 502);
        EXPECT_TRUE(result.error().message.contains(fragment, Qt::CaseInsensitive))
            << result.error().message.toStdString();
        EXPECT_FALSE(result.error().message.contains(kSecret));
        EXPECT_FALSE(result.error().message.contains(kCode));
    }

    void withClaim(const QString& name, const QJsonValue& value) {
        QJsonObject changed = claims();
        if (value.isUndefined())
            changed.remove(name);
        else
            changed.insert(name, value);
        m_upstream->setIdTokenClaims(changed);
    }

    QDateTime m_now = QDateTime::currentDateTimeUtc();
    crypto::KeyPair m_rsa = generate(crypto::SigningAlgorithm::RS256);
    std::shared_ptr<UpstreamMetadataCache> m_cache = std::make_shared<UpstreamMetadataCache>();
    std::unique_ptr<FakeUpstream> m_upstream;
};

TEST_F(UpstreamOidcClientTest, HappyPathYieldsTheIdentity) {
    const Result<UpstreamIdentity> identity = exchange();
    ASSERT_OK(identity);
    EXPECT_EQ(identity->subject, QStringLiteral("upstream|42"));
    EXPECT_EQ(identity->email, QStringLiteral("ada@example.com"));
    EXPECT_TRUE(identity->emailVerified);
    EXPECT_EQ(identity->name, QStringLiteral("Ada Lovelace"));
    EXPECT_EQ(identity->givenName, QStringLiteral("Ada"));
    EXPECT_EQ(identity->familyName, QStringLiteral("Lovelace"));
    EXPECT_EQ(identity->nickname, QStringLiteral("ada"));
    EXPECT_EQ(identity->picture, QStringLiteral("https://img.example/ada.png"));
    EXPECT_EQ(identity->claims.value(QStringLiteral("groups")).toArray().first().toString(),
              QStringLiteral("admins"));

    // RFC 6749 §4.1.3 with client_secret_basic (§2.3.1: form-encoded, then base64).
    const http::HttpRequest request = m_upstream->lastTokenRequest();
    const QUrlQuery form(QString::fromLatin1(request.body()));
    EXPECT_EQ(form.queryItemValue(QStringLiteral("grant_type")),
              QStringLiteral("authorization_code"));
    EXPECT_EQ(form.queryItemValue(QStringLiteral("code")), kCode);
    EXPECT_EQ(form.queryItemValue(QStringLiteral("redirect_uri"), QUrl::FullyDecoded), kRedirect);
    EXPECT_EQ(form.queryItemValue(QStringLiteral("code_verifier")),
              QStringLiteral("v").repeated(43));
    EXPECT_FALSE(form.hasQueryItem(QStringLiteral("client_secret")));
    EXPECT_EQ(request.header("Content-Type"), "application/x-www-form-urlencoded");
    EXPECT_EQ(request.header("Authorization"),
              "Basic " +
                  QByteArray("gatehouse-client:upstream-secret%3Awith%26odd%3Dchars").toBase64());
}

TEST_F(UpstreamOidcClientTest, UsesClientSecretPostWhenThatIsAllTheProviderOffers) {
    m_upstream->setDiscoveryOverrides(
        {{QStringLiteral("token_endpoint_auth_methods_supported"),
          QJsonArray{QStringLiteral("client_secret_post"), QStringLiteral("private_key_jwt")}}});
    ASSERT_OK(exchange());
    const http::HttpRequest request = m_upstream->lastTokenRequest();
    const QUrlQuery form(QString::fromLatin1(request.body()));
    EXPECT_EQ(form.queryItemValue(QStringLiteral("client_id")), kClientId);
    EXPECT_EQ(form.queryItemValue(QStringLiteral("client_secret"), QUrl::FullyDecoded), kSecret);
    EXPECT_FALSE(request.hasHeader("Authorization"));
}

TEST_F(UpstreamOidcClientTest, EcAndEdDsaKeysVerify) {
    const crypto::KeyPair ec = generate(crypto::SigningAlgorithm::ES256);
    const crypto::KeyPair ed = generate(crypto::SigningAlgorithm::EdDSA);
    m_upstream->publishKeys({{QStringLiteral("ec"), ec}, {QStringLiteral("ed"), ed}});
    m_upstream->setSigningKey(QStringLiteral("ec"), ec);
    auto c = client();
    ASSERT_OK(exchange(*c, config()));
    m_upstream->setSigningKey(QStringLiteral("ed"), ed);
    ASSERT_OK(exchange(*c, config()));
}

TEST_F(UpstreamOidcClientTest, RefusesAnotherIssuer) {
    withClaim(QStringLiteral("iss"), QStringLiteral("https://evil.example"));
    expectFailure(exchange(), "invalid_upstream_token", QStringLiteral("issuer"));
}

TEST_F(UpstreamOidcClientTest, RefusesAnotherAudience) {
    withClaim(QStringLiteral("aud"), QStringLiteral("someone-else"));
    expectFailure(exchange(), "invalid_upstream_token", QStringLiteral("audience"));
}

TEST_F(UpstreamOidcClientTest, SeveralAudiencesNeedAnAuthorizedParty) {
    withClaim(QStringLiteral("aud"), QJsonArray{kClientId, QStringLiteral("other")});
    expectFailure(exchange(), "invalid_upstream_token", QStringLiteral("azp"));
    QJsonObject withAzp = claims();
    withAzp.insert(QStringLiteral("aud"), QJsonArray{kClientId, QStringLiteral("other")});
    withAzp.insert(QStringLiteral("azp"), QStringLiteral("other"));
    m_upstream->setIdTokenClaims(withAzp);
    expectFailure(exchange(), "invalid_upstream_token", QStringLiteral("azp"));
    withAzp.insert(QStringLiteral("azp"), kClientId);
    m_upstream->setIdTokenClaims(withAzp);
    EXPECT_OK(exchange());
}

TEST_F(UpstreamOidcClientTest, RefusesAMissingOrWrongNonce) {
    expectFailure(exchange(QStringLiteral("another-nonce")), "invalid_upstream_token",
                  QStringLiteral("nonce"));
    withClaim(QStringLiteral("nonce"), QJsonValue::Undefined);
    expectFailure(exchange(), "invalid_upstream_token", QStringLiteral("no nonce"));
}

TEST_F(UpstreamOidcClientTest, RefusesExpiredAndFutureTokens) {
    withClaim(QStringLiteral("exp"), m_now.toSecsSinceEpoch() - 120);
    expectFailure(exchange(), "invalid_upstream_token", QStringLiteral("expired"));
    withClaim(QStringLiteral("iat"), m_now.toSecsSinceEpoch() + 600);
    expectFailure(exchange(), "invalid_upstream_token", QStringLiteral("iat"));
    withClaim(QStringLiteral("iat"), QJsonValue::Undefined);
    expectFailure(exchange(), "invalid_upstream_token", QStringLiteral("iat"));
    // Within the leeway both are fine.
    QJsonObject skewed = claims();
    skewed.insert(QStringLiteral("iat"), m_now.toSecsSinceEpoch() + 10);
    skewed.insert(QStringLiteral("exp"), m_now.toSecsSinceEpoch() - 10);
    m_upstream->setIdTokenClaims(skewed);
    EXPECT_OK(exchange());
}

TEST_F(UpstreamOidcClientTest, RefusesAlgNoneWithoutFetchingKeys) {
    const QByteArray token = unsignedToken({{QStringLiteral("alg"), QStringLiteral("none")},
                                            {QStringLiteral("kid"), QStringLiteral("x")}},
                                           claims()) +
                             '.';
    m_upstream->setTokenHandler([token](http::HttpRequest, http::Responder responder) {
        responder.send(FakeUpstream::tokenResponse(token));
    });
    expectFailure(exchange(), "invalid_upstream_token", QStringLiteral("none"));
    EXPECT_EQ(m_upstream->jwksHits(), 1);
}

TEST_F(UpstreamOidcClientTest, RefusesHs256MacedWithThePublicKey) {
    for (const QByteArray& secret :
         {m_rsa.publicPem(), QJsonDocument(m_rsa.publicJwk()).toJson()}) {
        const QByteArray input = unsignedToken({{QStringLiteral("alg"), QStringLiteral("HS256")},
                                                {QStringLiteral("kid"), QStringLiteral("rsa-1")}},
                                               claims());
        const QByteArray token =
            input + '.' + crypto::base64UrlEncode(crypto::hmacSha256(secret, input));
        m_upstream->setTokenHandler([token](http::HttpRequest, http::Responder responder) {
            responder.send(FakeUpstream::tokenResponse(token));
        });
        expectFailure(exchange(), "invalid_upstream_token", QStringLiteral("HS256"));
    }
}

TEST_F(UpstreamOidcClientTest, RefusesABadSignature) {
    const crypto::KeyPair other = generate(crypto::SigningAlgorithm::RS256);
    m_upstream->setSigningKey(QStringLiteral("rsa-1"), other);
    expectFailure(exchange(), "invalid_upstream_token", QStringLiteral("signature"));
}

TEST_F(UpstreamOidcClientTest, PicksUpARotatedKeyWithOneRefetchPerInterval) {
    auto c = client();
    ASSERT_OK(exchange(*c, config()));
    ASSERT_EQ(m_upstream->jwksHits(), 1);

    // The provider rotates: the new key signs and is published; the cached JWKS lacks it.
    const crypto::KeyPair rotated = generate(crypto::SigningAlgorithm::ES256);
    m_upstream->publishKeys({{QStringLiteral("rsa-1"), m_rsa}, {QStringLiteral("ec-2"), rotated}});
    m_upstream->setSigningKey(QStringLiteral("ec-2"), rotated);
    ASSERT_OK(exchange(*c, config()));
    EXPECT_EQ(m_upstream->jwksHits(), 2);
    ASSERT_OK(exchange(*c, config())); // now cached
    EXPECT_EQ(m_upstream->jwksHits(), 2);

    // A kid the provider never publishes: within the interval no second fetch…
    m_upstream->setSigningKey(QStringLiteral("ghost"), rotated);
    expectFailure(exchange(*c, config()), "invalid_upstream_token", QStringLiteral("kid"));
    EXPECT_EQ(m_upstream->jwksHits(), 2);
    // …after it one, which cannot help.
    m_now = m_now.addSecs(61);
    m_upstream->setIdTokenClaims(claims());
    expectFailure(exchange(*c, config()), "invalid_upstream_token", QStringLiteral("kid"));
    EXPECT_EQ(m_upstream->jwksHits(), 3);
    EXPECT_EQ(m_upstream->discoveryHits(), 1);
}

TEST_F(UpstreamOidcClientTest, CachesMetadataForItsTtl) {
    auto c = client();
    ASSERT_OK(fetch(*c, config()));
    // Two concurrent fetches on an empty cache would share one request; a warm cache needs none.
    ASSERT_OK(fetch(*c, config()));
    EXPECT_EQ(m_upstream->discoveryHits(), 1);
    auto other = client(); // another thread's client shares the cache
    ASSERT_OK(fetch(*other, config()));
    EXPECT_EQ(m_upstream->discoveryHits(), 1);
    m_now = m_now.addSecs(601);
    m_upstream->setIdTokenClaims(claims());
    ASSERT_OK(fetch(*c, config()));
    EXPECT_EQ(m_upstream->discoveryHits(), 2);
    EXPECT_EQ(m_upstream->jwksHits(), 2);
}

TEST_F(UpstreamOidcClientTest, ConcurrentFetchesShareOneRequest) {
    auto c = client();
    std::optional<Result<UpstreamMetadata>> first;
    std::optional<Result<UpstreamMetadata>> second;
    c->fetchMetadata(config(), [&](Result<UpstreamMetadata> m) { first.emplace(m); });
    c->fetchMetadata(config(), [&](Result<UpstreamMetadata> m) { second.emplace(m); });
    ASSERT_OK(waitFor(first));
    ASSERT_OK(waitFor(second));
    EXPECT_EQ(m_upstream->discoveryHits(), 1);
}

TEST_F(UpstreamOidcClientTest, RefusesADiscoveryDocumentForAnotherIssuer) {
    m_upstream->setDiscoveryOverrides(
        {{QStringLiteral("issuer"), QString(m_upstream->issuer() + QLatin1Char('/'))}});
    expectFailure(exchange(), "upstream_error", QStringLiteral("issuer"));
    EXPECT_EQ(m_upstream->tokenHits(), 0);
    EXPECT_EQ(m_upstream->jwksHits(), 0);
}

TEST_F(UpstreamOidcClientTest, PassesTheProvidersOAuthErrorCode) {
    m_upstream->setTokenHandler([](http::HttpRequest, http::Responder responder) {
        responder.send(http::HttpResponse::error(
            400, "invalid_grant",
            QStringLiteral("code the-authorization-code is expired; secret "
                           "upstream-secret:with&odd=chars")));
    });
    expectFailure(exchange(), "upstream_error", QStringLiteral("invalid_grant"));
    m_upstream->setTokenHandler([](http::HttpRequest, http::Responder responder) {
        responder.send(http::HttpResponse(503).setBody("busy", "text/plain"));
    });
    expectFailure(exchange(), "upstream_error", QStringLiteral("HTTP 503"));
}

TEST_F(UpstreamOidcClientTest, DoesNotFollowARedirectFromTheTokenEndpoint) {
    m_upstream->setTokenHandler([this](http::HttpRequest, http::Responder responder) {
        responder.send(http::HttpResponse(307).setHeader(
            "Location", (m_upstream->issuer() + QStringLiteral("/token2")).toLatin1()));
    });
    expectFailure(exchange(), "upstream_error", QStringLiteral("redirect"));
    EXPECT_EQ(m_upstream->tokenHits(), 1);
}

TEST_F(UpstreamOidcClientTest, ReportsAClosedPortAsUnreachable) {
    QTcpServer probe;
    ASSERT_TRUE(probe.listen(QHostAddress::LocalHost));
    const quint16 port = probe.serverPort();
    probe.close();
    const Result<UpstreamOidcConfig> closed = UpstreamOidcConfig::fromOptions(
        {{QStringLiteral("issuer"), QStringLiteral("http://127.0.0.1:%1").arg(port)},
         {QStringLiteral("client_id"), kClientId}},
        kSecret);
    ASSERT_OK(closed);
    auto c = client();
    expectFailure(exchange(*c, *closed), "upstream_unreachable", QStringLiteral("refused"));
}

TEST_F(UpstreamOidcClientTest, TimesOutAProviderThatNeverAnswers) {
    m_upstream->setTokenHandler([this](http::HttpRequest, http::Responder responder) {
        m_upstream->park(std::move(responder));
    });
    auto c = client(300ms);
    QElapsedTimer elapsed;
    elapsed.start();
    expectFailure(exchange(*c, config()), "upstream_unreachable",
                  QStringLiteral("did not answer within 0.3 s"));
    EXPECT_LT(elapsed.elapsed(), 5000);
}

TEST_F(UpstreamOidcClientTest, AbortsAnOversizedResponse) {
    m_upstream->setTokenHandler([](http::HttpRequest, http::Responder responder) {
        responder.send(http::HttpResponse::json(200, QByteArray(R"({"id_token":")") +
                                                         QByteArray(2 * 1024 * 1024, 'a') + "\"}"));
    });
    expectFailure(exchange(), "upstream_error", QStringLiteral("larger than 1048576 bytes"));
}

TEST_F(UpstreamOidcClientTest, AbortsAnOversizedJwks) {
    // Three RSA keys make a JWKS of about 1,400 bytes; the discovery document stays below 1,000.
    m_upstream->publishKeys(
        {{QStringLiteral("a"), m_rsa}, {QStringLiteral("b"), m_rsa}, {QStringLiteral("c"), m_rsa}});
    auto c = client(5s, 1000);
    const Result<UpstreamMetadata> metadata = fetch(*c, config());
    ASSERT_FALSE(metadata.ok());
    EXPECT_EQ(metadata.error().code, "upstream_error");
    EXPECT_TRUE(metadata.error().message.contains(QStringLiteral("/jwks")));
}

class UpstreamOidcTlsTest : public UpstreamOidcClientTest {
protected:
    void SetUp() override {
        if (!QSslSocket::supportsSsl())
            GTEST_SKIP() << "no TLS backend";
        crypto::CertificateRequest request;
        request.ipAddresses = {QStringLiteral("127.0.0.1")};
        Result<crypto::CertificateAndKey> generated =
            crypto::generateSelfSignedCertificate(request);
        ASSERT_OK(generated);
        ASSERT_TRUE(m_dir.isValid());
        m_caFile = m_dir.filePath(QStringLiteral("upstream-ca.pem"));
        QFile file(m_caFile);
        ASSERT_TRUE(file.open(QIODevice::WriteOnly));
        file.write(generated->certificatePem);
        file.close();

        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setLocalCertificate(QSslCertificate(generated->certificatePem, QSsl::Pem));
        tls.setPrivateKey(QSslKey(generated->privateKeyPem, QSsl::Ec, QSsl::Pem));
        tls.setPeerVerifyMode(QSslSocket::VerifyNone);
        startUpstream(tls);
    }

    QTemporaryDir m_dir;
    QString m_caFile;
};

TEST_F(UpstreamOidcTlsTest, TrustsTheConfiguredCaFile) {
    ASSERT_TRUE(m_upstream->issuer().startsWith(QStringLiteral("https://")));
    auto c = client();
    const Result<UpstreamIdentity> identity =
        exchange(*c, config({{QStringLiteral("tls_ca_file"), m_caFile}}));
    ASSERT_OK(identity);
    EXPECT_EQ(identity->subject, QStringLiteral("upstream|42"));
}

TEST_F(UpstreamOidcTlsTest, RefusesAnUntrustedCertificate) {
    auto c = client();
    expectFailure(exchange(*c, config()), "upstream_unreachable",
                  QStringLiteral("could not be reached"));
    EXPECT_EQ(m_upstream->discoveryHits(), 0);
}

} // namespace
} // namespace gatehouse::identity
