#include "crypto/Digest.h"

#include <gtest/gtest.h>

namespace gatehouse::crypto {
namespace {

// FIPS 180-2 example "abc".
TEST(DigestTest, Sha256KnownAnswer) {
    EXPECT_EQ(
        sha256("abc").toHex(),
        QByteArrayLiteral("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
}

// RFC 4231 test case 2.
TEST(DigestTest, HmacSha256KnownAnswer) {
    EXPECT_EQ(
        hmacSha256("Jefe", "what do ya want for nothing?").toHex(),
        QByteArrayLiteral("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"));
}

TEST(DigestTest, HmacDependsOnKeyAndData) {
    EXPECT_NE(hmacSha256("key-a", "data"), hmacSha256("key-b", "data"));
    EXPECT_NE(hmacSha256("key-a", "data"), hmacSha256("key-a", "data2"));
    EXPECT_EQ(hmacSha256("", "data").size(), 32);
}

} // namespace
} // namespace gatehouse::crypto
