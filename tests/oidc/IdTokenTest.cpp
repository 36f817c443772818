// ID tokens (OIDC Core §2) and the user-token claims of access tokens.
#include "oidc/OidcTestSupport.h"

#include "crypto/Jwt.h"
#include "oidc/AccessTokenClaims.h"
#include "oidc/IdTokenClaims.h"

namespace gatehouse::oidc {
namespace {

using namespace test;
using namespace Qt::StringLiterals;

class IdTokenTest : public ::testing::Test, public OidcEnvironment {
protected:
    void SetUp() override {
        addStandardTenant(u"acme"_s);
        ASSERT_OK(catalog->loadAll());
    }

    IdTokenClaims claims() const {
        IdTokenClaims id;
        id.issuer = kAcmeIssuer;
        id.subject = u"auth0|0123456789abcdef01234567"_s;
        id.audience = u"web"_s;
        id.issuedAt = clock.now().toSecsSinceEpoch();
        id.expiresAt = id.issuedAt + 36000;
        id.authTime = id.issuedAt - 5;
        id.nonce = u"n-0S6_WzA2Mj"_s;
        id.profile = QJsonObject{{u"email"_s, u"ann@example.com"_s}, {u"email_verified"_s, true}};
        return id;
    }
};

TEST_F(IdTokenTest, CarriesTheRequiredClaimsAndVerifiesAgainstTheJwks) {
    const auto tenant = catalog->find(u"acme"_s);
    const QByteArray token = tenant->signingKey()->signIdToken(claims().toJson());
    Result<crypto::DecodedJwt> decoded = crypto::decodeJwt(token);
    ASSERT_OK(decoded);
    EXPECT_EQ(decoded->header.value("typ"_L1).toString(), u"JWT"_s);
    EXPECT_EQ(decoded->header.value("kid"_L1).toString().toLatin1(), tenant->signingKey()->kid);
    const QJsonObject& payload = decoded->claims;
    for (const char* name : {"iss", "sub", "aud", "exp", "iat", "auth_time", "nonce", "email"})
        EXPECT_TRUE(payload.contains(QLatin1String(name))) << name;
    EXPECT_EQ(payload.value("aud"_L1).toString(), u"web"_s);
    EXPECT_EQ(payload.value("nonce"_L1).toString(), u"n-0S6_WzA2Mj"_s);
    crypto::JwtVerifyOptions options;
    options.now = clock.now();
    options.expectedTyp = "JWT";
    options.expectedIssuer = kAcmeIssuer;
    options.expectedAudience = u"web"_s;
    EXPECT_OK(crypto::verifyJwt(
        token, [&](QByteArrayView kid) { return tenant->verificationKey(kid); }, options));
}

TEST_F(IdTokenTest, ProfileCannotOverrideProtocolClaimsAndEmptyNonceIsOmitted) {
    IdTokenClaims id = claims();
    id.nonce.clear();
    id.profile.insert(u"iss"_s, u"https://evil.example/"_s);
    id.profile.insert(u"aud"_s, u"other-client"_s);
    const QJsonObject payload = QJsonDocument::fromJson(id.toJson()).object();
    EXPECT_EQ(payload.value("iss"_L1).toString(), kAcmeIssuer);
    EXPECT_EQ(payload.value("aud"_L1).toString(), u"web"_s);
    EXPECT_FALSE(payload.contains("nonce"_L1));
}

// An ID token is not an access token: its typ is JWT, not at+jwt (RFC 9068 §4).
TEST_F(IdTokenTest, AccessTokenVerifierRefusesAnIdToken) {
    const auto tenant = catalog->find(u"acme"_s);
    IdTokenClaims id = claims();
    id.audience = u"https://api.example"_s;
    const QByteArray token = tenant->signingKey()->signIdToken(id.toJson());
    Result<VerifiedAccessToken> verified =
        verifier.verify(token, *tenant, u"https://api.example"_s);
    ASSERT_FALSE(verified.ok());
    EXPECT_EQ(verified.error().code, "invalid_token");
}

TEST(AccessTokenClaimsTest, GrantIdIsCarriedForUserTokens) {
    AccessTokenClaims claims;
    claims.issuer = u"https://h/t/acme/"_s;
    claims.subject = u"auth0|1"_s;
    claims.audience = u"https://api.example"_s;
    claims.clientId = u"web"_s;
    claims.grantId = u"gr_1"_s;
    const QJsonObject json = QJsonDocument::fromJson(claims.toJson()).object();
    EXPECT_EQ(json.value("gid"_L1).toString(), u"gr_1"_s);
    EXPECT_FALSE(json.contains("gty"_L1));
    claims.grantId.clear();
    EXPECT_FALSE(QJsonDocument::fromJson(claims.toJson()).object().contains("gid"_L1));
}

} // namespace
} // namespace gatehouse::oidc
