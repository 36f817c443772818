#include "CryptoTestSupport.h"

#include "crypto/Encoding.h"
#include "crypto/PublicKey.h"
#include "crypto/Random.h"

#include <QJsonDocument>
#include <gtest/gtest.h>

using namespace gatehouse::crypto;
using test::sharedKey;

namespace {

constexpr SigningAlgorithm kAll[] = {SigningAlgorithm::RS256, SigningAlgorithm::ES256,
                                     SigningAlgorithm::EdDSA};

QJsonObject with(QJsonObject jwk, const char* name, const QJsonValue& value) {
    jwk.insert(QLatin1StringView(name), value);
    return jwk;
}

QJsonObject without(QJsonObject jwk, const char* name) {
    jwk.remove(QLatin1StringView(name));
    return jwk;
}

QString b64(const QByteArray& data) {
    return QString::fromLatin1(base64UrlEncode(data));
}

QByteArray member(const QJsonObject& jwk, const char* name) {
    return *base64UrlDecode(jwk.value(QLatin1StringView(name)).toString().toLatin1());
}

void expectRejected(const QJsonObject& jwk, const char* why) {
    const auto key = PublicKey::fromJwk(jwk);
    ASSERT_FALSE(key.ok()) << why << ": " << QJsonDocument(jwk).toJson().constData();
    EXPECT_EQ(key.error().code, "invalid_key") << why;
}

} // namespace

TEST(PublicKey, FromJwkVerifiesTheKeyPairsSignatures) {
    for (const auto algorithm : kAll) {
        const KeyPair& pair = sharedKey(algorithm);
        const auto key = PublicKey::fromJwk(pair.publicJwk());
        ASSERT_TRUE(key.ok()) << key.error().toString().toStdString();
        EXPECT_EQ(key->algorithm(), algorithm);
        EXPECT_EQ(key->jwk(), pair.publicJwk());
        EXPECT_EQ(key->thumbprint(), pair.thumbprint());
        EXPECT_TRUE(key->verify("input", pair.sign("input")));
        EXPECT_FALSE(key->verify("input", test::otherKey(algorithm).sign("input")));
    }
}

TEST(PublicKey, AcceptsMatchingAlgAndUse) {
    const QJsonObject jwk = sharedKey(SigningAlgorithm::ES256).publicJwk();
    EXPECT_TRUE(PublicKey::fromJwk(with(jwk, "alg", QStringLiteral("ES256"))).ok());
    EXPECT_TRUE(PublicKey::fromJwk(with(jwk, "use", QStringLiteral("sig"))).ok());
    EXPECT_TRUE(PublicKey::fromJwk(with(jwk, "kid", QStringLiteral("k1"))).ok());
}

// RFC 7638 §3.1 example key and thumbprint.
TEST(PublicKey, MatchesRfc7638ThumbprintVector) {
    const QJsonObject jwk{
        {QStringLiteral("kty"), QStringLiteral("RSA")},
        {QStringLiteral("n"),
         QStringLiteral(
             "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFx"
             "uhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7"
             "_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qM"
             "QvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ"
             "-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw")},
        {QStringLiteral("e"), QStringLiteral("AQAB")},
        {QStringLiteral("alg"), QStringLiteral("RS256")},
        {QStringLiteral("kid"), QStringLiteral("2011-04-29")}};
    const auto key = PublicKey::fromJwk(jwk);
    ASSERT_TRUE(key.ok()) << key.error().toString().toStdString();
    EXPECT_EQ(key->thumbprint(), "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
}

TEST(PublicKey, RefusesSymmetricUnknownAndPrivateKeys) {
    expectRejected({{QStringLiteral("kty"), QStringLiteral("oct")},
                    {QStringLiteral("k"), QStringLiteral("c2VjcmV0")}},
                   "oct");
    expectRejected({}, "empty");
    const QJsonObject ec = sharedKey(SigningAlgorithm::ES256).publicJwk();
    expectRejected(without(ec, "kty"), "no kty");
    expectRejected(with(ec, "kty", QStringLiteral("ec")), "kty case");
    expectRejected(with(ec, "kty", 1), "kty number");
    expectRejected(with(ec, "d", b64(randomBytes(32))), "private EC");
    const QJsonObject rsa = sharedKey(SigningAlgorithm::RS256).publicJwk();
    expectRejected(with(rsa, "p", b64(randomBytes(128))), "private RSA");
    expectRejected(with(sharedKey(SigningAlgorithm::EdDSA).publicJwk(), "d", b64(randomBytes(32))),
                   "private OKP");
}

TEST(PublicKey, RefusesContradictingAlgAndUse) {
    const QJsonObject rsa = sharedKey(SigningAlgorithm::RS256).publicJwk();
    expectRejected(with(rsa, "use", QStringLiteral("enc")), "use enc");
    expectRejected(with(rsa, "alg", QStringLiteral("HS256")), "alg HS256");
    expectRejected(with(rsa, "alg", QStringLiteral("ES256")), "alg ES256 on RSA");
    expectRejected(with(rsa, "alg", QStringLiteral("PS256")), "alg PS256");
    expectRejected(with(rsa, "alg", QStringLiteral("none")), "alg none");
    expectRejected(
        with(sharedKey(SigningAlgorithm::EdDSA).publicJwk(), "alg", QStringLiteral("ES256")),
        "alg ES256 on OKP");
}

TEST(PublicKey, RefusesMalformedRsa) {
    const QJsonObject rsa = sharedKey(SigningAlgorithm::RS256).publicJwk();
    const QByteArray n = member(rsa, "n");
    expectRejected(without(rsa, "n"), "no n");
    expectRejected(without(rsa, "e"), "no e");
    expectRejected(with(rsa, "n", 12345), "n number");
    expectRejected(
        with(rsa, "n", QString(rsa.value(QStringLiteral("n")).toString() + QStringLiteral("="))),
        "n padded");
    expectRejected(with(rsa, "n", QString::fromLatin1(n.toBase64())), "n standard base64");
    expectRejected(with(rsa, "e", QStringLiteral("")), "e empty");
    expectRejected(with(rsa, "e", b64(QByteArray::fromHex("01"))), "e = 1");
    expectRejected(with(rsa, "e", b64(QByteArray::fromHex("010000"))), "e even");
    expectRejected(with(rsa, "n", b64(n.left(128))), "1024-bit modulus");
    expectRejected(with(rsa, "n", b64(QByteArray(1, '\x80') + randomBytes(1100))), "huge modulus");
    QByteArray even = n;
    even[even.size() - 1] = char(even.back() & ~1);
    expectRejected(with(rsa, "n", b64(even)), "even modulus");
}

TEST(PublicKey, RefusesMalformedEc) {
    const QJsonObject ec = sharedKey(SigningAlgorithm::ES256).publicJwk();
    const QByteArray x = member(ec, "x");
    QByteArray y = member(ec, "y");
    expectRejected(with(ec, "crv", QStringLiteral("P-384")), "P-384");
    expectRejected(with(ec, "crv", QStringLiteral("secp256k1")), "secp256k1");
    expectRejected(without(ec, "crv"), "no crv");
    expectRejected(without(ec, "y"), "no y");
    expectRejected(with(ec, "x", b64(x.mid(1))), "31-byte x");
    expectRejected(with(ec, "x", b64(QByteArray(1, '\0') + x)), "33-byte x");
    y[31] = char(y[31] ^ 1);
    expectRejected(with(ec, "y", b64(y)), "point off the curve");
    expectRejected(with(with(ec, "x", b64(QByteArray(32, '\0'))), "y", b64(QByteArray(32, '\0'))),
                   "zero point");
}

TEST(PublicKey, RefusesMalformedOkp) {
    const QJsonObject okp = sharedKey(SigningAlgorithm::EdDSA).publicJwk();
    expectRejected(with(okp, "crv", QStringLiteral("X25519")), "X25519");
    expectRejected(with(okp, "crv", QStringLiteral("Ed448")), "Ed448");
    expectRejected(without(okp, "x"), "no x");
    expectRejected(with(okp, "x", b64(randomBytes(31))), "31-byte x");
    expectRejected(with(okp, "x", b64(randomBytes(57))), "57-byte x");
}

TEST(PublicKey, RefusesMalformedSignatures) {
    for (const auto algorithm : kAll) {
        const KeyPair& pair = sharedKey(algorithm);
        const PublicKey key = pair.publicKey();
        const QByteArray good = pair.sign("input");
        ASSERT_TRUE(key.verify("input", good));
        const char* name = algorithmName(algorithm).constData();
        EXPECT_FALSE(key.verify("input", "")) << name;
        EXPECT_FALSE(key.verify("input", QByteArray(good.size(), '\0'))) << name;
        EXPECT_FALSE(key.verify("input", QByteArray(QByteArray(1, '\0') + good))) << name;
        EXPECT_FALSE(key.verify("input", good.chopped(1))) << name;
        EXPECT_FALSE(key.verify("input", QByteArray(good + '\0'))) << name;
        for (int bit = 0; bit < good.size() * 8; bit += 7) {
            QByteArray altered = good;
            altered[bit / 8] = char(altered[bit / 8] ^ (1 << (bit % 8)));
            ASSERT_FALSE(key.verify("input", altered)) << name << " bit " << bit;
        }
    }
    // ES256: R || S swapped, and a DER-length blob instead of the raw form.
    const KeyPair& ec = sharedKey(SigningAlgorithm::ES256);
    const QByteArray raw = ec.sign("input");
    EXPECT_FALSE(ec.publicKey().verify("input", QByteArray(raw.mid(32) + raw.left(32))));
    EXPECT_FALSE(ec.publicKey().verify("input", randomBytes(71)));
}
