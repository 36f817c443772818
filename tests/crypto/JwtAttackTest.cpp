// Tokens an attacker can make without the signing key; each must be refused by verifyJwt
// (SECURITY.md "Codes and tokens"; RFC 8725 §2 lists the attacks).
#include "CryptoTestSupport.h"

#include "crypto/Encoding.h"
#include "crypto/Jwt.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <gtest/gtest.h>

using namespace gatehouse::crypto;
using namespace gatehouse::crypto::test;

namespace {

const QByteArray kKid = "kid-1";

QJsonObject header(const QString& alg, const QByteArray& kid = kKid) {
    return {{QStringLiteral("alg"), alg},
            {QStringLiteral("kid"), QString::fromLatin1(kid)},
            {QStringLiteral("typ"), QStringLiteral("JWT")}};
}

KeyLookup lookup(SigningAlgorithm algorithm) {
    return lookupFor(kKid, sharedKey(algorithm).publicKey());
}

void expectInvalid(const QByteArray& token, const KeyLookup& keys, const char* reason) {
    const auto verified = verifyJwt(token, keys, optionsAtNow());
    ASSERT_FALSE(verified.ok()) << reason << ": " << token.constData();
    EXPECT_EQ(verified.error().code, "invalid_token");
    EXPECT_TRUE(verified.error().message.contains(QLatin1StringView(reason)))
        << verified.error().message.toStdString() << " does not mention " << reason;
}

// A token signed by `signer` with an arbitrary header, as an attacker holding that key would.
QByteArray signedBy(const KeyPair& signer, const QJsonObject& protectedHeader,
                    const QJsonObject& claims = validClaims()) {
    const QByteArray input = assemble(protectedHeader, claims, {}).chopped(1);
    return input + '.' + base64UrlEncode(signer.sign(input));
}

} // namespace

TEST(JwtAttack, AlgNoneIsRefusedInAnyCase) {
    for (const char* alg : {"none", "NONE", "None", "nOnE"}) {
        expectInvalid(assemble(header(QString::fromLatin1(alg)), validClaims(), {}),
                      lookup(SigningAlgorithm::ES256), "none");
        // ... also with a signature attached.
        expectInvalid(assemble(header(QString::fromLatin1(alg)), validClaims(), "sig"),
                      lookup(SigningAlgorithm::ES256), "none");
    }
}

// The classic key confusion: the verifier's RSA public key (public knowledge) used as the HMAC
// secret. A library that lets the token choose the algorithm would accept this (RFC 8725 §2.1).
TEST(JwtAttack, Hs256WithThePublicKeyAsSecretIsRefused) {
    const KeyPair& rsa = sharedKey(SigningAlgorithm::RS256);
    for (const QByteArray& secret :
         {rsa.publicPem(), rsa.publicPem().trimmed(),
          QJsonDocument(rsa.publicJwk()).toJson(QJsonDocument::Compact)}) {
        for (const char* alg : {"HS256", "hs256", "HS384", "HS512"}) {
            const QByteArray input =
                assemble(header(QString::fromLatin1(alg)), validClaims(), {}).chopped(1);
            const QByteArray mac =
                QMessageAuthenticationCode::hash(input, secret, QCryptographicHash::Sha256);
            expectInvalid(input + '.' + base64UrlEncode(mac), lookup(SigningAlgorithm::RS256),
                          "symmetric");
        }
    }
}

TEST(JwtAttack, AlgMismatchingTheKeyIsRefused) {
    // Signed with a genuine ES256 key, but the kid names the RSA key.
    expectInvalid(signedBy(sharedKey(SigningAlgorithm::ES256), header(QStringLiteral("ES256"))),
                  lookup(SigningAlgorithm::RS256), "does not match");
    expectInvalid(signedBy(sharedKey(SigningAlgorithm::RS256), header(QStringLiteral("RS256"))),
                  lookup(SigningAlgorithm::ES256), "does not match");
    expectInvalid(signedBy(sharedKey(SigningAlgorithm::EdDSA), header(QStringLiteral("EdDSA"))),
                  lookup(SigningAlgorithm::ES256), "does not match");
    // The right key's own signature under a header that lies about the algorithm.
    const QByteArray genuine = signJwt({}, validClaims(), sharedKey(SigningAlgorithm::RS256), kKid);
    QList<QByteArray> parts = genuine.split('.');
    const QByteArray relabelled = base64UrlEncode(
        QJsonDocument(header(QStringLiteral("ES256"))).toJson(QJsonDocument::Compact));
    expectInvalid(relabelled + '.' + parts[1] + '.' + parts[2], lookup(SigningAlgorithm::RS256),
                  "does not match");
}

TEST(JwtAttack, UnsupportedOrMalformedAlgIsRefused) {
    for (const char* alg : {"PS256", "RS512", "ES384", "ES256K", "Ed25519", "rs256", "es256",
                            "EDDSA", "", "RS256 "}) {
        expectInvalid(
            signedBy(sharedKey(SigningAlgorithm::RS256), header(QString::fromLatin1(alg))),
            lookup(SigningAlgorithm::RS256), "unsupported algorithm");
    }
    QJsonObject numeric = header(QStringLiteral("RS256"));
    numeric.insert(QStringLiteral("alg"), 256);
    expectInvalid(signedBy(sharedKey(SigningAlgorithm::RS256), numeric),
                  lookup(SigningAlgorithm::RS256), "no alg");
    QJsonObject missing = header(QStringLiteral("RS256"));
    missing.remove(QStringLiteral("alg"));
    expectInvalid(signedBy(sharedKey(SigningAlgorithm::RS256), missing),
                  lookup(SigningAlgorithm::RS256), "no alg");
}

TEST(JwtAttack, TamperedPayloadFails) {
    for (const auto algorithm :
         {SigningAlgorithm::RS256, SigningAlgorithm::ES256, SigningAlgorithm::EdDSA}) {
        const QByteArray token = signJwt({}, validClaims(), sharedKey(algorithm), kKid);
        QList<QByteArray> parts = token.split('.');
        QJsonObject claims = validClaims();
        claims.insert(QStringLiteral("sub"), QStringLiteral("admin"));
        const QByteArray payload =
            base64UrlEncode(QJsonDocument(claims).toJson(QJsonDocument::Compact));
        expectInvalid(parts[0] + '.' + payload + '.' + parts[2], lookup(algorithm),
                      "signature is invalid");
        claims = validClaims();
        claims.insert(QStringLiteral("exp"), double(kNow + 86400 * 365));
        expectInvalid(parts[0] + '.' +
                          base64UrlEncode(QJsonDocument(claims).toJson(QJsonDocument::Compact)) +
                          '.' + parts[2],
                      lookup(algorithm), "signature is invalid");
    }
}

TEST(JwtAttack, TamperedSignatureFails) {
    for (const auto algorithm :
         {SigningAlgorithm::RS256, SigningAlgorithm::ES256, SigningAlgorithm::EdDSA}) {
        const QByteArray token = signJwt({}, validClaims(), sharedKey(algorithm), kKid);
        const qsizetype dot = token.lastIndexOf('.');
        QByteArray signature = *base64UrlDecode(token.mid(dot + 1));
        signature[5] = char(signature[5] ^ 0x01);
        expectInvalid(token.left(dot + 1) + base64UrlEncode(signature), lookup(algorithm),
                      "signature is invalid");
        expectInvalid(token.left(dot + 1), lookup(algorithm), "signature is invalid"); // stripped
        expectInvalid(token.left(dot + 1) + base64UrlEncode(QByteArray(signature.size(), '\0')),
                      lookup(algorithm), "signature is invalid");
        expectInvalid(token.left(dot + 1) + base64UrlEncode(signature.chopped(1)),
                      lookup(algorithm), "signature is invalid");
    }
}

TEST(JwtAttack, UnknownWrongOrMissingKidFails) {
    const KeyLookup keys = lookup(SigningAlgorithm::ES256);
    // A kid this tenant does not have, e.g. another tenant's.
    expectInvalid(signJwt({}, validClaims(), sharedKey(SigningAlgorithm::ES256), "tenant-b-kid"),
                  keys, "no key with this kid");
    // The right kid, but signed by a different key of the same algorithm.
    expectInvalid(signJwt({}, validClaims(), otherKey(SigningAlgorithm::ES256), kKid), keys,
                  "signature is invalid");
    // No kid, an empty kid, a non-string kid.
    QJsonObject noKid = header(QStringLiteral("ES256"));
    noKid.remove(QStringLiteral("kid"));
    expectInvalid(signedBy(sharedKey(SigningAlgorithm::ES256), noKid), keys, "no kid");
    expectInvalid(signedBy(sharedKey(SigningAlgorithm::ES256), header(QStringLiteral("ES256"), "")),
                  keys, "no kid");
    QJsonObject numericKid = header(QStringLiteral("ES256"));
    numericKid.insert(QStringLiteral("kid"), 1);
    expectInvalid(signedBy(sharedKey(SigningAlgorithm::ES256), numericKid), keys, "no kid");
    // A verifier without any keys.
    expectInvalid(signJwt({}, validClaims(), sharedKey(SigningAlgorithm::ES256), kKid), KeyLookup(),
                  "no key with this kid");
}

// RFC 8725 §3.10: keys named by the token itself (jwk, jku, x5u) are never trusted.
TEST(JwtAttack, EmbeddedKeysAreIgnored) {
    const KeyPair& attacker = otherKey(SigningAlgorithm::ES256);
    QJsonObject embedded = header(QStringLiteral("ES256"));
    embedded.insert(QStringLiteral("jwk"), attacker.publicJwk());
    embedded.insert(QStringLiteral("jku"), QStringLiteral("https://evil.test/jwks"));
    expectInvalid(signedBy(attacker, embedded), lookup(SigningAlgorithm::ES256),
                  "signature is invalid");
}

TEST(JwtAttack, CriticalExtensionsAreRefused) {
    const QJsonObject crit{{QStringLiteral("crit"), QJsonArray{QStringLiteral("b64")}},
                           {QStringLiteral("b64"), false}};
    expectInvalid(signJwt(crit, validClaims(), sharedKey(SigningAlgorithm::ES256), kKid),
                  lookup(SigningAlgorithm::ES256), "critical");
}

TEST(JwtAttack, ExpiredNotYetValidAndUnexpiringTokensFail) {
    const KeyPair& key = sharedKey(SigningAlgorithm::ES256);
    QJsonObject claims = validClaims();
    claims.insert(QStringLiteral("exp"), double(kNow - 3600));
    expectInvalid(signJwt({}, claims, key, kKid), lookup(SigningAlgorithm::ES256), "expired");
    claims = validClaims();
    claims.insert(QStringLiteral("nbf"), double(kNow + 3600));
    expectInvalid(signJwt({}, claims, key, kKid), lookup(SigningAlgorithm::ES256), "not valid yet");
    claims = validClaims();
    claims.remove(QStringLiteral("exp"));
    expectInvalid(signJwt({}, claims, key, kKid), lookup(SigningAlgorithm::ES256), "no exp");
}

TEST(JwtAttack, MalformedEncodingsFail) {
    const QByteArray token = signJwt({}, validClaims(), sharedKey(SigningAlgorithm::ES256), kKid);
    const QList<QByteArray> parts = token.split('.');
    const KeyLookup keys = lookup(SigningAlgorithm::ES256);
    expectInvalid(parts[0] + "=." + parts[1] + '.' + parts[2], keys, "base64url");
    expectInvalid(parts[0] + '.' + parts[1] + '.' + parts[2] + '=', keys, "base64url");
    expectInvalid(QByteArray(parts[0]).replace('_', '/').replace('-', '+') + "+/." + parts[1] +
                      '.' + parts[2],
                  keys, "base64url");
    expectInvalid(base64UrlEncode("[\"ES256\"]") + '.' + parts[1] + '.' + parts[2], keys,
                  "header is not a JSON object");
    expectInvalid(token + '.' + parts[2], keys, "three");
    expectInvalid(token + ".a.b", keys, "JWE");
    expectInvalid(QByteArray(kMaxJwtBytes + 1, 'a'), keys, "larger than");
}
