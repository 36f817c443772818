#include "TransactionalTestSupport.h"

#include <algorithm>
#include <mutex>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace gatehouse::store::test {
namespace {

constexpr auto kUserIp = AttackCounterKind::UserIp;
constexpr auto kIp = AttackCounterKind::Ip;

class AttackCounterRepositoryTest : public TransactionalTest {
protected:
    Result<AttackCounterRecord> fail(AttackCounterKind kind, const QString& subject,
                                     int threshold = 3) {
        return counters().recordFailure(u"acme"_s, kind, subject, 1h, threshold, 15min);
    }

    [[nodiscard]] bool blocked(AttackCounterKind kind, const QString& subject) {
        const Result<bool> answer = counters().isBlocked(u"acme"_s, kind, subject);
        EXPECT_OK(answer);
        return answer && *answer;
    }

    [[nodiscard]] QString aliceFrom(const QString& ip) const {
        return AttackCounterRepository::userIpSubject(m_userId, ip);
    }

    AttackCounterRepository& counters() { return store().attackCounters(); }
};

TEST_P(AttackCounterRepositoryTest, TheThresholdBlocksUntilTheBlockEnds) {
    const QString subject = aliceFrom(u"198.51.100.4"_s);
    const Result<AttackCounterRecord> first = fail(kUserIp, subject);
    ASSERT_OK(first);
    EXPECT_EQ(first->failures, 1);
    EXPECT_EQ(first->userId, m_userId);
    EXPECT_EQ(first->firstFailureAt, m_clock.now());
    EXPECT_FALSE(first->blockedUntil.isValid());
    m_clock.advance(1000);
    ASSERT_OK(fail(kUserIp, subject));
    EXPECT_FALSE(blocked(kUserIp, subject));

    m_clock.advance(1000);
    const Result<AttackCounterRecord> third = fail(kUserIp, subject);
    ASSERT_OK(third);
    EXPECT_EQ(third->failures, 3);
    EXPECT_EQ(third->blockedUntil, m_clock.now().addSecs(15 * 60));
    EXPECT_TRUE(third->isBlocked(m_clock.now()));
    EXPECT_TRUE(blocked(kUserIp, subject));

    m_clock.advance(60'000); // failures during the block count but do not extend it
    const Result<AttackCounterRecord> during = fail(kUserIp, subject);
    ASSERT_OK(during);
    EXPECT_EQ(during->failures, 4);
    EXPECT_EQ(during->blockedUntil, third->blockedUntil);

    m_clock.advance(14 * 60'000);
    EXPECT_FALSE(blocked(kUserIp, subject));
    const Result<AttackCounterRecord> after = fail(kUserIp, subject);
    ASSERT_OK(after);
    EXPECT_EQ(after->failures, 1);
    EXPECT_EQ(after->firstFailureAt, m_clock.now());
    EXPECT_FALSE(after->blockedUntil.isValid());
    expectNothingLogged();
}

TEST_P(AttackCounterRepositoryTest, CountingStartsOverAfterTheWindow) {
    ASSERT_OK(fail(kIp, u"198.51.100.4"_s));
    ASSERT_OK(fail(kIp, u"198.51.100.4"_s));
    m_clock.advance(3600'000);
    const Result<AttackCounterRecord> fresh = fail(kIp, u"198.51.100.4"_s);
    ASSERT_OK(fresh);
    EXPECT_EQ(fresh->failures, 1);
    EXPECT_FALSE(blocked(kIp, u"198.51.100.4"_s));
    const Result<AttackCounterRecord> oneShot = fail(kIp, u"2001:db8::1"_s, 1);
    ASSERT_OK(oneShot);
    EXPECT_TRUE(oneShot->isBlocked(m_clock.now()));
}

TEST_P(AttackCounterRepositoryTest, ConcurrentFailuresCountExactly) {
    constexpr int kThreads = 2;
    constexpr int kPerThread = 40;
    std::mutex mutex;
    QList<int> seen;
    QStringList errors;
    onThreads(kThreads, [&](int) {
        for (int i = 0; i < kPerThread; ++i) {
            const Result<AttackCounterRecord> counted =
                counters().recordFailure(u"acme"_s, kIp, u"192.0.2.1"_s, 1h, 1000, 15min);
            const std::lock_guard lock(mutex);
            if (counted)
                seen << counted->failures;
            else
                errors << counted.error().toString();
        }
    });
    EXPECT_TRUE(errors.isEmpty()) << errors.join(u"\n"_s).toStdString();
    // Every failure saw its own count: none lost, none counted twice.
    std::sort(seen.begin(), seen.end());
    QList<int> expected;
    for (int i = 1; i <= kThreads * kPerThread; ++i)
        expected << i;
    EXPECT_EQ(seen, expected);
    const Result<std::optional<AttackCounterRecord>> stored =
        counters().find(u"acme"_s, kIp, u"192.0.2.1"_s);
    ASSERT_OK(stored);
    ASSERT_TRUE(stored->has_value());
    EXPECT_EQ((*stored)->failures, kThreads * kPerThread);
}

TEST_P(AttackCounterRepositoryTest, UnblockingAUserRemovesItsCountersOnly) {
    const Result<UserRecord> bob = store().users().create(user(u"acme"_s, u"bob@example.com"_s));
    ASSERT_OK(bob);
    rememberChangeLog();
    const QString bobs = AttackCounterRepository::userIpSubject(bob->userId, u"192.0.2.9"_s);
    for (int i = 0; i < 3; ++i) {
        ASSERT_OK(fail(kUserIp, aliceFrom(u"192.0.2.1"_s)));
        ASSERT_OK(fail(kUserIp, aliceFrom(u"192.0.2.2"_s)));
        ASSERT_OK(fail(kUserIp, bobs));
        ASSERT_OK(fail(kIp, u"192.0.2.1"_s));
    }
    ASSERT_OK(fail(kUserIp, aliceFrom(u"192.0.2.3"_s))); // counted, not blocked

    const Result<QList<AttackCounterRecord>> blocks =
        counters().listBlocksForUser(u"acme"_s, m_userId);
    ASSERT_OK(blocks);
    ASSERT_EQ(blocks->size(), 2);
    EXPECT_EQ(blocks->at(0).subject, aliceFrom(u"192.0.2.1"_s));
    EXPECT_EQ(blocks->at(1).subject, aliceFrom(u"192.0.2.2"_s));

    const Result<int> unblocked = counters().unblockUser(u"acme"_s, m_userId);
    ASSERT_OK(unblocked);
    EXPECT_EQ(*unblocked, 3);
    EXPECT_FALSE(blocked(kUserIp, aliceFrom(u"192.0.2.1"_s)));
    EXPECT_TRUE(blocked(kUserIp, bobs));
    EXPECT_TRUE(blocked(kIp, u"192.0.2.1"_s));
    const Result<QList<AttackCounterRecord>> none =
        counters().listBlocksForUser(u"acme"_s, m_userId);
    ASSERT_OK(none);
    EXPECT_TRUE(none->isEmpty());

    ASSERT_OK(counters().reset(u"acme"_s, kIp, u"192.0.2.1"_s));
    EXPECT_FALSE(blocked(kIp, u"192.0.2.1"_s));
    ASSERT_OK(counters().reset(u"acme"_s, kIp, u"192.0.2.1"_s)); // nothing left: still fine
    const Result<std::optional<AttackCounterRecord>> gone =
        counters().find(u"acme"_s, kIp, u"192.0.2.1"_s);
    ASSERT_OK(gone);
    EXPECT_FALSE(gone->has_value());
    expectNothingLogged();
}

TEST_P(AttackCounterRepositoryTest, BadCountersAreRefused) {
    ASSERT_OK(store().tenants().create(tenant(u"beta"_s)));
    expectError(fail(kUserIp, u"192.0.2.1"_s), "invalid_request");    // no user
    expectError(fail(kUserIp, m_userId + u"|"_s), "invalid_request"); // no IP
    expectError(fail(kUserIp, u"auth0|nobody|192.0.2.1"_s), "not_found");
    expectError(fail(kIp, u"192.0.2.1"_s, 0), "invalid_request");
    expectError(counters().recordFailure(u"nowhere"_s, kIp, u"192.0.2.1"_s, 1h, 3, 15min),
                "not_found");
    expectError(counters().recordFailure(u"acme"_s, kIp, u"192.0.2.1"_s, 0ms, 3, 15min),
                "invalid_request");
    EXPECT_EQ(countRows(db(), u"attack_counters"_s), 0);
    // Counters are per tenant.
    ASSERT_OK(fail(kIp, u"192.0.2.1"_s, 1));
    const Result<bool> elsewhere = counters().isBlocked(u"beta"_s, kIp, u"192.0.2.1"_s);
    ASSERT_OK(elsewhere);
    EXPECT_FALSE(*elsewhere);
}

GATEHOUSE_INSTANTIATE_ENGINES(AttackCounterRepositoryTest);

} // namespace
} // namespace gatehouse::store::test
