#include "crypto/PasswordHasher.h"

#include <QElapsedTimer>
#include <gtest/gtest.h>

using gatehouse::crypto::PasswordCost;
using gatehouse::crypto::PasswordHasher;

namespace {
// libsodium's minimum memory and passes: keeps these tests in the millisecond range.
constexpr PasswordCost kCheap{1, 64 * 1024};
} // namespace

TEST(PasswordHasher, VerifiesTheRightPasswordOnly) {
    const PasswordHasher hasher(kCheap);
    const auto encoded = hasher.hash("correct horse battery staple");
    ASSERT_TRUE(encoded.ok()) << encoded.error().toString().toStdString();
    EXPECT_TRUE(encoded->startsWith("$argon2id$v=19$m=64,t=1,p=1$")) << encoded->constData();
    EXPECT_TRUE(hasher.verify("correct horse battery staple", *encoded));
    EXPECT_FALSE(hasher.verify("correct horse battery stapl", *encoded));
    EXPECT_FALSE(hasher.verify("Correct horse battery staple", *encoded));
    EXPECT_FALSE(hasher.verify("", *encoded));
}

TEST(PasswordHasher, SaltsEveryHash) {
    const PasswordHasher hasher(kCheap);
    EXPECT_NE(*hasher.hash("same"), *hasher.hash("same"));
}

TEST(PasswordHasher, RejectsOverlongPasswordsInsteadOfTruncating) {
    const PasswordHasher hasher(kCheap);
    const QByteArray limit(PasswordHasher::kMaxPasswordBytes, 'a');
    const auto atLimit = hasher.hash(limit);
    ASSERT_TRUE(atLimit.ok());
    EXPECT_TRUE(hasher.verify(limit, *atLimit));
    EXPECT_FALSE(hasher.verify(QByteArray(limit + 'a'), *atLimit));

    const auto over = hasher.hash(QByteArray(limit + 'a'));
    ASSERT_FALSE(over.ok());
    EXPECT_EQ(over.error().code, "password_too_long");
    EXPECT_EQ(over.error().httpStatus, 400);
}

TEST(PasswordHasher, HashesAllBytesIncludingNulAndUnicode) {
    const PasswordHasher hasher(kCheap);
    const QByteArray withNul("pass\0word", 9);
    const auto encoded = hasher.hash(withNul);
    ASSERT_TRUE(encoded.ok());
    EXPECT_TRUE(hasher.verify(withNul, *encoded));
    EXPECT_FALSE(hasher.verify("pass", *encoded));

    const QByteArray unicode = QStringLiteral("pässwörd-密码").toUtf8();
    const auto encodedUnicode = hasher.hash(unicode);
    ASSERT_TRUE(encodedUnicode.ok());
    EXPECT_TRUE(hasher.verify(unicode, *encodedUnicode));
    EXPECT_FALSE(hasher.verify(QStringLiteral("passwörd-密码").toUtf8(), *encodedUnicode));
}

TEST(PasswordHasher, RejectsMalformedEncodings) {
    const PasswordHasher hasher(kCheap);
    const QByteArray encoded = *hasher.hash("pw");
    EXPECT_FALSE(hasher.verify("pw", ""));
    EXPECT_FALSE(hasher.verify("pw", "pw"));
    EXPECT_FALSE(hasher.verify("pw", encoded.chopped(4)));
    EXPECT_FALSE(hasher.verify("pw", QByteArray(encoded + QByteArray(200, 'A'))));
    EXPECT_FALSE(hasher.verify("pw", QByteArray(encoded).replace("argon2id", "argon2i")));
    EXPECT_FALSE(hasher.verify("pw", "sha256$ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0"));
}

TEST(PasswordHasher, NeedsRehashWhenTheCostChanges) {
    const PasswordHasher cheap(kCheap);
    const QByteArray encoded = *cheap.hash("pw");
    EXPECT_FALSE(cheap.needsRehash(encoded));
    EXPECT_TRUE(PasswordHasher(PasswordCost{2, 64 * 1024}).needsRehash(encoded));
    EXPECT_TRUE(PasswordHasher(PasswordCost{1, 128 * 1024}).needsRehash(encoded));
    EXPECT_TRUE(cheap.needsRehash("garbage"));
    EXPECT_TRUE(cheap.needsRehash(""));
    // The stronger hasher still verifies old hashes: the cost is read from the encoding.
    EXPECT_TRUE(PasswordHasher(PasswordCost{2, 128 * 1024}).verify("pw", encoded));
}

TEST(PasswordHasher, RefusesACostOutsideLibsodiumBounds) {
    const auto tooLittleMemory = PasswordHasher(PasswordCost{1, 1024}).hash("pw");
    ASSERT_FALSE(tooLittleMemory.ok());
    EXPECT_EQ(tooLittleMemory.error().code, "server_error");
    EXPECT_FALSE(PasswordHasher(PasswordCost{0, 64 * 1024}).hash("pw").ok());
}

TEST(PasswordHasher, DefaultCostIsOwaspArgon2id) {
    const PasswordHasher hasher;
    QElapsedTimer timer;
    timer.start();
    const auto encoded = hasher.hash("a default-cost password");
    const qint64 elapsed = timer.elapsed();
    ASSERT_TRUE(encoded.ok());
    EXPECT_TRUE(encoded->startsWith("$argon2id$v=19$m=19456,t=2,p=1$")) << encoded->constData();
    EXPECT_TRUE(hasher.verify("a default-cost password", *encoded));
    EXPECT_FALSE(hasher.needsRehash(*encoded));
    std::printf("[ info     ] default argon2id hash took %lld ms\n",
                static_cast<long long>(elapsed));
}
