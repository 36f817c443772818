#include "CryptoTestSupport.h"

#include "crypto/Random.h"
#include "crypto/Sealer.h"

#include <gtest/gtest.h>

using namespace gatehouse::crypto;

namespace {
const QByteArray kPlace = "signing_key:tenant-a:kid-1";
} // namespace

TEST(Sealer, RoundTripsAnySize) {
    const Sealer sealer(Sealer::generateKey());
    for (const int size : {0, 1, 15, 16, 17, 1000, 100'000}) {
        const QByteArray plaintext = randomBytes(size);
        const QByteArray sealed = sealer.seal(plaintext, kPlace);
        EXPECT_EQ(sealed.size(), size + Sealer::kOverheadBytes);
        EXPECT_EQ(sealed[0], Sealer::kVersion);
        const auto opened = sealer.open(sealed, kPlace);
        ASSERT_TRUE(opened.ok()) << size;
        EXPECT_EQ(*opened, plaintext);
    }
    EXPECT_EQ(*sealer.open(sealer.seal("x", ""), ""), "x");
}

TEST(Sealer, UsesAFreshNoncePerSeal) {
    const Sealer sealer(Sealer::generateKey());
    const QByteArray a = sealer.seal("same secret", kPlace);
    const QByteArray b = sealer.seal("same secret", kPlace);
    EXPECT_NE(a.mid(1, Sealer::kNonceBytes), b.mid(1, Sealer::kNonceBytes));
    EXPECT_NE(a, b);
    EXPECT_FALSE(a.contains("same secret"));
}

TEST(Sealer, WrongKeyFails) {
    const QByteArray sealed = Sealer(Sealer::generateKey()).seal("secret", kPlace);
    const auto opened = Sealer(Sealer::generateKey()).open(sealed, kPlace);
    ASSERT_FALSE(opened.ok());
    EXPECT_EQ(opened.error().code, "unseal_failed");
}

TEST(Sealer, BlobMovedToAnotherPlaceFails) {
    const Sealer sealer(Sealer::generateKey());
    const QByteArray sealed = sealer.seal("secret", kPlace);
    EXPECT_FALSE(sealer.open(sealed, "signing_key:tenant-b:kid-1").ok());
    EXPECT_FALSE(sealer.open(sealed, "signing_key:tenant-a:kid-2").ok());
    EXPECT_FALSE(sealer.open(sealed, "").ok());
    EXPECT_FALSE(sealer.open(sealer.seal("secret", ""), kPlace).ok());
}

TEST(Sealer, EveryFlippedBitFails) {
    const Sealer sealer(Sealer::generateKey());
    const QByteArray sealed = sealer.seal("0123456789", kPlace);
    for (int bit = 0; bit < sealed.size() * 8; ++bit) {
        QByteArray altered = sealed;
        altered[bit / 8] = char(altered[bit / 8] ^ (1 << (bit % 8)));
        ASSERT_FALSE(sealer.open(altered, kPlace).ok()) << "bit " << bit;
    }
}

TEST(Sealer, TruncatedOrExtendedBlobsFail) {
    const Sealer sealer(Sealer::generateKey());
    const QByteArray sealed = sealer.seal("0123456789", kPlace);
    for (int length = 0; length < sealed.size(); ++length)
        ASSERT_FALSE(sealer.open(sealed.left(length), kPlace).ok()) << length;
    EXPECT_FALSE(sealer.open(QByteArray(sealed + '\0'), kPlace).ok());
    // Cutting the tag off an empty plaintext's blob leaves too little to be a blob at all.
    const QByteArray empty = sealer.seal("", kPlace);
    EXPECT_EQ(sealer.open(empty.chopped(1), kPlace).error().message,
              QStringLiteral("sealed data is truncated"));
}

TEST(Sealer, UnknownVersionFails) {
    const Sealer sealer(Sealer::generateKey());
    QByteArray sealed = sealer.seal("secret", kPlace);
    sealed[0] = 0x02;
    const auto opened = sealer.open(sealed, kPlace);
    ASSERT_FALSE(opened.ok());
    EXPECT_TRUE(opened.error().message.contains(QStringLiteral("version")));
}

TEST(Sealer, KeyLengthIsChecked) {
    EXPECT_EQ(Sealer::generateKey().size(), 32);
    EXPECT_NE(Sealer::generateKey(), Sealer::generateKey());
    for (const int size : {0, 16, 31, 33, 64}) {
        const auto sealer = Sealer::fromKey(randomBytes(size));
        ASSERT_FALSE(sealer.ok()) << size;
        EXPECT_EQ(sealer.error().code, "invalid_master_key");
    }
    const QByteArray key = Sealer::generateKey();
    const auto sealer = Sealer::fromKey(key);
    ASSERT_TRUE(sealer.ok());
    EXPECT_EQ(*Sealer(key).open(sealer->seal("x", kPlace), kPlace), "x");
}

// The documented format, checked by an independent AES-GCM implementation (Python cryptography):
// version | nonce | ciphertext | tag, with associated data = version || caller's data.
TEST(Sealer, FormatOpensWithAnIndependentImplementation) {
    const QByteArray key = Sealer::generateKey();
    const QByteArray sealed = Sealer(key).seal("the signing key PEM", kPlace);
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const auto result =
        test::runPython(dir, R"(
import sys
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
key, blob, aad = (bytes.fromhex(a) for a in sys.argv[1:4])
assert blob[0] == 1
print(AESGCM(key).decrypt(blob[1:13], blob[13:], blob[:1] + aad).decode())
)",
                        {QString::fromLatin1(key.toHex()), QString::fromLatin1(sealed.toHex()),
                         QString::fromLatin1(kPlace.toHex())});
    ASSERT_EQ(result.exitCode, 0) << result.err.constData();
    EXPECT_EQ(result.out.trimmed(), "the signing key PEM");
}

namespace gatehouse::crypto {
namespace {

// RFC 5869 test case 1 has a salt; with none, HKDF-Extract uses 32 zero bytes. Expected value
// computed independently with Python's hashlib/hmac (HKDF-SHA256, no salt, info "purpose-a").
TEST(SealerDeriveTest, DerivedKeysArePerPurposeAndStable) {
    const Sealer master(QByteArray(32, '\x0b'));
    EXPECT_EQ(
        master.deriveKey("purpose-a").toHex(),
        QByteArrayLiteral("279af0d60106a0680d70ddd7619627fc5ea4710e4024a017fafc6621f3c3c6af"));
    EXPECT_EQ(master.deriveKey("purpose-a"), master.deriveKey("purpose-a"));
    EXPECT_NE(master.deriveKey("purpose-a"), master.deriveKey("purpose-b"));
    EXPECT_NE(master.deriveKey("purpose-a"), Sealer(QByteArray(32, '\x0c')).deriveKey("purpose-a"));
    EXPECT_EQ(master.deriveKey("purpose-a").size(), 32);
}

TEST(SealerDeriveTest, ValueSealedUnderOnePurposeDoesNotOpenUnderAnother) {
    const Sealer master(QByteArray(32, '\x0b'));
    const QByteArray sealed = master.derive("purpose-a").seal("secret", "ad");
    EXPECT_TRUE(master.derive("purpose-a").open(sealed, "ad").ok());
    EXPECT_FALSE(master.derive("purpose-b").open(sealed, "ad").ok());
    EXPECT_FALSE(master.open(sealed, "ad").ok());
}

} // namespace
} // namespace gatehouse::crypto
