#include "CryptoTestSupport.h"

#include "crypto/Encoding.h"
#include "crypto/KeyPair.h"

#include <QJsonDocument>
#include <gtest/gtest.h>
#include <thread>

using namespace gatehouse::crypto;
using test::sharedKey;

namespace {

constexpr SigningAlgorithm kAll[] = {SigningAlgorithm::RS256, SigningAlgorithm::ES256,
                                     SigningAlgorithm::EdDSA};

QByteArray opensslKey(const QStringList& arguments) {
    const auto result = test::run(QStringLiteral("openssl"), arguments);
    EXPECT_EQ(result.exitCode, 0) << result.err.constData();
    return result.out;
}

// RFC 8037 Appendix A.1 private key, as PKCS#8 PEM.
const QByteArray kRfc8037Pem = "-----BEGIN PRIVATE KEY-----\n"
                               "MC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g\n"
                               "-----END PRIVATE KEY-----\n";

} // namespace

TEST(KeyPair, GeneratesEachAlgorithm) {
    const int signatureBytes[] = {256, 64, 64};
    const char* kty[] = {"RSA", "EC", "OKP"};
    for (int i = 0; i < 3; ++i) {
        const auto key = KeyPair::generate(kAll[i]);
        ASSERT_TRUE(key.ok());
        EXPECT_EQ(key->algorithm(), kAll[i]);
        EXPECT_TRUE(key->privatePem().startsWith("-----BEGIN PRIVATE KEY-----\n"));
        EXPECT_TRUE(key->publicPem().startsWith("-----BEGIN PUBLIC KEY-----\n"));
        const QByteArray signature = key->sign("header.payload");
        EXPECT_EQ(signature.size(), signatureBytes[i]);
        EXPECT_TRUE(key->publicKey().verify("header.payload", signature));
        EXPECT_FALSE(key->publicKey().verify("header.payloaD", signature));
        EXPECT_EQ(key->publicJwk().value(QStringLiteral("kty")).toString(),
                  QString::fromLatin1(kty[i]));
    }
}

TEST(KeyPair, RsaKeysAre2048BitsWithExponent65537) {
    const QJsonObject jwk = sharedKey(SigningAlgorithm::RS256).publicJwk();
    EXPECT_EQ(jwk.value(QStringLiteral("e")).toString(), QStringLiteral("AQAB"));
    const QByteArray n = *base64UrlDecode(jwk.value(QStringLiteral("n")).toString().toLatin1());
    EXPECT_EQ(n.size(), 256); // minimal encoding, no leading zero (RFC 7518 §6.3.1.1)
    EXPECT_TRUE(static_cast<unsigned char>(n[0]) & 0x80);
}

TEST(KeyPair, PublicJwkHasOnlyPublicMembers) {
    const QStringList expected[] = {
        {QStringLiteral("e"), QStringLiteral("kty"), QStringLiteral("n")},
        {QStringLiteral("crv"), QStringLiteral("kty"), QStringLiteral("x"), QStringLiteral("y")},
        {QStringLiteral("crv"), QStringLiteral("kty"), QStringLiteral("x")}};
    for (int i = 0; i < 3; ++i) {
        const QJsonObject jwk = sharedKey(kAll[i]).publicJwk();
        EXPECT_EQ(jwk.keys(), expected[i]) << QJsonDocument(jwk).toJson().constData();
    }
    const QJsonObject ec = sharedKey(SigningAlgorithm::ES256).publicJwk();
    EXPECT_EQ(ec.value(QStringLiteral("crv")).toString(), QStringLiteral("P-256"));
    EXPECT_EQ(ec.value(QStringLiteral("x")).toString().size(), 43); // 32 bytes, never shortened
    EXPECT_EQ(ec.value(QStringLiteral("y")).toString().size(), 43);
    EXPECT_EQ(
        sharedKey(SigningAlgorithm::EdDSA).publicJwk().value(QStringLiteral("crv")).toString(),
        QStringLiteral("Ed25519"));
}

TEST(KeyPair, PrivatePemRoundTrips) {
    for (const auto algorithm : kAll) {
        const KeyPair& original = sharedKey(algorithm);
        const auto loaded = KeyPair::fromPrivatePem(original.privatePem(), algorithm);
        ASSERT_TRUE(loaded.ok()) << loaded.error().toString().toStdString();
        EXPECT_EQ(loaded->thumbprint(), original.thumbprint());
        EXPECT_EQ(loaded->publicPem(), original.publicPem());
        EXPECT_TRUE(original.publicKey().verify("input", loaded->sign("input")));
    }
}

TEST(KeyPair, FromPemRefusesAKeyOfAnotherAlgorithm) {
    for (const auto actual : kAll) {
        for (const auto expected : kAll) {
            if (actual == expected)
                continue;
            const auto loaded = KeyPair::fromPrivatePem(sharedKey(actual).privatePem(), expected);
            ASSERT_FALSE(loaded.ok());
            EXPECT_EQ(loaded.error().code, "invalid_key");
            EXPECT_TRUE(
                loaded.error().message.contains(QString::fromLatin1(algorithmName(actual))));
        }
    }
}

TEST(KeyPair, FromPemAcceptsTraditionalFormats) {
    const QByteArray rsa = opensslKey(
        {QStringLiteral("genrsa"), QStringLiteral("-traditional"), QStringLiteral("2048")});
    ASSERT_TRUE(rsa.startsWith("-----BEGIN RSA PRIVATE KEY-----"));
    EXPECT_TRUE(KeyPair::fromPrivatePem(rsa, SigningAlgorithm::RS256).ok());
    const QByteArray ec = opensslKey({QStringLiteral("ecparam"), QStringLiteral("-name"),
                                      QStringLiteral("prime256v1"), QStringLiteral("-genkey"),
                                      QStringLiteral("-noout")});
    ASSERT_TRUE(ec.startsWith("-----BEGIN EC PRIVATE KEY-----"));
    EXPECT_TRUE(KeyPair::fromPrivatePem(ec, SigningAlgorithm::ES256).ok());
}

TEST(KeyPair, FromPemRefusesWeakForeignAndMalformedKeys) {
    const auto genpkey = [](const QStringList& options) {
        return opensslKey(QStringList{QStringLiteral("genpkey")} + options);
    };
    const QString algorithm = QStringLiteral("-algorithm");
    const QString option = QStringLiteral("-pkeyopt");
    const struct {
        const char* what;
        QByteArray pem;
        SigningAlgorithm expected;
    } cases[] = {
        {"RSA-1024",
         genpkey(
             {algorithm, QStringLiteral("RSA"), option, QStringLiteral("rsa_keygen_bits:1024")}),
         SigningAlgorithm::RS256},
        {"RSA-PSS",
         genpkey({algorithm, QStringLiteral("RSA-PSS"), option,
                  QStringLiteral("rsa_keygen_bits:2048")}),
         SigningAlgorithm::RS256},
        {"P-384",
         genpkey(
             {algorithm, QStringLiteral("EC"), option, QStringLiteral("ec_paramgen_curve:P-384")}),
         SigningAlgorithm::ES256},
        {"secp256k1",
         genpkey({algorithm, QStringLiteral("EC"), option,
                  QStringLiteral("ec_paramgen_curve:secp256k1")}),
         SigningAlgorithm::ES256},
        {"Ed448", genpkey({algorithm, QStringLiteral("ED448")}), SigningAlgorithm::EdDSA},
        {"X25519", genpkey({algorithm, QStringLiteral("X25519")}), SigningAlgorithm::EdDSA},
        {"encrypted",
         genpkey({algorithm, QStringLiteral("EC"), option,
                  QStringLiteral("ec_paramgen_curve:P-256"), QStringLiteral("-aes256"),
                  QStringLiteral("-pass"), QStringLiteral("pass:secret")}),
         SigningAlgorithm::ES256},
        {"public key", sharedKey(SigningAlgorithm::ES256).publicPem(), SigningAlgorithm::ES256},
        {"empty", QByteArray(), SigningAlgorithm::ES256},
        {"garbage", "-----BEGIN PRIVATE KEY-----\nnot base64!\n-----END PRIVATE KEY-----\n",
         SigningAlgorithm::ES256},
        {"truncated", sharedKey(SigningAlgorithm::RS256).privatePem().left(400),
         SigningAlgorithm::RS256},
        {"oversized", QByteArray(65 * 1024, 'A'), SigningAlgorithm::ES256},
    };
    for (const auto& c : cases) {
        const auto loaded = KeyPair::fromPrivatePem(c.pem, c.expected);
        ASSERT_FALSE(loaded.ok()) << c.what;
        EXPECT_EQ(loaded.error().code, "invalid_key") << c.what;
    }
}

// RFC 8037 Appendix A: known key, thumbprint and (deterministic) Ed25519 signature.
TEST(KeyPair, MatchesRfc8037Vectors) {
    const auto key = KeyPair::fromPrivatePem(kRfc8037Pem, SigningAlgorithm::EdDSA);
    ASSERT_TRUE(key.ok());
    EXPECT_EQ(key->publicJwk().value(QStringLiteral("x")).toString(),
              QStringLiteral("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"));
    EXPECT_EQ(key->thumbprint(), "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
    EXPECT_EQ(
        base64UrlEncode(key->sign("eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc")),
        "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg");
}

TEST(KeyPair, ThumbprintIsAStableKid) {
    for (const auto algorithm : kAll) {
        const QByteArray thumbprint = sharedKey(algorithm).thumbprint();
        EXPECT_EQ(thumbprint.size(), 43);
        EXPECT_EQ(thumbprint, sharedKey(algorithm).thumbprint());
        EXPECT_NE(thumbprint, test::otherKey(algorithm).thumbprint());
        EXPECT_EQ(thumbprint, sharedKey(algorithm).publicKey().thumbprint());
    }
}

TEST(KeyPair, SignsConcurrentlyFromSeveralThreads) {
    for (const auto algorithm : kAll) {
        const KeyPair& key = sharedKey(algorithm);
        const PublicKey verifier = key.publicKey();
        const int perThread = algorithm == SigningAlgorithm::RS256 ? 25 : 200;
        std::atomic<int> valid{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t) {
            threads.emplace_back([&, t] {
                for (int i = 0; i < perThread; ++i) {
                    const QByteArray input = QByteArray::number(t) + '.' + QByteArray::number(i);
                    if (verifier.verify(input, key.sign(input)))
                        ++valid;
                }
            });
        }
        for (auto& thread : threads)
            thread.join();
        EXPECT_EQ(valid.load(), 4 * perThread) << algorithmName(algorithm).constData();
    }
}

TEST(KeyPair, CopiesShareAndMovedFromKeysSignNothing) {
    KeyPair key = *KeyPair::generate(SigningAlgorithm::ES256);
    const KeyPair copy = key;
    EXPECT_EQ(copy.thumbprint(), key.thumbprint());
    const KeyPair moved = std::move(key);
    EXPECT_TRUE(moved.publicKey().verify("x", copy.sign("x")));
    // NOLINTNEXTLINE(bugprone-use-after-move): the moved-from state is what is tested
    EXPECT_TRUE(key.sign("x").isEmpty());
    EXPECT_TRUE(key.publicJwk().isEmpty());
    EXPECT_FALSE(key.publicKey().verify("x", copy.sign("x")));
}

TEST(SigningAlgorithm, NamesParseExactly) {
    for (const auto algorithm : kAll)
        EXPECT_EQ(parseAlgorithm(algorithmName(algorithm)), algorithm);
    EXPECT_EQ(algorithmName(SigningAlgorithm::EdDSA), "EdDSA");
    for (const char* name : {"rs256", "Rs256", "RS256 ", "es256", "EDDSA", "eddsa", "Ed25519",
                             "none", "HS256", "PS256", "ES256K", ""})
        EXPECT_FALSE(parseAlgorithm(name).has_value()) << name;
}
