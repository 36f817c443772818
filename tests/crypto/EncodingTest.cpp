#include "crypto/Encoding.h"
#include "crypto/Random.h"

#include <QSet>
#include <gtest/gtest.h>

using namespace gatehouse::crypto;

TEST(Random, BytesHaveTheRequestedLengthAndDiffer) {
    EXPECT_TRUE(randomBytes(0).isEmpty());
    EXPECT_TRUE(randomBytes(-5).isEmpty());
    EXPECT_EQ(randomBytes(1).size(), 1);
    const QByteArray a = randomBytes(32);
    const QByteArray b = randomBytes(32);
    EXPECT_EQ(a.size(), 32);
    EXPECT_NE(a, b);
}

TEST(Random, TokensAreUrlSafeAndUnique) {
    EXPECT_EQ(randomToken().size(), 43); // 32 bytes, unpadded
    EXPECT_EQ(randomToken(16).size(), 22);
    QSet<QByteArray> seen;
    for (int i = 0; i < 2000; ++i) {
        const QByteArray token = randomToken(16);
        for (const char c : token)
            ASSERT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')
                << token.constData();
        seen.insert(token);
    }
    EXPECT_EQ(seen.size(), 2000);
}

TEST(Base64Url, EncodesRfc4648Vectors) {
    // RFC 4648 §10, without padding; plus the two characters that differ from base64.
    EXPECT_EQ(base64UrlEncode(""), "");
    EXPECT_EQ(base64UrlEncode("f"), "Zg");
    EXPECT_EQ(base64UrlEncode("fo"), "Zm8");
    EXPECT_EQ(base64UrlEncode("foo"), "Zm9v");
    EXPECT_EQ(base64UrlEncode("foob"), "Zm9vYg");
    EXPECT_EQ(base64UrlEncode("fooba"), "Zm9vYmE");
    EXPECT_EQ(base64UrlEncode("foobar"), "Zm9vYmFy");
    EXPECT_EQ(base64UrlEncode(QByteArray::fromHex("fbff")), "-_8");
}

TEST(Base64Url, RoundTripsEveryLength) {
    for (int length = 0; length <= 70; ++length) {
        const QByteArray data = randomBytes(length);
        const auto decoded = base64UrlDecode(base64UrlEncode(data));
        ASSERT_TRUE(decoded.ok()) << length;
        EXPECT_EQ(*decoded, data);
    }
    EXPECT_EQ(*base64UrlDecode("-_8"), QByteArray::fromHex("fbff"));
}

TEST(Base64Url, DecodingIsStrict) {
    const char* invalid[] = {
        "Zg==",   // padding
        "Zg=",    // partial padding
        "Zm9v+w", // '+' of standard base64
        "Zm9v/w", // '/' of standard base64
        "Zm9v Yg", " Zm9v", "Zm9v\n",       "Zm9v\t",
        "Z", // 4n+1 characters cannot encode whole bytes
        "Zm9vY",
        "Zh",  // unused bits set: "Zg" is the only encoding of "f"
        "Zm9", // unused bits set: "Zm8" is the only encoding of "fo"
        "Zm9v!",   "Zm9v.", "Zm9v\xc3\xa9",
    };
    for (const char* text : invalid) {
        const auto decoded = base64UrlDecode(text);
        ASSERT_FALSE(decoded.ok()) << text;
        EXPECT_EQ(decoded.error().code, "invalid_encoding");
    }
    EXPECT_FALSE(base64UrlDecode(QByteArrayView("Zm\0v", 4)).ok());
}

TEST(ConstantTimeEquals, ComparesContentsAndLengths) {
    EXPECT_TRUE(constantTimeEquals("", ""));
    EXPECT_TRUE(constantTimeEquals("secret", "secret"));
    EXPECT_FALSE(constantTimeEquals("secret", "Secret"));
    EXPECT_FALSE(constantTimeEquals("secret", "secreT"));
    EXPECT_FALSE(constantTimeEquals("secret", "secret2"));
    EXPECT_FALSE(constantTimeEquals("secret2", "secret"));
    EXPECT_FALSE(constantTimeEquals("", "x"));
    EXPECT_FALSE(constantTimeEquals("x", ""));
    EXPECT_FALSE(constantTimeEquals(QByteArrayView("a\0b", 3), QByteArrayView("a\0c", 3)));
    const QByteArray big = randomBytes(4096);
    QByteArray changed = big;
    changed[4095] = char(changed[4095] ^ 1);
    EXPECT_TRUE(constantTimeEquals(big, QByteArray(big)));
    EXPECT_FALSE(constantTimeEquals(big, changed));
}
