// Login transactions and their CSRF binding (SECURITY.md: "The login form has CSRF protection").
#include "oidc/LoginTransaction.h"

#include "crypto/Encoding.h"

#include <gtest/gtest.h>

namespace gatehouse::oidc {
namespace {

using namespace Qt::StringLiterals;

class LoginTransactionTest : public ::testing::Test {
protected:
    LoginTransactionTest()
        : m_codec(crypto::Sealer(QByteArray(32, '\x42'))) {
        m_request.clientId = u"web"_s;
        m_request.redirectUri = u"https://app.example.com/cb"_s;
        m_request.scopes = {u"openid"_s};
        m_request.state = u"xyz"_s;
        m_request.codeChallenge = u"E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"_s;
    }

    const QDateTime m_now = QDateTime::fromMSecsSinceEpoch(1'800'000'000'000, Qt::UTC);
    LoginTransactionCodec m_codec;
    AuthorizationRequest m_request;
};

TEST_F(LoginTransactionTest, RoundTripsInItsTenant) {
    const LoginTransaction started = m_codec.start(u"acme"_s, m_request, m_now);
    EXPECT_EQ(crypto::base64UrlDecode(started.id)->size(), 16);
    Result<LoginTransaction> opened = m_codec.open(m_codec.seal(started), u"acme"_s, m_now);
    ASSERT_TRUE(opened.ok()) << opened.error().toString().toStdString();
    EXPECT_EQ(opened->id, started.id);
    EXPECT_EQ(opened->request, m_request);
    EXPECT_EQ(opened->expiresAt, m_now.addSecs(LoginTransactionCodec::kLifetimeSeconds));
}

TEST_F(LoginTransactionTest, EachTransactionIsFresh) {
    const LoginTransaction a = m_codec.start(u"acme"_s, m_request, m_now);
    const LoginTransaction b = m_codec.start(u"acme"_s, m_request, m_now);
    EXPECT_NE(a.id, b.id);
    EXPECT_NE(m_codec.seal(a), m_codec.seal(a)); // random nonce per seal
}

TEST_F(LoginTransactionTest, AnotherTenantExpiryOrTamperingIsRefused) {
    const QByteArray sealed = m_codec.seal(m_codec.start(u"acme"_s, m_request, m_now));
    EXPECT_EQ(m_codec.open(sealed, u"globex"_s, m_now).error().code, "invalid_transaction");
    EXPECT_EQ(m_codec.open(sealed, u"acme"_s, m_now.addSecs(3600)).error().code,
              "transaction_expired");
    QByteArray flipped = sealed;
    flipped[20] = flipped[20] == 'A' ? 'B' : 'A';
    EXPECT_EQ(m_codec.open(flipped, u"acme"_s, m_now).error().code, "invalid_transaction");
    EXPECT_EQ(m_codec.open("", u"acme"_s, m_now).error().code, "invalid_transaction");
    EXPECT_EQ(m_codec.open("not base64!", u"acme"_s, m_now).error().code, "invalid_transaction");
    // Another master key (another installation) cannot open it either.
    const LoginTransactionCodec other(crypto::Sealer(QByteArray(32, '\x43')));
    EXPECT_EQ(other.open(sealed, u"acme"_s, m_now).error().code, "invalid_transaction");
}

TEST_F(LoginTransactionTest, CsrfTokenIsBoundToCookieAndTransaction) {
    const LoginTransaction mine = m_codec.start(u"acme"_s, m_request, m_now);
    const LoginTransaction theirs = m_codec.start(u"acme"_s, m_request, m_now);
    const QByteArray token = m_codec.csrfToken("cookie-1", mine);
    EXPECT_TRUE(m_codec.verifyCsrf("cookie-1", token, mine));
    EXPECT_FALSE(m_codec.verifyCsrf("cookie-2", token, mine));   // another browser
    EXPECT_FALSE(m_codec.verifyCsrf("cookie-1", token, theirs)); // another transaction
    EXPECT_FALSE(m_codec.verifyCsrf("", token, mine));           // no cookie
    EXPECT_FALSE(m_codec.verifyCsrf("cookie-1", "", mine));      // no token
    EXPECT_FALSE(m_codec.verifyCsrf("cookie-1", token.chopped(1), mine));
}

} // namespace
} // namespace gatehouse::oidc
