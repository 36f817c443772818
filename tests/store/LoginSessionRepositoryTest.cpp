#include "TransactionalTestSupport.h"

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace gatehouse::store::test {
namespace {

class LoginSessionRepositoryTest : public TransactionalTest {
protected:
    [[nodiscard]] LoginSessionRecord session(const QString& seed) const {
        LoginSessionRecord record;
        record.idHash = secretHash(seed);
        record.tenant = u"acme"_s;
        record.userId = m_userId;
        record.connection = u"Username-Password-Authentication"_s;
        record.ip = u"203.0.113.7"_s;
        record.userAgent = u"Mozilla/5.0"_s;
        return record;
    }

    [[nodiscard]] bool isActive(const QString& seed) {
        const Result<std::optional<LoginSessionRecord>> found =
            store().loginSessions().findActive(u"acme"_s, secretHash(seed));
        EXPECT_OK(found);
        return found && found->has_value();
    }
};

TEST_P(LoginSessionRepositoryTest, ActivityKeepsASessionAliveUntilItIsIdle) {
    const Result<LoginSessionRecord> created =
        store().loginSessions().create(session(u"s1"_s), 30min, 8h);
    ASSERT_OK(created);
    EXPECT_EQ(created->createdAt, m_clock.now());
    EXPECT_EQ(created->authTime, m_clock.now());
    EXPECT_EQ(created->idleExpiresAt, m_clock.now().addSecs(30 * 60));
    EXPECT_EQ(created->expiresAt, m_clock.now().addSecs(8 * 3600));
    const Result<std::optional<LoginSessionRecord>> found =
        store().loginSessions().findActive(u"acme"_s, secretHash(u"s1"_s));
    ASSERT_OK(found);
    ASSERT_TRUE(found->has_value());
    EXPECT_EQ(**found, *created);

    m_clock.advance(29 * 60'000);
    const Result<LoginSessionRecord> touched =
        store().loginSessions().touch(u"acme"_s, secretHash(u"s1"_s), 30min);
    ASSERT_OK(touched);
    EXPECT_EQ(touched->lastActiveAt, m_clock.now());
    EXPECT_EQ(touched->idleExpiresAt, m_clock.now().addSecs(30 * 60));
    m_clock.advance(29 * 60'000);
    EXPECT_TRUE(isActive(u"s1"_s)); // 58 minutes after creation, thanks to the activity

    m_clock.advance(60'000); // 30 minutes idle
    EXPECT_FALSE(isActive(u"s1"_s));
    expectError(store().loginSessions().touch(u"acme"_s, secretHash(u"s1"_s), 30min), "not_found");
    expectNothingLogged();
}

TEST_P(LoginSessionRepositoryTest, TheAbsoluteExpiryEndsEvenAnActiveSession) {
    ASSERT_OK(store().loginSessions().create(session(u"s1"_s), 30min, 1h));
    for (int i = 0; i < 2; ++i) {
        m_clock.advance(20 * 60'000);
        ASSERT_OK(store().loginSessions().touch(u"acme"_s, secretHash(u"s1"_s), 30min));
    }
    m_clock.advance(15 * 60'000); // 55 minutes: the idle expiry is capped by the absolute one
    const Result<LoginSessionRecord> capped =
        store().loginSessions().touch(u"acme"_s, secretHash(u"s1"_s), 30min);
    ASSERT_OK(capped);
    EXPECT_EQ(capped->idleExpiresAt, capped->expiresAt);
    m_clock.advance(5 * 60'000 - 1);
    EXPECT_TRUE(isActive(u"s1"_s));
    m_clock.advance(1);
    EXPECT_FALSE(isActive(u"s1"_s));
    expectError(store().loginSessions().touch(u"acme"_s, secretHash(u"s1"_s), 30min), "not_found");
}

TEST_P(LoginSessionRepositoryTest, ASessionIsOnlyFoundInItsTenant) {
    ASSERT_OK(store().tenants().create(tenant(u"beta"_s)));
    ASSERT_OK(store().loginSessions().create(session(u"s1"_s), 30min, 8h));
    const Result<std::optional<LoginSessionRecord>> elsewhere =
        store().loginSessions().findActive(u"beta"_s, secretHash(u"s1"_s));
    ASSERT_OK(elsewhere);
    EXPECT_FALSE(elsewhere->has_value());
    expectError(store().loginSessions().touch(u"beta"_s, secretHash(u"s1"_s), 30min), "not_found");
    expectError(store().loginSessions().remove(u"beta"_s, secretHash(u"s1"_s)), "not_found");
    EXPECT_TRUE(isActive(u"s1"_s));
}

TEST_P(LoginSessionRepositoryTest, ClientsAreRememberedOnce) {
    ASSERT_OK(store().loginSessions().create(session(u"s1"_s), 30min, 8h));
    ASSERT_OK(store().loginSessions().addClient(u"acme"_s, secretHash(u"s1"_s), m_clientId));
    ASSERT_OK(store().loginSessions().addClient(u"acme"_s, secretHash(u"s1"_s), u"other"_s));
    ASSERT_OK(store().loginSessions().addClient(u"acme"_s, secretHash(u"s1"_s), m_clientId));
    const Result<std::optional<LoginSessionRecord>> found =
        store().loginSessions().findActive(u"acme"_s, secretHash(u"s1"_s));
    ASSERT_OK(found);
    ASSERT_TRUE(found->has_value());
    EXPECT_EQ((*found)->clients, (QStringList{m_clientId, u"other"_s}));
    expectError(store().loginSessions().addClient(u"acme"_s, secretHash(u"nope"_s), m_clientId),
                "not_found");
    expectNothingLogged();
}

TEST_P(LoginSessionRepositoryTest, SessionsAreRemovedOneByOneOrForAUser) {
    const Result<UserRecord> bob = store().users().create(user(u"acme"_s, u"bob@example.com"_s));
    ASSERT_OK(bob);
    rememberChangeLog();
    ASSERT_OK(store().loginSessions().create(session(u"a1"_s), 30min, 8h));
    ASSERT_OK(store().loginSessions().create(session(u"a2"_s), 30min, 8h));
    LoginSessionRecord bobs = session(u"b1"_s);
    bobs.userId = bob->userId;
    ASSERT_OK(store().loginSessions().create(bobs, 30min, 8h));

    const Result<int> removed = store().loginSessions().removeForUser(u"acme"_s, m_userId);
    ASSERT_OK(removed);
    EXPECT_EQ(*removed, 2);
    EXPECT_FALSE(isActive(u"a1"_s));
    EXPECT_TRUE(isActive(u"b1"_s));
    ASSERT_OK(store().loginSessions().remove(u"acme"_s, secretHash(u"b1"_s)));
    EXPECT_FALSE(isActive(u"b1"_s));
    expectError(store().loginSessions().remove(u"acme"_s, secretHash(u"b1"_s)), "not_found");
    expectNothingLogged();
}

TEST_P(LoginSessionRepositoryTest, BadSessionsAreRefused) {
    LoginSessionRecord shortHash = session(u"s1"_s);
    shortHash.idHash.chop(1);
    expectError(store().loginSessions().create(shortHash, 30min, 8h), "invalid_request");
    LoginSessionRecord stranger = session(u"s1"_s);
    stranger.userId = u"auth0|nobody"_s;
    expectError(store().loginSessions().create(stranger, 30min, 8h), "not_found");
    expectError(store().loginSessions().create(session(u"s1"_s), 0ms, 8h), "invalid_request");
    ASSERT_OK(store().loginSessions().create(session(u"s1"_s), 30min, 8h));
    expectError(store().loginSessions().create(session(u"s1"_s), 30min, 8h), "conflict");
    EXPECT_EQ(countRows(db(), u"login_sessions"_s), 1);
}

GATEHOUSE_INSTANTIATE_ENGINES(LoginSessionRepositoryTest);

} // namespace
} // namespace gatehouse::store::test
