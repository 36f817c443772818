#include "TransactionalTestSupport.h"

#include <array>
#include <atomic>
#include <mutex>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace gatehouse::store::test {
namespace {

class AuthorizationCodeRepositoryTest : public TransactionalTest {
protected:
    [[nodiscard]] AuthorizationCodeRecord code(const QString& seed) const {
        AuthorizationCodeRecord record;
        record.codeHash = secretHash(seed);
        record.tenant = u"acme"_s;
        record.clientId = m_clientId;
        record.redirectUri = u"https://app.example.com/callback"_s;
        record.userId = m_userId;
        record.sessionHash = secretHash(u"session"_s);
        record.scope = u"openid profile offline_access"_s;
        record.audience = u"https://api.example.com"_s;
        record.nonce = u"n-0S6_WzA2Mj"_s;
        record.codeChallenge = u"E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"_s;
        record.codeChallengeMethod = u"S256"_s;
        return record;
    }

    AuthorizationCodeRepository& codes() { return store().authorizationCodes(); }
};

TEST_P(AuthorizationCodeRepositoryTest, ACodeIsRedeemedOnceAndItsReuseIsReported) {
    const Result<AuthorizationCodeRecord> created = codes().create(code(u"c1"_s), 60s);
    ASSERT_OK(created);
    EXPECT_EQ(created->expiresAt, m_clock.now().addSecs(60));
    EXPECT_FALSE(created->redeemedAt.isValid());

    m_clock.advance(59'999);
    const Result<AuthorizationCodeRecord> redeemed = codes().redeem(u"acme"_s, secretHash(u"c1"_s));
    ASSERT_OK(redeemed);
    AuthorizationCodeRecord expected = *created;
    expected.redeemedAt = m_clock.now();
    EXPECT_EQ(*redeemed, expected);

    const Result<AuthorizationCodeRecord> again = codes().redeem(u"acme"_s, secretHash(u"c1"_s));
    expectError(again, AuthorizationCodeRepository::kAlreadyRedeemed);
    EXPECT_EQ(again.error().httpStatus, 400);
    m_clock.advance(60'000); // a reuse stays a reuse after the code's expiry
    expectError(codes().redeem(u"acme"_s, secretHash(u"c1"_s)),
                AuthorizationCodeRepository::kAlreadyRedeemed);

    ASSERT_OK(codes().setGrant(u"acme"_s, secretHash(u"c1"_s), u"gr_1"_s));
    const Result<std::optional<AuthorizationCodeRecord>> found =
        codes().findByHash(u"acme"_s, secretHash(u"c1"_s));
    ASSERT_OK(found);
    ASSERT_TRUE(found->has_value());
    EXPECT_EQ((*found)->grantId, u"gr_1"_s);
    EXPECT_EQ((*found)->redeemedAt, expected.redeemedAt);
    expectNothingLogged();
}

TEST_P(AuthorizationCodeRepositoryTest, ExpiredUnknownAndForeignCodesAreInvalidGrants) {
    ASSERT_OK(store().tenants().create(tenant(u"beta"_s)));
    ASSERT_OK(codes().create(code(u"c1"_s), 60s));
    ASSERT_OK(codes().create(code(u"c2"_s), 10s));
    const Result<AuthorizationCodeRecord> foreign = codes().redeem(u"beta"_s, secretHash(u"c1"_s));
    expectError(foreign, AuthorizationCodeRepository::kInvalidGrant);
    EXPECT_EQ(foreign.error().httpStatus, 400);
    expectError(codes().redeem(u"acme"_s, secretHash(u"never issued"_s)),
                AuthorizationCodeRepository::kInvalidGrant);
    m_clock.advance(10'000);
    expectError(codes().redeem(u"acme"_s, secretHash(u"c2"_s)),
                AuthorizationCodeRepository::kInvalidGrant);
    m_clock.advance(50'000);
    expectError(codes().redeem(u"acme"_s, secretHash(u"c1"_s)),
                AuthorizationCodeRepository::kInvalidGrant);
    // The failed attempts redeemed nothing.
    const Result<std::optional<AuthorizationCodeRecord>> found =
        codes().findByHash(u"acme"_s, secretHash(u"c1"_s));
    ASSERT_OK(found);
    ASSERT_TRUE(found->has_value());
    EXPECT_FALSE((*found)->redeemedAt.isValid());
    expectError(codes().setGrant(u"acme"_s, secretHash(u"c1"_s), u"gr_1"_s), "not_found");
}

TEST_P(AuthorizationCodeRepositoryTest, ConcurrentRedemptionsHaveExactlyOneWinner) {
    constexpr int kCodes = 20;
    constexpr int kThreads = 4;
    for (int i = 0; i < kCodes; ++i)
        ASSERT_OK(codes().create(code(u"c%1"_s.arg(i)), 60s));
    std::array<std::atomic<int>, kCodes> winners{};
    std::atomic<int> reuses = 0;
    std::mutex mutex;
    QStringList unexpected;
    onThreads(kThreads, [&](int) {
        for (int i = 0; i < kCodes; ++i) {
            const Result<AuthorizationCodeRecord> redeemed =
                codes().redeem(u"acme"_s, secretHash(u"c%1"_s.arg(i)));
            if (redeemed) {
                ++winners[i];
            } else if (redeemed.error().code == AuthorizationCodeRepository::kAlreadyRedeemed) {
                ++reuses;
            } else {
                const std::lock_guard lock(mutex);
                unexpected << redeemed.error().toString();
            }
        }
    });
    EXPECT_TRUE(unexpected.isEmpty()) << unexpected.join(u"\n"_s).toStdString();
    for (int i = 0; i < kCodes; ++i)
        EXPECT_EQ(winners[i], 1) << "code " << i;
    EXPECT_EQ(reuses, kCodes * (kThreads - 1));
}

TEST_P(AuthorizationCodeRepositoryTest, BadCodesAreRefused) {
    expectError(codes().create(code(u"c1"_s), 61s), "invalid_request");
    expectError(codes().create(code(u"c1"_s), 0s), "invalid_request");
    AuthorizationCodeRecord plain = code(u"c1"_s);
    plain.codeChallengeMethod = u"plain"_s;
    expectError(codes().create(plain, 60s), "invalid_request");
    AuthorizationCodeRecord methodOnly = code(u"c1"_s);
    methodOnly.codeChallenge.clear();
    expectError(codes().create(methodOnly, 60s), "invalid_request");
    AuthorizationCodeRecord noRedirect = code(u"c1"_s);
    noRedirect.redirectUri.clear();
    expectError(codes().create(noRedirect, 60s), "invalid_request");
    AuthorizationCodeRecord longHash = code(u"c1"_s);
    longHash.codeHash.append('x');
    expectError(codes().create(longHash, 60s), "invalid_request");
    AuthorizationCodeRecord otherClient = code(u"c1"_s);
    otherClient.clientId = u"no-such-client"_s;
    expectError(codes().create(otherClient, 60s), "not_found");
    EXPECT_EQ(countRows(db(), u"authorization_codes"_s), 0);

    AuthorizationCodeRecord minimal = code(u"c1"_s);
    minimal.sessionHash.clear();
    minimal.audience.clear();
    minimal.nonce.clear();
    minimal.codeChallenge.clear();
    minimal.codeChallengeMethod.clear();
    const Result<AuthorizationCodeRecord> created = codes().create(minimal, 30s);
    ASSERT_OK(created);
    expectError(codes().create(minimal, 30s), "conflict");
    const Result<AuthorizationCodeRecord> redeemed = codes().redeem(u"acme"_s, minimal.codeHash);
    ASSERT_OK(redeemed);
    EXPECT_TRUE(redeemed->sessionHash.isEmpty());
    EXPECT_TRUE(redeemed->codeChallenge.isEmpty());
    expectNothingLogged();
}

GATEHOUSE_INSTANTIATE_ENGINES(AuthorizationCodeRepositoryTest);

} // namespace
} // namespace gatehouse::store::test
