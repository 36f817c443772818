#include "CryptoTestSupport.h"

#include "crypto/Encoding.h"
#include "crypto/Jwt.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <gtest/gtest.h>

using namespace gatehouse::crypto;
using namespace gatehouse::crypto::test;

namespace {

constexpr SigningAlgorithm kAll[] = {SigningAlgorithm::RS256, SigningAlgorithm::ES256,
                                     SigningAlgorithm::EdDSA};

const QByteArray kKid = "kid-1";

KeyLookup lookup(SigningAlgorithm algorithm = SigningAlgorithm::ES256) {
    return lookupFor(kKid, sharedKey(algorithm).publicKey());
}

QByteArray sign(const QJsonObject& claims, const QJsonObject& header = {},
                SigningAlgorithm algorithm = SigningAlgorithm::ES256) {
    return signJwt(header, claims, sharedKey(algorithm), kKid);
}

QJsonObject claimsWith(const char* name, const QJsonValue& value) {
    QJsonObject claims = validClaims();
    claims.insert(QLatin1StringView(name), value);
    return claims;
}

// Asserts that verification fails with invalid_token and a message containing `reason`.
void expectInvalid(const QByteArray& token, const char* reason,
                   const JwtVerifyOptions& options = optionsAtNow(),
                   const KeyLookup& keys = lookup()) {
    const auto verified = verifyJwt(token, keys, options);
    ASSERT_FALSE(verified.ok()) << reason;
    EXPECT_EQ(verified.error().code, "invalid_token");
    EXPECT_EQ(verified.error().httpStatus, 401);
    EXPECT_TRUE(verified.error().message.contains(QLatin1StringView(reason)))
        << verified.error().message.toStdString() << " does not mention " << reason;
}

} // namespace

TEST(Jwt, RoundTripsEachAlgorithm) {
    for (const auto algorithm : kAll) {
        const QJsonObject header{{QStringLiteral("typ"), QStringLiteral("at+jwt")}};
        const QByteArray token = sign(validClaims(), header, algorithm);
        ASSERT_EQ(token.count('.'), 2);
        EXPECT_FALSE(token.contains('='));
        const auto verified = verifyJwt(token, lookup(algorithm), optionsAtNow());
        ASSERT_TRUE(verified.ok()) << verified.error().toString().toStdString();
        EXPECT_EQ(verified->claims, validClaims());
        EXPECT_EQ(verified->header.value(QStringLiteral("alg")).toString(),
                  QString::fromLatin1(algorithmName(algorithm)));
        EXPECT_EQ(verified->header.value(QStringLiteral("kid")).toString(),
                  QStringLiteral("kid-1"));
        EXPECT_EQ(verified->header.value(QStringLiteral("typ")).toString(),
                  QStringLiteral("at+jwt"));
        EXPECT_EQ(verified->signingInput, token.left(token.lastIndexOf('.')));
    }
}

TEST(Jwt, SignerOverridesAlgAndKidFromTheCaller) {
    const QJsonObject header{{QStringLiteral("alg"), QStringLiteral("none")},
                             {QStringLiteral("kid"), QStringLiteral("attacker")}};
    const auto decoded = decodeJwt(sign(validClaims(), header));
    ASSERT_TRUE(decoded.ok());
    EXPECT_EQ(decoded->header.value(QStringLiteral("alg")).toString(), QStringLiteral("ES256"));
    EXPECT_EQ(decoded->header.value(QStringLiteral("kid")).toString(), QStringLiteral("kid-1"));
}

TEST(Jwt, DecodeReturnsTheParts) {
    const QByteArray token = sign(validClaims());
    const auto decoded = decodeJwt(token);
    ASSERT_TRUE(decoded.ok());
    EXPECT_EQ(decoded->claims, validClaims());
    EXPECT_EQ(decoded->signature.size(), 64);
    EXPECT_EQ(base64UrlEncode(decoded->signature), token.mid(token.lastIndexOf('.') + 1));
    // decodeJwt does not verify: an unsigned token decodes.
    EXPECT_TRUE(
        decodeJwt(assemble({{QStringLiteral("alg"), QStringLiteral("none")}}, validClaims(), {}))
            .ok());
}

TEST(Jwt, DecodeRejectsMalformedStructure) {
    const QByteArray token = sign(validClaims());
    const QList<QByteArray> parts = token.split('.');
    const QByteArray object = base64UrlEncode("{}");
    const struct {
        QByteArray token;
        const char* reason;
    } cases[] = {
        {"", "empty"},
        {parts[0] + '.' + parts[1], "three"},
        {token + ".x", "three"},
        {token + ".x.y", "JWE"},
        {"..", "header"},
        {'.' + parts[1] + '.' + parts[2], "header"},
        {parts[0] + ".." + parts[2], "payload"},
        {base64UrlEncode("not json") + '.' + parts[1] + '.' + parts[2], "header"},
        {base64UrlEncode("[]") + '.' + parts[1] + '.' + parts[2], "header"},
        {base64UrlEncode("\"alg\"") + '.' + parts[1] + '.' + parts[2], "header"},
        {base64UrlEncode("{} {}") + '.' + parts[1] + '.' + parts[2], "header"},
        {parts[0] + '.' + base64UrlEncode("[1]") + '.' + parts[2], "payload"},
        {parts[0] + '.' + base64UrlEncode("null") + '.' + parts[2], "payload"},
        {object + '.' + base64UrlEncode("{\"a\":\"\xff\"}") + ".", "payload"},
        {parts[0] + "==." + parts[1] + '.' + parts[2], "base64url"},
        {parts[0] + '.' + parts[1] + "=." + parts[2], "base64url"},
        {parts[0] + '.' + parts[1] + '.' + parts[2] + "==", "base64url"},
        {parts[0] + '.' + parts[1] + '.' + parts[2].left(10) + '+' + parts[2].mid(11), "base64url"},
        {parts[0] + '.' + parts[1] + '.' + parts[2].left(10) + '/' + parts[2].mid(11), "base64url"},
        {parts[0] + '.' + QByteArray(parts[1]).replace('-', '+').replace('_', '/') + "+/." +
             parts[2],
         "base64url"},
        {' ' + token, "base64url"},
        {token + '\n', "base64url"},
        {parts[0] + '.' + parts[1] + '.' + parts[2] + QByteArray(1, '\0'), "base64url"},
    };
    for (const auto& c : cases) {
        const auto decoded = decodeJwt(c.token);
        ASSERT_FALSE(decoded.ok()) << c.token.constData();
        EXPECT_EQ(decoded.error().code, "invalid_token");
        EXPECT_TRUE(decoded.error().message.contains(QLatin1StringView(c.reason)))
            << c.token.constData() << ": " << decoded.error().message.toStdString();
    }
}

TEST(Jwt, DecodeCapsTheSize) {
    // The largest token not above `size`, grown with a padding claim.
    const auto tokenOfSize = [](qsizetype size) {
        QJsonObject claims = validClaims();
        const qsizetype base = sign(claims).size();
        qsizetype padding = (size - base) * 3 / 4 + 3;
        QByteArray token;
        do {
            claims.insert(QStringLiteral("pad"), QString(padding--, QLatin1Char('x')));
            token = sign(claims);
        } while (token.size() > size);
        return token;
    };
    const QByteArray atLimit = tokenOfSize(kMaxJwtBytes);
    ASSERT_LE(atLimit.size(), kMaxJwtBytes);
    ASSERT_GT(atLimit.size(), kMaxJwtBytes - 8);
    EXPECT_TRUE(verifyJwt(atLimit, lookup(), optionsAtNow()).ok());
    const QByteArray over = tokenOfSize(kMaxJwtBytes + 8);
    ASSERT_GT(over.size(), kMaxJwtBytes);
    expectInvalid(over, "larger than");
    expectInvalid(QByteArray(10 * 1024 * 1024, 'a'), "larger than");
}

TEST(Jwt, DuplicateMembersResolveToTheLastOne) {
    // RFC 7515 §4 allows a parser that keeps only the lexically last duplicate.
    const QByteArray header = base64UrlEncode(R"({"alg":"none","kid":"kid-1","alg":"ES256"})");
    const QByteArray payload = base64UrlEncode(R"({"sub":"a","sub":"b"})");
    const auto decoded = decodeJwt(QByteArray(header + '.' + payload + '.'));
    ASSERT_TRUE(decoded.ok());
    EXPECT_EQ(decoded->header.value(QStringLiteral("alg")).toString(), QStringLiteral("ES256"));
    EXPECT_EQ(decoded->claims.value(QStringLiteral("sub")).toString(), QStringLiteral("b"));
}

TEST(Jwt, ExpiryHonoursLeeway) {
    // now >= exp + leeway is expired (RFC 7519 §4.1.4).
    EXPECT_TRUE(
        verifyJwt(sign(claimsWith("exp", double(kNow - 29))), lookup(), optionsAtNow()).ok());
    expectInvalid(sign(claimsWith("exp", double(kNow - 30))), "expired");
    expectInvalid(sign(claimsWith("exp", double(kNow - 3600))), "expired");
    JwtVerifyOptions strict = optionsAtNow();
    strict.leeway = std::chrono::seconds(0);
    EXPECT_TRUE(verifyJwt(sign(claimsWith("exp", double(kNow + 1))), lookup(), strict).ok());
    expectInvalid(sign(claimsWith("exp", double(kNow))), "expired", strict);
    EXPECT_TRUE(verifyJwt(sign(claimsWith("exp", kNow + 0.5)), lookup(), strict).ok());
    EXPECT_TRUE(verifyJwt(sign(claimsWith("exp", 1e300)), lookup(), strict).ok());
}

TEST(Jwt, MissingOrMalformedTimeClaimsFail) {
    QJsonObject noExp = validClaims();
    noExp.remove(QStringLiteral("exp"));
    expectInvalid(sign(noExp), "no exp");
    expectInvalid(sign(claimsWith("exp", QString::number(kNow + 300))),
                  "exp claim is not a number");
    expectInvalid(sign(claimsWith("exp", QJsonValue::Null)), "exp claim is not a number");
    expectInvalid(sign(claimsWith("exp", QJsonArray{double(kNow + 300)})), "exp claim");
    expectInvalid(sign(claimsWith("nbf", QStringLiteral("0"))), "nbf claim is not a number");
    expectInvalid(sign(claimsWith("iat", true)), "iat claim is not a number");
}

TEST(Jwt, NotBeforeAndIssuedAtHonourLeeway) {
    EXPECT_TRUE(
        verifyJwt(sign(claimsWith("nbf", double(kNow + 30))), lookup(), optionsAtNow()).ok());
    expectInvalid(sign(claimsWith("nbf", double(kNow + 31))), "not valid yet");
    expectInvalid(sign(claimsWith("nbf", double(kNow + 86400))), "not valid yet");
    EXPECT_TRUE(
        verifyJwt(sign(claimsWith("iat", double(kNow + 30))), lookup(), optionsAtNow()).ok());
    expectInvalid(sign(claimsWith("iat", double(kNow + 31))), "issued in the future");
    EXPECT_TRUE(
        verifyJwt(sign(claimsWith("iat", double(kNow - 86400))), lookup(), optionsAtNow()).ok());
}

TEST(Jwt, TypIsComparedAsAMediaType) {
    JwtVerifyOptions options = optionsAtNow();
    options.expectedTyp = "at+jwt";
    for (const char* typ : {"at+jwt", "AT+JWT", "application/at+jwt", "Application/AT+JWT"}) {
        const QByteArray token =
            sign(validClaims(), {{QStringLiteral("typ"), QString::fromLatin1(typ)}});
        EXPECT_TRUE(verifyJwt(token, lookup(), options).ok()) << typ;
    }
    expectInvalid(sign(validClaims(), {{QStringLiteral("typ"), QStringLiteral("JWT")}}), "typ",
                  options);
    expectInvalid(sign(validClaims(), {{QStringLiteral("typ"), QStringLiteral("at+jwt2")}}), "typ",
                  options);
    expectInvalid(sign(validClaims()), "typ", options);
    options.expectedTyp = "application/at+jwt";
    EXPECT_TRUE(verifyJwt(sign(validClaims(), {{QStringLiteral("typ"), QStringLiteral("at+jwt")}}),
                          lookup(), options)
                    .ok());
    // Without an expectation, typ is not checked.
    EXPECT_TRUE(verifyJwt(sign(validClaims(), {{QStringLiteral("typ"), QStringLiteral("JWT")}}),
                          lookup(), optionsAtNow())
                    .ok());
}

TEST(Jwt, IssuerAndAudienceAreCheckedWhenExpected) {
    JwtVerifyOptions options = optionsAtNow();
    options.expectedIssuer = QStringLiteral("https://gatehouse.test/");
    options.expectedAudience = QStringLiteral("api://test");
    EXPECT_TRUE(verifyJwt(sign(validClaims()), lookup(), options).ok());
    const QJsonArray audiences{QStringLiteral("other"), QStringLiteral("api://test")};
    EXPECT_TRUE(verifyJwt(sign(claimsWith("aud", audiences)), lookup(), options).ok());
    expectInvalid(sign(claimsWith("aud", QStringLiteral("api://other"))), "audience", options);
    expectInvalid(sign(claimsWith("aud", QJsonArray{QStringLiteral("other")})), "audience",
                  options);
    expectInvalid(sign(claimsWith("aud", QJsonArray{})), "audience", options);
    QJsonObject noAud = validClaims();
    noAud.remove(QStringLiteral("aud"));
    expectInvalid(sign(noAud), "audience", options);
    expectInvalid(sign(claimsWith("iss", QStringLiteral("https://gatehouse.test"))), "issuer",
                  options);
    expectInvalid(sign(claimsWith("iss", QStringLiteral("https://evil.test/"))), "issuer", options);
}

TEST(Jwt, DefaultOptionsUseTheClockAtVerification) {
    const qint64 realNow = QDateTime::currentSecsSinceEpoch();
    const JwtVerifyOptions defaults; // e.g. kept as a member for the server's lifetime
    QJsonObject claims = claimsWith("iat", double(realNow));
    claims.insert(QStringLiteral("exp"), double(realNow + 300));
    EXPECT_TRUE(verifyJwt(sign(claims), lookup(), defaults).ok());
    claims.insert(QStringLiteral("exp"), double(realNow - 300));
    expectInvalid(sign(claims), "expired", defaults);
    // The fixed test clock (2025) would still accept a token that expired in the real past.
    claims = validClaims();
    EXPECT_TRUE(verifyJwt(sign(claims), lookup(), optionsAtNow()).ok());
    expectInvalid(sign(claims), "expired", defaults);
}
