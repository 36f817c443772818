#include "models/auth/Pkce.h"
#include "models/auth/TokenSet.h"

#include <QJsonObject>
#include <QSet>
#include <gtest/gtest.h>

using gatehouse::client::Pkce;
using gatehouse::client::TokenSet;

// RFC 7636 Appendix B's example: the challenge of a known verifier.
TEST(Pkce, TheChallengeIsRfc7636sS256) {
    EXPECT_EQ(Pkce::challengeFor("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
              QByteArray("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"));
}

// 32 random bytes each time: 43 base64url characters, never the same twice.
TEST(Pkce, EveryAttemptHasAFreshVerifierAndState) {
    QSet<QByteArray> seen;
    for (int i = 0; i < 200; ++i) {
        const Pkce pkce = Pkce::generate();
        EXPECT_EQ(pkce.verifier.size(), 43);
        EXPECT_EQ(pkce.challenge, Pkce::challengeFor(pkce.verifier));
        const QByteArray state = Pkce::randomState();
        EXPECT_EQ(state.size(), 32);
        for (const QByteArray& value : {pkce.verifier, state}) {
            for (char c : value)
                EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_');
            EXPECT_FALSE(seen.contains(value));
            seen.insert(value);
        }
    }
}

TEST(TokenSet, ReadsTheTokenAnswerAndWhoSignedIn) {
    // {"sub":"u1","email":"a@example.com"} as an unsigned JWT payload, for display only.
    const QByteArray payload =
        QByteArray(R"({"sub":"u1","email":"a@example.com"})")
            .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    const QDateTime now = QDateTime::fromSecsSinceEpoch(1'000'000, Qt::UTC);
    const TokenSet tokens = TokenSet::fromResponse(
        {{QStringLiteral("access_token"), QStringLiteral("at")},
         {QStringLiteral("refresh_token"), QStringLiteral("rt")},
         {QStringLiteral("id_token"), QString::fromLatin1("e30." + payload + ".sig")},
         {QStringLiteral("expires_in"), 600}},
        now);
    EXPECT_EQ(tokens.accessToken, "at");
    EXPECT_EQ(tokens.refreshToken, "rt");
    EXPECT_EQ(tokens.subject, QStringLiteral("u1"));
    EXPECT_EQ(tokens.displayName(), QStringLiteral("a@example.com"));
    EXPECT_FALSE(tokens.expiresWithin(now));
    EXPECT_TRUE(tokens.expiresWithin(now.addSecs(571)));
    EXPECT_TRUE(TokenSet{}.expiresWithin(now));
}
