// Redirect URI matching (SECURITY.md "Authorization endpoint", RFC 9700 §4.1.3, RFC 8252 §7.3)
// and PKCE (RFC 7636).
#include "oidc/Pkce.h"
#include "oidc/RedirectUri.h"

#include <gtest/gtest.h>

namespace gatehouse::oidc {
namespace {

const QStringList kWeb = {QStringLiteral("https://app.example.com/cb")};

TEST(RedirectUriTest, ExactRegisteredUriMatches) {
    EXPECT_TRUE(RedirectUri::isRegistered(u"https://app.example.com/cb", kWeb, false));
}

// Every near miss an attacker could use gets no match, so the server shows an error page.
TEST(RedirectUriTest, NearMissesNeverMatch) {
    const char16_t* const misses[] = {
        u"https://app.example.com/cb/",        u"https://app.example.com/cb?x=1",
        u"https://APP.example.com/cb",         u"https://app.example.com/CB",
        u"https://app.example.com:443/cb",     u"https://app.example.com/cb#frag",
        u"https://app.example.com/x/../cb",    u"https://app.example.com/cb/..",
        u"https://app.example.com%2Fcb",       u"https://app.example.com/%63b",
        u"https://app.example.com.evil.io/cb", u"https://app.example.com@evil.io/cb",
        u"http://app.example.com/cb",          u"https://app.example.com/cb ",
        u" https://app.example.com/cb",        u"",
    };
    for (const char16_t* uri : misses)
        EXPECT_FALSE(RedirectUri::isRegistered(QStringView(uri), kWeb, false))
            << QString::fromUtf16(uri).toStdString();
}

TEST(RedirectUriTest, NativeLoopbackMayVaryOnlyInPort) {
    const QStringList registered = {QStringLiteral("http://127.0.0.1/callback"),
                                    QStringLiteral("http://[::1]:8080/callback")};
    EXPECT_TRUE(RedirectUri::isRegistered(u"http://127.0.0.1:53121/callback", registered, true));
    EXPECT_TRUE(RedirectUri::isRegistered(u"http://127.0.0.1/callback", registered, true));
    EXPECT_TRUE(RedirectUri::isRegistered(u"http://[::1]:1/callback", registered, true));
    EXPECT_TRUE(RedirectUri::isRegistered(u"http://[::1]/callback", registered, true));

    const char16_t* const misses[] = {
        u"http://127.0.0.1:53121/callback/",    // path differs
        u"http://127.0.0.1:53121/other",        // path differs
        u"http://127.0.0.1:53121/callback?x=1", // query differs
        u"http://127.0.0.1:0/callback",         // not a port
        u"http://127.0.0.1:65536/callback",     // not a port
        u"http://127.0.0.1:+80/callback",       // not a port
        u"http://127.0.0.1:80x/callback",       // not a port
        u"http://127.0.0.1.evil.io/callback",   // another host
        u"http://127.0.0.1@evil.io/callback",   // userinfo trick
        u"http://127.0.0.1:80@evil.io/callback",
        u"http://localhost:53121/callback", // RFC 8252 §8.3: not a loopback IP
        u"https://127.0.0.1:53121/callback",
        u"http://127.0.0.2:53121/callback",
        u"http://[::1]:53121/other",
    };
    for (const char16_t* uri : misses)
        EXPECT_FALSE(RedirectUri::isRegistered(QStringView(uri), registered, true))
            << QString::fromUtf16(uri).toStdString();
}

TEST(RedirectUriTest, PortMayNotVaryForWebClients) {
    const QStringList registered = {QStringLiteral("http://127.0.0.1:3000/cb")};
    EXPECT_TRUE(RedirectUri::isRegistered(u"http://127.0.0.1:3000/cb", registered, false));
    EXPECT_FALSE(RedirectUri::isRegistered(u"http://127.0.0.1:3001/cb", registered, false));
}

// RFC 7636 Appendix B.
constexpr char16_t kVerifier[] = u"dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
constexpr char16_t kChallenge[] = u"E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

TEST(PkceTest, RfcExampleVerifies) {
    EXPECT_TRUE(Pkce::isValidChallenge(kChallenge));
    EXPECT_TRUE(Pkce::verify(kVerifier, kChallenge));
}

TEST(PkceTest, WrongMissingOrMalformedVerifierFails) {
    EXPECT_FALSE(Pkce::verify(u"dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXl", kChallenge));
    EXPECT_FALSE(Pkce::verify(u"", kChallenge));
    EXPECT_FALSE(Pkce::verify(u"short", kChallenge));
    // The challenge itself as the verifier (a "plain" downgrade) does not pass.
    EXPECT_FALSE(Pkce::verify(kChallenge, kChallenge));
    EXPECT_FALSE(Pkce::verify(QString(129, QLatin1Char('a')), kChallenge));
    EXPECT_FALSE(Pkce::verify(u"dBjftJeZ4CVP+mB92K27uhbUJU1p1r/wW1gFWFOEjXk", kChallenge));
}

TEST(PkceTest, ChallengeAndVerifierSyntax) {
    EXPECT_FALSE(Pkce::isValidChallenge(u"E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-c"));
    EXPECT_FALSE(Pkce::isValidChallenge(u"E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM="));
    EXPECT_FALSE(Pkce::isValidChallenge(u"E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw+cM"));
    EXPECT_TRUE(Pkce::isValidVerifier(QString(43, QLatin1Char('~'))));
    EXPECT_TRUE(Pkce::isValidVerifier(QString(128, QLatin1Char('.'))));
    EXPECT_FALSE(Pkce::isValidVerifier(QString(42, QLatin1Char('a'))));
    EXPECT_FALSE(Pkce::isValidVerifier(QString(43, QChar(0xe9))));
}

} // namespace
} // namespace gatehouse::oidc
