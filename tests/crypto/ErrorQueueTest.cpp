// Failed (and successful) OpenSSL calls must not leave errors on the thread's queue: QSslSocket
// reads the same queue and would report a stale error as a TLS failure on that thread.
#include "CryptoTestSupport.h"

#include "crypto/Certificate.h"
#include "crypto/KeyPair.h"
#include "crypto/PublicKey.h"
#include "crypto/Random.h"
#include "crypto/Sealer.h"

#include <gtest/gtest.h>
#include <openssl/err.h>

using namespace gatehouse::crypto;

TEST(OpenSslErrorQueue, IsLeftCleanAfterFailures) {
    ERR_clear_error();
    EXPECT_FALSE(
        KeyPair::fromPrivatePem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
                                SigningAlgorithm::RS256)
            .ok());
    EXPECT_FALSE(KeyPair::fromPrivatePem(test::sharedKey(SigningAlgorithm::ES256).publicPem(),
                                         SigningAlgorithm::ES256)
                     .ok());
    QJsonObject offCurve = test::sharedKey(SigningAlgorithm::ES256).publicJwk();
    offCurve.insert(QStringLiteral("y"), offCurve.value(QStringLiteral("x")));
    EXPECT_FALSE(PublicKey::fromJwk(offCurve).ok());
    const PublicKey rsa = test::sharedKey(SigningAlgorithm::RS256).publicKey();
    EXPECT_FALSE(rsa.verify("input", randomBytes(256)));
    const Sealer sealer(Sealer::generateKey());
    EXPECT_FALSE(sealer.open(randomBytes(64), "place").ok());
    CertificateRequest request;
    request.ipAddresses = {QStringLiteral("not-an-ip")};
    EXPECT_FALSE(generateSelfSignedCertificate(request).ok());
    EXPECT_EQ(ERR_peek_error(), 0ul);
}

TEST(OpenSslErrorQueue, IsLeftCleanAfterSuccessesAndKeepsEarlierErrors) {
    ERR_clear_error();
    ERR_raise(ERR_LIB_USER, 42); // someone else's error, queued before our calls
    const KeyPair& key = test::sharedKey(SigningAlgorithm::RS256);
    EXPECT_TRUE(KeyPair::fromPrivatePem(key.privatePem(), SigningAlgorithm::RS256).ok());
    EXPECT_TRUE(key.publicKey().verify("x", key.sign("x")));
    EXPECT_TRUE(generateSelfSignedCertificate({}).ok());
    EXPECT_FALSE(PublicKey::fromJwk({}).ok());
    EXPECT_EQ(ERR_GET_REASON(ERR_get_error()), 42);
    EXPECT_EQ(ERR_peek_error(), 0ul);
}
