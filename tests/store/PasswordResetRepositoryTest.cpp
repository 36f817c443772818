#include "TransactionalTestSupport.h"

#include <atomic>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace gatehouse::store::test {
namespace {

class PasswordResetRepositoryTest : public TransactionalTest {
protected:
    Result<PasswordResetRecord> create(const QString& seed, std::chrono::milliseconds lifetime) {
        PasswordResetRecord reset;
        reset.tokenHash = secretHash(seed);
        reset.tenant = u"acme"_s;
        reset.userId = m_userId;
        return resets().create(reset, lifetime);
    }

    PasswordResetRepository& resets() { return store().passwordResets(); }
};

TEST_P(PasswordResetRepositoryTest, ATokenIsUsedOnce) {
    const Result<PasswordResetRecord> created = create(u"r1"_s, 1h);
    ASSERT_OK(created);
    EXPECT_EQ(created->expiresAt, m_clock.now().addSecs(3600));
    m_clock.advance(1000);
    const Result<PasswordResetRecord> used = resets().consume(u"acme"_s, secretHash(u"r1"_s));
    ASSERT_OK(used);
    EXPECT_EQ(used->userId, m_userId);
    EXPECT_EQ(used->usedAt, m_clock.now());
    const Result<PasswordResetRecord> again = resets().consume(u"acme"_s, secretHash(u"r1"_s));
    expectError(again, PasswordResetRepository::kInvalidToken);
    EXPECT_EQ(again.error().httpStatus, 400);
    expectNothingLogged();
}

TEST_P(PasswordResetRepositoryTest, ATicketIsConsumedOnlyForItsPurpose) {
    PasswordResetRecord ticket;
    ticket.tenant = u"acme"_s;
    ticket.userId = m_userId;
    ticket.tokenHash = secretHash(u"verify"_s);
    ticket.purpose = PasswordResetRepository::kEmailVerification;
    ticket.email = u"alice@example.com"_s;
    ASSERT_OK(resets().create(ticket, 1h));
    // A verification link cannot reset a password.
    expectError(resets().consume(u"acme"_s, ticket.tokenHash),
                PasswordResetRepository::kInvalidToken);
    // Dropping a user's reset tickets (after a password change) leaves verification ones.
    const Result<int> removed = resets().removeForUser(u"acme"_s, m_userId);
    ASSERT_OK(removed);
    EXPECT_EQ(*removed, 0);
    const Result<PasswordResetRecord> verified =
        resets().consume(u"acme"_s, ticket.tokenHash, PasswordResetRepository::kEmailVerification);
    ASSERT_OK(verified);
    EXPECT_EQ(verified->purpose, QString(PasswordResetRepository::kEmailVerification));
    EXPECT_EQ(verified->email, u"alice@example.com"_s);
    expectError(
        resets().consume(u"acme"_s, ticket.tokenHash, PasswordResetRepository::kEmailVerification),
        PasswordResetRepository::kInvalidToken);
    // An unknown purpose is refused before anything is written.
    ticket.tokenHash = secretHash(u"other"_s);
    ticket.purpose = u"anything"_s;
    expectError(resets().create(ticket, 1h), "invalid_request");
    expectNothingLogged();
}

TEST_P(PasswordResetRepositoryTest, ExpiredUnknownAndForeignTokensAreRefused) {
    ASSERT_OK(store().tenants().create(tenant(u"beta"_s)));
    ASSERT_OK(create(u"r1"_s, 1h));
    expectError(resets().consume(u"beta"_s, secretHash(u"r1"_s)),
                PasswordResetRepository::kInvalidToken);
    expectError(resets().consume(u"acme"_s, secretHash(u"r2"_s)),
                PasswordResetRepository::kInvalidToken);
    m_clock.advance(3600'000);
    expectError(resets().consume(u"acme"_s, secretHash(u"r1"_s)),
                PasswordResetRepository::kInvalidToken);

    PasswordResetRecord stranger;
    stranger.tokenHash = secretHash(u"r3"_s);
    stranger.tenant = u"acme"_s;
    stranger.userId = u"auth0|nobody"_s;
    expectError(resets().create(stranger, 1h), "not_found");
    expectError(create(u"r4"_s, 0ms), "invalid_request");
    expectError(create(u"r1"_s, 1h), "conflict");
}

TEST_P(PasswordResetRepositoryTest, ConcurrentUsesHaveExactlyOneWinner) {
    constexpr int kTokens = 10;
    for (int i = 0; i < kTokens; ++i)
        ASSERT_OK(create(u"r%1"_s.arg(i), 1h));
    std::atomic<int> wins = 0;
    std::atomic<int> refusals = 0;
    onThreads(2, [&](int) {
        for (int i = 0; i < kTokens; ++i) {
            const Result<PasswordResetRecord> used =
                resets().consume(u"acme"_s, secretHash(u"r%1"_s.arg(i)));
            if (used)
                ++wins;
            else if (used.error().code == PasswordResetRepository::kInvalidToken)
                ++refusals;
        }
    });
    EXPECT_EQ(wins, kTokens);
    EXPECT_EQ(refusals, kTokens);
}

TEST_P(PasswordResetRepositoryTest, AUsersTokensAreRemovedTogether) {
    ASSERT_OK(create(u"r1"_s, 1h));
    ASSERT_OK(create(u"r2"_s, 1h));
    const Result<int> removed = resets().removeForUser(u"acme"_s, m_userId);
    ASSERT_OK(removed);
    EXPECT_EQ(*removed, 2);
    expectError(resets().consume(u"acme"_s, secretHash(u"r1"_s)),
                PasswordResetRepository::kInvalidToken);
}

GATEHOUSE_INSTANTIATE_ENGINES(PasswordResetRepositoryTest);

} // namespace
} // namespace gatehouse::store::test
