// Brute-force protection and IP throttling over a real store, on SQLite and PostgreSQL, with the
// store's fake clock.

#include "identity/AttackProtection.h"

#include "store/TransactionalTestSupport.h"

#include <QJsonDocument>
#include <QMutex>
#include <QSqlQuery>
#include <QStringList>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace gatehouse::identity::test {
namespace {

using store::test::TransactionalTest;
using Verdict = Decision::Verdict;

// The lines logged on gatehouse.security while it lives.
class SecurityLogCapture final {
public:
    SecurityLogCapture() { s_previous = qInstallMessageHandler(&handler); }
    ~SecurityLogCapture() { qInstallMessageHandler(s_previous); }
    SecurityLogCapture(const SecurityLogCapture&) = delete;
    SecurityLogCapture& operator=(const SecurityLogCapture&) = delete;

    [[nodiscard]] QList<QJsonObject> events() const {
        QMutexLocker lock(&s_mutex);
        QList<QJsonObject> result;
        for (const QString& line : s_lines)
            result.append(QJsonDocument::fromJson(line.toUtf8()).object());
        return result;
    }
    void clear() {
        QMutexLocker lock(&s_mutex);
        s_lines.clear();
    }

private:
    static void handler(QtMsgType type, const QMessageLogContext& context, const QString& message) {
        if (context.category && qstrcmp(context.category, "gatehouse.security") == 0) {
            QMutexLocker lock(&s_mutex);
            s_lines.append(message);
            return;
        }
        if (s_previous)
            s_previous(type, context, message);
    }

    static inline QtMessageHandler s_previous = nullptr;
    static inline QMutex s_mutex;
    static inline QStringList s_lines;
};

class AttackProtectionTest : public TransactionalTest {
protected:
    void SetUp() override {
        TransactionalTest::SetUp();
        if (HasFatalFailure())
            return;
        m_protection.emplace(store());
        const Result<store::UserRecord> bob =
            store().users().create(store::test::user(u"acme"_s, u"bob@example.com"_s));
        ASSERT_OK(bob);
        m_bobId = bob->userId;
        rememberChangeLog();
    }

    [[nodiscard]] static store::TenantRecord acme(const QJsonObject& settings = {}) {
        store::TenantRecord record;
        record.id = u"acme"_s;
        record.settings = settings;
        return record;
    }

    [[nodiscard]] LoginAttempt alice(const QString& ip = u"203.0.113.7"_s) const {
        return {u"alice@example.com"_s, m_userId, ip};
    }
    [[nodiscard]] LoginAttempt bob(const QString& ip = u"203.0.113.7"_s) const {
        return {u"bob@example.com"_s, m_bobId, ip};
    }
    [[nodiscard]] static LoginAttempt unknown(const QString& identifier,
                                              const QString& ip = u"203.0.113.7"_s) {
        return {identifier, std::nullopt, ip};
    }

    Verdict check(const LoginAttempt& attempt, const store::TenantRecord& tenant = acme()) {
        const Result<Decision> decision = protection().check(tenant, attempt);
        EXPECT_OK(decision);
        return decision ? decision->verdict : Verdict::Allowed;
    }
    Decision fail(const LoginAttempt& attempt, const store::TenantRecord& tenant = acme()) {
        const Result<Decision> decision = protection().recordFailure(tenant, attempt);
        EXPECT_OK(decision);
        return decision ? *decision : Decision{};
    }
    // `count` failures that must all still be allowed.
    void failAllowed(const LoginAttempt& attempt, int count,
                     const store::TenantRecord& tenant = acme()) {
        for (int i = 0; i < count; ++i)
            ASSERT_EQ(fail(attempt, tenant).verdict, Verdict::Allowed) << "failure " << i + 1;
    }

    AttackProtection& protection() { return *m_protection; }

    static constexpr qint64 kMinute = 60'000;

    std::optional<AttackProtection> m_protection;
    QString m_bobId;
};

TEST_P(AttackProtectionTest, TenFailuresBlockTheUserFromThatIpOnly) {
    SecurityLogCapture log;
    failAllowed(alice(), 9);
    EXPECT_EQ(check(alice()), Verdict::Allowed);

    const Decision tenth = fail(alice());
    EXPECT_EQ(tenth.verdict, Verdict::UserBlocked);
    EXPECT_EQ(tenth.until, m_clock.now().addSecs(3600));
    EXPECT_EQ(check(alice()), Verdict::UserBlocked);
    EXPECT_EQ(check(alice(u"198.51.100.1"_s)), Verdict::Allowed); // same user, another IP
    EXPECT_EQ(check(bob()), Verdict::Allowed);                    // another user, same IP

    const Error error = tenth.toError();
    EXPECT_EQ(error.code, QByteArrayLiteral("too_many_attempts"));
    EXPECT_EQ(error.message,
              u"Your account has been blocked after multiple consecutive login attempts."_s);

    const QList<QJsonObject> events = log.events();
    ASSERT_EQ(events.size(), 2); // the block, then the refused check
    EXPECT_EQ(events[0].value(u"event"_s).toString(), u"blocked"_s);
    EXPECT_EQ(events[0].value(u"kind"_s).toString(), u"user_blocked"_s);
    EXPECT_EQ(events[0].value(u"tenant"_s).toString(), u"acme"_s);
    EXPECT_EQ(events[0].value(u"user_id"_s).toString(), m_userId);
    EXPECT_EQ(events[0].value(u"ip"_s).toString(), u"203.0.113.7"_s);
    EXPECT_EQ(events[0].value(u"failures"_s).toInt(), 10);
    EXPECT_EQ(events[1].value(u"event"_s).toString(), u"refused"_s);
    expectNothingLogged();
}

TEST_P(AttackProtectionTest, ASuccessResetsThePair) {
    failAllowed(alice(), 9);
    ASSERT_OK(protection().recordSuccess(acme(), alice()));
    failAllowed(alice(), 9);
    EXPECT_EQ(check(alice()), Verdict::Allowed);
    EXPECT_EQ(fail(alice()).verdict, Verdict::UserBlocked);
}

// After check(): a pair with failures on record is reset; one without any costs no write.
TEST_P(AttackProtectionTest, ASuccessAfterCheckResetsOnlyWhatWasCounted) {
    const Result<Decision> clean = protection().check(acme(), alice());
    ASSERT_OK(clean);
    EXPECT_FALSE(clean->pairFailuresOnRecord);
    failAllowed(alice(), 9);
    // The failures came after that check: a success answering it leaves them counted.
    ASSERT_OK(protection().recordSuccess(acme(), alice(), *clean));
    EXPECT_EQ(fail(alice()).verdict, Verdict::UserBlocked);

    failAllowed(bob(), 9);
    const Result<Decision> counted = protection().check(acme(), bob());
    ASSERT_OK(counted);
    EXPECT_TRUE(counted->pairFailuresOnRecord);
    ASSERT_OK(protection().recordSuccess(acme(), bob(), *counted));
    failAllowed(bob(), 9);
    EXPECT_EQ(check(bob()), Verdict::Allowed);
}

TEST_P(AttackProtectionTest, TheBlockEndsAfterBlockMinutes) {
    const store::TenantRecord tenant =
        acme({{u"brute_force_protection"_s, QJsonObject{{u"block_minutes"_s, 15}}}});
    failAllowed(alice(), 9, tenant);
    EXPECT_EQ(fail(alice(), tenant).verdict, Verdict::UserBlocked);
    m_clock.advance(14 * kMinute);
    EXPECT_EQ(check(alice(), tenant), Verdict::UserBlocked);
    m_clock.advance(kMinute);
    EXPECT_EQ(check(alice(), tenant), Verdict::Allowed);
    // Counting starts over after a block.
    failAllowed(alice(), 9, tenant);
    EXPECT_EQ(fail(alice(), tenant).verdict, Verdict::UserBlocked);
}

TEST_P(AttackProtectionTest, UnblockLiftsEveryBlockOfTheUser) {
    failAllowed(alice(), 9);
    ASSERT_EQ(fail(alice()).verdict, Verdict::UserBlocked);
    failAllowed(alice(u"198.51.100.1"_s), 9);
    ASSERT_EQ(fail(alice(u"198.51.100.1"_s)).verdict, Verdict::UserBlocked);
    failAllowed(bob(), 9);
    ASSERT_EQ(fail(bob()).verdict, Verdict::UserBlocked);

    const Result<int> unblocked = protection().unblock(u"acme"_s, m_userId);
    ASSERT_OK(unblocked);
    EXPECT_EQ(*unblocked, 2);
    EXPECT_EQ(check(alice()), Verdict::Allowed);
    EXPECT_EQ(check(alice(u"198.51.100.1"_s)), Verdict::Allowed);
    EXPECT_EQ(check(bob()), Verdict::UserBlocked);
}

TEST_P(AttackProtectionTest, AnIpFailingAcrossManyIdentifiersIsThrottled) {
    SecurityLogCapture log;
    for (int i = 0; i < 99; ++i) {
        const Decision decision = fail(unknown(u"user%1@example.com"_s.arg(i)));
        ASSERT_EQ(decision.verdict, Verdict::Allowed) << "failure " << i + 1;
    }
    const Decision hundredth = fail(unknown(u"user99@example.com"_s));
    EXPECT_EQ(hundredth.verdict, Verdict::IpThrottled);
    EXPECT_EQ(hundredth.retryAfterSeconds, 3600);
    EXPECT_EQ(hundredth.toError().httpStatus, 429);

    m_clock.advance(10 * kMinute);
    // Every identifier from that IP, known or not, gets the 429 with the time left.
    for (const LoginAttempt& attempt : {alice(), bob(), unknown(u"someone-new"_s)}) {
        const Result<Decision> decision = protection().check(acme(), attempt);
        ASSERT_OK(decision);
        EXPECT_EQ(decision->verdict, Verdict::IpThrottled);
        EXPECT_EQ(decision->retryAfterSeconds, 3000);
    }
    EXPECT_EQ(check(alice(u"198.51.100.1"_s)), Verdict::Allowed);
    // A success does not lift the throttle.
    ASSERT_OK(protection().recordSuccess(acme(), alice()));
    EXPECT_EQ(check(alice()), Verdict::IpThrottled);

    const QList<QJsonObject> events = log.events();
    ASSERT_FALSE(events.isEmpty());
    EXPECT_EQ(events.first().value(u"kind"_s).toString(), u"ip_throttled"_s);
    EXPECT_EQ(events.first().value(u"event"_s).toString(), u"blocked"_s);
    EXPECT_EQ(events.first().value(u"ip"_s).toString(), u"203.0.113.7"_s);

    m_clock.advance(50 * kMinute);
    EXPECT_EQ(check(alice()), Verdict::Allowed);
}

TEST_P(AttackProtectionTest, ThrottlingFollowsTheTenantsSettings) {
    const store::TenantRecord tenant =
        acme({{u"suspicious_ip_throttling"_s,
               QJsonObject{{u"max_attempts"_s, 5}, {u"window_minutes"_s, 10}}}});
    for (int i = 0; i < 4; ++i)
        ASSERT_EQ(fail(unknown(u"u%1"_s.arg(i)), tenant).verdict, Verdict::Allowed);
    const Decision fifth = fail(unknown(u"u4"_s), tenant);
    EXPECT_EQ(fifth.verdict, Verdict::IpThrottled);
    EXPECT_EQ(fifth.retryAfterSeconds, 600);
    ASSERT_OK(protection().unthrottle(u"acme"_s, u"::ffff:203.0.113.7"_s));
    EXPECT_EQ(check(alice(), tenant), Verdict::Allowed);
}

TEST_P(AttackProtectionTest, UnknownIdentifiersAreBlockedLikeUsers) {
    failAllowed(unknown(u"mallory@example.com"_s), 9);
    const Decision blocked = fail(unknown(u"  Mallory@Example.COM "_s));
    EXPECT_EQ(blocked.verdict, Verdict::UserBlocked);
    EXPECT_EQ(blocked.toError().code, QByteArrayLiteral("too_many_attempts"));
    Decision userBlocked;
    userBlocked.verdict = Verdict::UserBlocked;
    EXPECT_EQ(blocked.toError().message, userBlocked.toError().message); // same as for a user
    EXPECT_EQ(blocked.until, m_clock.now().addSecs(3600));
    EXPECT_EQ(check(unknown(u"mallory@example.com"_s)), Verdict::UserBlocked);
    EXPECT_EQ(check(unknown(u"mallory@example.com"_s, u"198.51.100.1"_s)), Verdict::Allowed);
    EXPECT_EQ(check(unknown(u"trudy@example.com"_s)), Verdict::Allowed);

    // The identifier itself is not stored (it may be a password typed in the wrong field).
    Result<QSqlQuery> rows = db().exec(u"SELECT subject FROM attack_counters"_s);
    ASSERT_OK(rows);
    int count = 0;
    while (rows->next()) {
        ++count;
        EXPECT_FALSE(rows->value(0).toString().contains(u"mallory"_s, Qt::CaseInsensitive));
    }
    rows->finish();
    EXPECT_EQ(count, 2); // the identifier+IP pair and the IP
}

TEST_P(AttackProtectionTest, DisabledProtectionAlwaysAllows) {
    const store::TenantRecord tenant =
        acme({{u"brute_force_protection"_s, QJsonObject{{u"enabled"_s, false}}},
              {u"suspicious_ip_throttling"_s,
               QJsonObject{{u"enabled"_s, false}, {u"max_attempts"_s, 3}}}});
    failAllowed(alice(), 20, tenant);
    for (int i = 0; i < 10; ++i)
        ASSERT_EQ(fail(unknown(u"u%1"_s.arg(i)), tenant).verdict, Verdict::Allowed);
    EXPECT_EQ(check(alice(), tenant), Verdict::Allowed);
    EXPECT_EQ(store::test::countRows(db(), u"attack_counters"_s), 0);

    // Turning it back on does not count what happened while it was off.
    EXPECT_EQ(check(alice()), Verdict::Allowed);
    EXPECT_EQ(fail(alice()).verdict, Verdict::Allowed);
}

TEST_P(AttackProtectionTest, CountersSurviveARestart) {
    failAllowed(alice(), 9);
    {
        Result<store::Store> restarted = openAnother(m_clock.function());
        ASSERT_OK(restarted);
        AttackProtection another(*restarted);
        const Result<Decision> tenth = another.recordFailure(acme(), alice());
        ASSERT_OK(tenth);
        EXPECT_EQ(tenth->verdict, Verdict::UserBlocked);
    }
    Result<store::Store> again = openAnother(m_clock.function());
    ASSERT_OK(again);
    const Result<Decision> seen = AttackProtection(*again).check(acme(), alice());
    ASSERT_OK(seen);
    EXPECT_EQ(seen->verdict, Verdict::UserBlocked);
}

TEST_P(AttackProtectionTest, MappedIpv4AndOneIpv6Slash64ShareABudget) {
    failAllowed(alice(u"::ffff:203.0.113.9"_s), 5);
    failAllowed(alice(u"203.0.113.9"_s), 4);
    EXPECT_EQ(fail(alice(u"::FFFF:203.0.113.9"_s)).verdict, Verdict::UserBlocked);
    EXPECT_EQ(check(alice(u"203.0.113.9"_s)), Verdict::UserBlocked);

    failAllowed(bob(u"2001:db8:1:2::1"_s), 5);
    failAllowed(bob(u"2001:db8:1:2:ffff:ffff:ffff:fffe"_s), 4);
    EXPECT_EQ(fail(bob(u"2001:0db8:0001:0002:abcd::9"_s)).verdict, Verdict::UserBlocked);
    EXPECT_EQ(check(bob(u"2001:db8:1:2::77"_s)), Verdict::UserBlocked);
    EXPECT_EQ(check(bob(u"2001:db8:1:3::1"_s)), Verdict::Allowed); // the next /64
}

TEST_P(AttackProtectionTest, AFailureForADeletedUserIsAnError) {
    const LoginAttempt ghost{u"ghost@example.com"_s, u"auth0|ffffffffffffffffffffffff"_s,
                             u"203.0.113.7"_s};
    store::test::expectError(protection().recordFailure(acme(), ghost), "not_found");
    // Nothing half-counted: the IP's failure, counted first, was rolled back with it.
    EXPECT_EQ(store::test::countRows(db(), u"attack_counters"_s), 0);
}

GATEHOUSE_INSTANTIATE_ENGINES(AttackProtectionTest);

TEST(AttackProtectionSettings, DefaultsAndLenientReading) {
    const AttackProtectionSettings defaults = AttackProtectionSettings::fromTenantSettings({});
    EXPECT_TRUE(defaults.bruteForce.enabled);
    EXPECT_EQ(defaults.bruteForce.maxAttempts, 10);
    EXPECT_EQ(defaults.bruteForce.block, 60min);
    EXPECT_TRUE(defaults.ipThrottling.enabled);
    EXPECT_EQ(defaults.ipThrottling.maxAttempts, 100);
    EXPECT_EQ(defaults.ipThrottling.window, 60min);

    const AttackProtectionSettings set = AttackProtectionSettings::fromTenantSettings(
        {{u"brute_force_protection"_s,
          QJsonObject{{u"enabled"_s, false}, {u"max_attempts"_s, 3}, {u"block_minutes"_s, 5}}},
         {u"suspicious_ip_throttling"_s,
          QJsonObject{{u"max_attempts"_s, 1000}, {u"window_minutes"_s, 1440}}}});
    EXPECT_FALSE(set.bruteForce.enabled);
    EXPECT_EQ(set.bruteForce.maxAttempts, 3);
    EXPECT_EQ(set.bruteForce.block, 5min);
    EXPECT_TRUE(set.ipThrottling.enabled);
    EXPECT_EQ(set.ipThrottling.maxAttempts, 1000);
    EXPECT_EQ(set.ipThrottling.window, 1440min);

    const AttackProtectionSettings garbage = AttackProtectionSettings::fromTenantSettings(
        {{u"brute_force_protection"_s,
          QJsonObject{{u"enabled"_s, u"no"_s}, {u"max_attempts"_s, 0}, {u"block_minutes"_s, 2.5}}},
         {u"suspicious_ip_throttling"_s, u"off"_s}});
    EXPECT_TRUE(garbage.bruteForce.enabled);
    EXPECT_EQ(garbage.bruteForce.maxAttempts, 10);
    EXPECT_EQ(garbage.bruteForce.block, 60min);
    EXPECT_TRUE(garbage.ipThrottling.enabled);
}

} // namespace
} // namespace gatehouse::identity::test
