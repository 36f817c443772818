#include "crypto/SecretHash.h"
#include "crypto/Random.h"

#include <QStringBuilder>
#include <gtest/gtest.h>

using gatehouse::crypto::randomToken;
using gatehouse::crypto::SecretHash;

TEST(SecretHash, HasTheDocumentedFormat) {
    // SHA-256("abc") from FIPS 180-2, base64url-encoded.
    EXPECT_EQ(SecretHash::hash("abc"), "sha256$ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0");
    const QByteArray stored = SecretHash::hash(randomToken());
    EXPECT_TRUE(stored.startsWith("sha256$"));
    EXPECT_EQ(stored.size(), 7 + 43);
}

TEST(SecretHash, VerifiesOnlyTheRightSecret) {
    const QByteArray secret = randomToken();
    const QByteArray stored = SecretHash::hash(secret);
    EXPECT_TRUE(SecretHash::verify(secret, stored));
    EXPECT_FALSE(SecretHash::verify(randomToken(), stored));
    QByteArray almost = secret;
    almost[almost.size() - 1] = almost.back() == 'A' ? 'B' : 'A';
    EXPECT_FALSE(SecretHash::verify(almost, stored));
    EXPECT_FALSE(SecretHash::verify(QByteArray(secret + 'x'), stored));
    EXPECT_FALSE(SecretHash::verify(secret.chopped(1), stored));
    // The stored value itself is not a password for the account.
    EXPECT_FALSE(SecretHash::verify(stored, stored));
}

TEST(SecretHash, RefusesEmptySecretsAndForeignFormats) {
    EXPECT_FALSE(SecretHash::verify("", SecretHash::hash("")));
    const QByteArray secret = randomToken();
    const QByteArray stored = SecretHash::hash(secret);
    EXPECT_FALSE(SecretHash::verify(secret, ""));
    EXPECT_FALSE(SecretHash::verify(secret, "sha256$"));
    EXPECT_FALSE(SecretHash::verify(secret, secret)); // a secret stored in clear never matches
    EXPECT_FALSE(SecretHash::verify(secret, QByteArray(stored + '\0')));
    EXPECT_FALSE(SecretHash::verify(secret, QByteArray("SHA256$").append(stored.mid(7))));
    EXPECT_FALSE(SecretHash::verify(secret, QByteArray("sha512$").append(stored.mid(7))));
}
