#include "oidc/OidcTestSupport.h"

#include "core/Json.h"
#include "crypto/Encoding.h"
#include "tenancy/ManagementApi.h"

#include <QMessageAuthenticationCode>
#include <QUrl>

namespace gatehouse::oidc {
namespace {

using namespace test;

const QString kApi = QStringLiteral("https://api.example");

class AccessTokenVerifierTest : public ::testing::Test, public OidcEnvironment {
protected:
    void SetUp() override {
        addStandardTenant(QStringLiteral("acme"));
        addStandardTenant(QStringLiteral("globex")); // same API identifier, same public URL
        ASSERT_OK(catalog->loadAll());
    }

    std::shared_ptr<const tenancy::TenantSnapshot> acme() const {
        return catalog->find(QStringLiteral("acme"));
    }

    void expectRejected(const QByteArray& token, const tenancy::TenantSnapshot& tenant,
                        const QString& audience = kApi) {
        Result<VerifiedAccessToken> verified = verifier.verify(token, tenant, audience);
        ASSERT_FALSE(verified.ok()) << token.toStdString();
        EXPECT_EQ(verified.error().code, "invalid_token");
        EXPECT_EQ(verified.error().httpStatus, 401);
    }

    QJsonObject claims(const QString& issuer = kAcmeIssuer) const {
        const qint64 now = clock.now().toSecsSinceEpoch();
        return QJsonObject{
            {QStringLiteral("iss"), issuer}, {QStringLiteral("sub"), QStringLiteral("app@clients")},
            {QStringLiteral("aud"), kApi},   {QStringLiteral("client_id"), QStringLiteral("app")},
            {QStringLiteral("iat"), now},    {QStringLiteral("exp"), now + 600}};
    }

    static QByteArray unsignedPart(const QJsonObject& header, const QJsonObject& payload) {
        return crypto::base64UrlEncode(json::compact(header)) + '.' +
               crypto::base64UrlEncode(json::compact(payload));
    }
};

TEST_F(AccessTokenVerifierTest, AcceptsItsOwnTokens) {
    Result<VerifiedAccessToken> verified = verifier.verify(issue(), *acme(), kApi);
    ASSERT_OK(verified);
    EXPECT_EQ(verified->tenant, QStringLiteral("acme"));
    EXPECT_EQ(verified->issuer, kAcmeIssuer);
    EXPECT_EQ(verified->clientId, QStringLiteral("app"));
    EXPECT_EQ(verified->subject, QStringLiteral("app@clients"));
    EXPECT_EQ(verified->scopes, (QStringList{QStringLiteral("read"), QStringLiteral("write")}));
    EXPECT_TRUE(verified->hasScope(QStringLiteral("write")));
    EXPECT_EQ(verified->expiresAt.toSecsSinceEpoch(), clock.now().toSecsSinceEpoch() + 600);
}

TEST_F(AccessTokenVerifierTest, TenantATokensAreRejectedInTenantB) {
    const QByteArray acmeToken = issue();
    expectRejected(acmeToken, *catalog->find(QStringLiteral("globex")));
    // Signed by acme's key but claiming globex's issuer: unknown kid at globex, foreign iss at
    // acme.
    const QByteArray forged = acme()->signingKey()->signAccessToken(
        json::compact(claims(QStringLiteral("https://localhost:8443/t/globex/"))));
    expectRejected(forged, *catalog->find(QStringLiteral("globex")));
    expectRejected(forged, *acme());
}

TEST_F(AccessTokenVerifierTest, RejectsAlgNone) {
    for (const char* alg : {"none", "None", "NONE"}) {
        const QByteArray token =
            unsignedPart(
                QJsonObject{{QStringLiteral("alg"), QString::fromLatin1(alg)},
                            {QStringLiteral("kid"), QString::fromLatin1(acme()->signingKey()->kid)},
                            {QStringLiteral("typ"), QStringLiteral("at+jwt")}},
                claims()) +
            '.';
        expectRejected(token, *acme());
    }
}

TEST_F(AccessTokenVerifierTest, RejectsHs256MacedWithThePublicKey) {
    addStandardTenant(QStringLiteral("rsa"), QStringLiteral("RS256"));
    refresh();
    const auto rsa = catalog->find(QStringLiteral("rsa"));
    const QByteArray kid = rsa->signingKey()->kid;
    const QString issuer = QStringLiteral("https://localhost:8443/t/rsa/");
    const QByteArray input =
        unsignedPart(QJsonObject{{QStringLiteral("alg"), QStringLiteral("HS256")},
                                 {QStringLiteral("kid"), QString::fromLatin1(kid)},
                                 {QStringLiteral("typ"), QStringLiteral("at+jwt")}},
                     claims(issuer));
    for (const QByteArray& secret : {rsa->signingKey()->keyPair.publicPem(),
                                     json::compact(rsa->signingKey()->keyPair.publicJwk())}) {
        const QByteArray mac =
            QMessageAuthenticationCode::hash(input, secret, QCryptographicHash::Sha256);
        expectRejected(input + '.' + crypto::base64UrlEncode(mac), *rsa);
    }
    // The same claims properly signed pass, so the rejection above is about the algorithm.
    EXPECT_OK(verifier.verify(rsa->signingKey()->signAccessToken(json::compact(claims(issuer))),
                              *rsa, kApi));
}

TEST_F(AccessTokenVerifierTest, RejectsExpiredAndNotYetValidTokens) {
    const QByteArray token = issue();
    clock.advance(600 + 31); // past exp and the 30 s leeway
    expectRejected(token, *acme());

    QJsonObject early = claims();
    early.insert(QStringLiteral("nbf"), clock.now().toSecsSinceEpoch() + 3600);
    expectRejected(acme()->signingKey()->signAccessToken(json::compact(early)), *acme());
    QJsonObject future = claims();
    future.insert(QStringLiteral("iat"), clock.now().toSecsSinceEpoch() + 3600);
    future.insert(QStringLiteral("exp"), clock.now().toSecsSinceEpoch() + 7200);
    expectRejected(acme()->signingKey()->signAccessToken(json::compact(future)), *acme());
}

TEST_F(AccessTokenVerifierTest, RejectsAnotherAudience) {
    expectRejected(issue(), *acme(), QStringLiteral("https://other.example"));
    EXPECT_FALSE(verifier.verifyForManagementApi(issue(), *acme()).ok());
}

TEST_F(AccessTokenVerifierTest, RejectsOtherTokenTypes) {
    for (const char* typ : {"JWT", "id_token+jwt", ""}) {
        QJsonObject header;
        if (*typ != '\0')
            header.insert(QStringLiteral("typ"), QString::fromLatin1(typ));
        const QByteArray token = crypto::signJwt(header, claims(), acme()->signingKey()->keyPair,
                                                 acme()->signingKey()->kid);
        expectRejected(token, *acme());
    }
}

TEST_F(AccessTokenVerifierTest, RejectsTamperedTokens) {
    const QByteArray token = issue();
    const QList<QByteArray> parts = token.split('.');
    QJsonObject payload =
        QJsonDocument::fromJson(crypto::base64UrlDecode(parts.at(1)).value()).object();
    payload.insert(QStringLiteral("scope"), QStringLiteral("read write delete"));
    expectRejected(parts.at(0) + '.' + crypto::base64UrlEncode(json::compact(payload)) + '.' +
                       parts.at(2),
                   *acme());
    QByteArray flipped = token;
    flipped[flipped.size() - 3] = flipped[flipped.size() - 3] == 'A' ? 'B' : 'A';
    expectRejected(flipped, *acme());
    expectRejected("not.a.token", *acme());
    expectRejected("", *acme());
}

TEST_F(AccessTokenVerifierTest, RevokedKeysNoLongerVerify) {
    // A verifier whose time stands still at issuance, so that only the key can make it fail.
    const AccessTokenVerifier atIssuance(tenancy::test::FakeClock().clock());
    const QByteArray token = issue();
    ASSERT_OK(keys->rotate(QStringLiteral("acme")));
    refresh();
    EXPECT_OK(atIssuance.verify(token, *acme(), kApi)); // Previous is still trusted
    clock.advance(86400 + tenancy::SigningKeyService::kRetentionMarginSeconds);
    ASSERT_OK(keys->prune(QStringLiteral("acme")));
    refresh();
    EXPECT_FALSE(atIssuance.verify(token, *acme(), kApi).ok());
}

class ManagementTokenTest : public AccessTokenVerifierTest {
protected:
    void SetUp() override {
        AccessTokenVerifierTest::SetUp();
        addStandardTenant(QStringLiteral("system"));
        for (const char* tenant : {"acme", "globex", "system"})
            addGrant(QString::fromLatin1(tenant), QStringLiteral("app"),
                     tenancy::ManagementApi::kIdentifier, {QStringLiteral("read:clients")});
        refresh();
    }
    QByteArray managementToken(const QString& tenant) {
        return issue(tenant, "https://localhost:8443/t/" + tenant.toLatin1() + "/api/v2/");
    }
};

TEST_F(ManagementTokenTest, ManagementAudienceOfAnyIssuerOfTheTenant) {
    Result<VerifiedAccessToken> verified =
        verifier.verifyForManagementApi(managementToken(QStringLiteral("acme")), *acme());
    ASSERT_OK(verified);
    EXPECT_EQ(verified->audience, QStringLiteral("https://localhost:8443/t/acme/api/v2/"));
    EXPECT_TRUE(verified->hasScope(QStringLiteral("read:clients")));

    // Issued at the tenant's own host, with that host's issuer and audience.
    const http::HttpResponse viaHost = requestToken(tokenRequest(
        "grant_type=client_credentials&client_id=app&client_secret=" + QByteArray(kSecret) +
            "&audience=" +
            QUrl::toPercentEncoding(QStringLiteral("https://acme.example.com:8443/api/v2/")),
        kForm, "/oauth/token", "acme.example.com"));
    ASSERT_EQ(viaHost.status(), 200);
    Result<VerifiedAccessToken> hostVerified = verifier.verifyForManagementApi(
        jsonOf(viaHost).value(QStringLiteral("access_token")).toString().toLatin1(), *acme());
    ASSERT_OK(hostVerified);
    EXPECT_EQ(hostVerified->issuer, QStringLiteral("https://acme.example.com:8443/"));

    EXPECT_FALSE(
        verifier.verifyForManagementApi(managementToken(QStringLiteral("globex")), *acme()).ok());
}

TEST_F(ManagementTokenTest, SystemTokensReachEveryTenantOthersOnlyTheirOwn) {
    const auto system = catalog->find(QStringLiteral("system"));
    Result<VerifiedAccessToken> bySystem = verifier.verifyManagementToken(
        managementToken(QStringLiteral("system")), *acme(), system.get());
    ASSERT_OK(bySystem);
    EXPECT_EQ(bySystem->tenant, QStringLiteral("system"));

    Result<VerifiedAccessToken> own = verifier.verifyManagementToken(
        managementToken(QStringLiteral("acme")), *acme(), system.get());
    ASSERT_OK(own);
    EXPECT_EQ(own->tenant, QStringLiteral("acme"));

    EXPECT_FALSE(
        verifier
            .verifyManagementToken(managementToken(QStringLiteral("globex")), *acme(), system.get())
            .ok());
    // A token that claims the system issuer but is signed by acme fails against system's keys.
    const QByteArray impostor = acme()->signingKey()->signAccessToken(json::compact(QJsonObject{
        {QStringLiteral("iss"), QStringLiteral("https://localhost:8443/t/system/")},
        {QStringLiteral("sub"), QStringLiteral("app@clients")},
        {QStringLiteral("aud"), QStringLiteral("https://localhost:8443/t/system/api/v2/")},
        {QStringLiteral("client_id"), QStringLiteral("app")},
        {QStringLiteral("exp"), clock.now().toSecsSinceEpoch() + 60}}));
    EXPECT_FALSE(verifier.verifyManagementToken(impostor, *acme(), system.get()).ok());
}

TEST(BearerTokenTest, ParsesTheAuthorizationHeader) {
    http::HttpRequest request(http::Method::Get, "/api/v2/clients");
    EXPECT_EQ(AccessTokenVerifier::bearerToken(request).error().httpStatus, 401);
    request.addHeader("Authorization", "bearer  abc.def.ghi ");
    EXPECT_EQ(AccessTokenVerifier::bearerToken(request).value(), QByteArray("abc.def.ghi"));
    request.addHeader("Authorization", "Bearer other");
    EXPECT_EQ(AccessTokenVerifier::bearerToken(request).error().code, "invalid_request");
    http::HttpRequest basicAuth(http::Method::Get, "/");
    basicAuth.addHeader("Authorization", "Basic YTpi");
    EXPECT_EQ(AccessTokenVerifier::bearerToken(basicAuth).error().httpStatus, 401);
}

} // namespace
} // namespace gatehouse::oidc
