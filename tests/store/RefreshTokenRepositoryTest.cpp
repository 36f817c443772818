#include "TransactionalTestSupport.h"

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace gatehouse::store::test {
namespace {

using Outcome = RefreshRotation::Outcome;

// Grants and the refresh tokens that belong to them.
class RefreshTokenRepositoryTest : public TransactionalTest {
protected:
    void SetUp() override {
        TransactionalTest::SetUp();
        if (HasFatalFailure())
            return;
        const Result<GrantRecord> created = grants().create(grantRecord(u"session"_s), 24h);
        ASSERT_OK(created);
        m_grant = *created;
    }

    [[nodiscard]] GrantRecord grantRecord(const QString& session) const {
        GrantRecord record;
        record.tenant = u"acme"_s;
        record.clientId = m_clientId;
        record.userId = m_userId;
        record.sessionHash = secretHash(session);
        record.codeHash = secretHash(u"code"_s);
        record.scope = u"openid offline_access"_s;
        return record;
    }

    Result<RefreshTokenRecord> issue(const QString& seed, const RefreshTokenPolicy& policy) {
        RefreshTokenRecord token;
        token.tokenHash = secretHash(seed);
        token.tenant = u"acme"_s;
        token.grantId = m_grant.id;
        return tokens().issue(token, policy);
    }

    Result<RefreshRotation> rotate(const QString& from, const QString& to,
                                   const RefreshTokenPolicy& policy) {
        return tokens().rotate(u"acme"_s, m_clientId, secretHash(from), secretHash(to), policy);
    }

    [[nodiscard]] bool grantActive() {
        const Result<bool> active = grants().isActive(u"acme"_s, m_grant.id);
        EXPECT_OK(active);
        return active && *active;
    }

    GrantRepository& grants() { return store().grants(); }
    RefreshTokenRepository& tokens() { return store().refreshTokens(); }

    GrantRecord m_grant;
    RefreshTokenPolicy m_policy{1h, 30s};
};

TEST_P(RefreshTokenRepositoryTest, GrantsAreRevokedOnceWithTheirFirstReason) {
    EXPECT_TRUE(m_grant.id.startsWith(u"gr_"_s));
    EXPECT_EQ(m_grant.expiresAt, m_clock.now().addDays(1));
    const Result<std::optional<GrantRecord>> found = grants().find(u"acme"_s, m_grant.id);
    ASSERT_OK(found);
    ASSERT_TRUE(found->has_value());
    EXPECT_EQ(**found, m_grant);
    EXPECT_TRUE(grantActive());

    ASSERT_OK(grants().revoke(u"acme"_s, m_grant.id, u"logout"_s));
    m_clock.advance(1000);
    ASSERT_OK(grants().revoke(u"acme"_s, m_grant.id, u"revocation"_s));
    EXPECT_FALSE(grantActive());
    const Result<std::optional<GrantRecord>> revoked = grants().find(u"acme"_s, m_grant.id);
    ASSERT_OK(revoked);
    EXPECT_EQ((*revoked)->revokedReason, u"logout"_s);
    EXPECT_EQ((*revoked)->revokedAt, m_clock.now().addMSecs(-1000));
    expectError(grants().revoke(u"acme"_s, u"gr_missing"_s, u"logout"_s), "not_found");
    expectError(grants().revoke(u"acme"_s, m_grant.id, QString()), "invalid_request");
    expectNothingLogged();
}

TEST_P(RefreshTokenRepositoryTest, GrantsAreRevokedBySessionAndByUserAndClient) {
    ASSERT_OK(grants().create(grantRecord(u"session"_s), 24h));
    const Result<GrantRecord> other = grants().create(grantRecord(u"other session"_s), 24h);
    ASSERT_OK(other);
    const Result<int> bySession =
        grants().revokeForSession(u"acme"_s, secretHash(u"session"_s), u"logout"_s);
    ASSERT_OK(bySession);
    EXPECT_EQ(*bySession, 2);
    EXPECT_FALSE(grantActive());
    const Result<bool> otherActive = grants().isActive(u"acme"_s, other->id);
    ASSERT_OK(otherActive);
    EXPECT_TRUE(*otherActive);
    const Result<int> byClient =
        grants().revokeForUserAndClient(u"acme"_s, m_userId, m_clientId, u"consent_revoked"_s);
    ASSERT_OK(byClient);
    EXPECT_EQ(*byClient, 1); // the others were revoked already
    const Result<int> none = grants().revokeForUser(u"acme"_s, m_userId, u"password_changed"_s);
    ASSERT_OK(none);
    EXPECT_EQ(*none, 0);

    GrantRecord stranger = grantRecord(u"s"_s);
    stranger.userId = u"auth0|nobody"_s;
    expectError(grants().create(stranger, 24h), "not_found");
    expectError(grants().create(grantRecord(u"s"_s), 0ms), "invalid_request");
    const Result<GrantRecord> later = grants().create(grantRecord(u"s"_s), 24h);
    ASSERT_OK(later);
    m_clock.advance(24 * 3600'000 - 1);
    const Result<bool> active = grants().isActive(u"acme"_s, later->id);
    ASSERT_OK(active);
    EXPECT_TRUE(*active);
    m_clock.advance(1);
    const Result<bool> expired = grants().isActive(u"acme"_s, later->id);
    ASSERT_OK(expired);
    EXPECT_FALSE(*expired);
}

TEST_P(RefreshTokenRepositoryTest, RotationReplacesATokenAndExtendsTheIdleExpiry) {
    const Result<RefreshTokenRecord> first = issue(u"t0"_s, m_policy);
    ASSERT_OK(first);
    EXPECT_EQ(first->clientId, m_clientId);
    EXPECT_EQ(first->idleExpiresAt, m_clock.now().addSecs(3600));

    m_clock.advance(50 * 60'000);
    const Result<RefreshRotation> rotated = rotate(u"t0"_s, u"t1"_s, m_policy);
    ASSERT_OK(rotated);
    EXPECT_EQ(rotated->outcome, Outcome::Rotated);
    EXPECT_EQ(rotated->grant, m_grant);
    EXPECT_EQ(rotated->token.tokenHash, secretHash(u"t1"_s));
    EXPECT_EQ(rotated->token.idleExpiresAt, m_clock.now().addSecs(3600));
    const Result<std::optional<RefreshTokenRecord>> old =
        tokens().find(u"acme"_s, secretHash(u"t0"_s));
    ASSERT_OK(old);
    EXPECT_EQ((*old)->rotatedAt, m_clock.now());
    EXPECT_EQ((*old)->replacedByHash, secretHash(u"t1"_s));

    m_clock.advance(50 * 60'000); // 100 minutes after the first token: alive through rotation
    ASSERT_OK(rotate(u"t1"_s, u"t2"_s, m_policy));
    const Result<QList<RefreshTokenRecord>> family = tokens().listForGrant(u"acme"_s, m_grant.id);
    ASSERT_OK(family);
    EXPECT_EQ(family->size(), 3);
    expectNothingLogged();
}

TEST_P(RefreshTokenRepositoryTest, AnUnusedTokenExpiresWhenIdle) {
    ASSERT_OK(issue(u"t0"_s, m_policy));
    m_clock.advance(3600'000);
    expectError(rotate(u"t0"_s, u"t1"_s, m_policy), "invalid_grant");
    EXPECT_TRUE(grantActive());
}

TEST_P(RefreshTokenRepositoryTest, TheGrantsAbsoluteExpiryEndsTheFamily) {
    const Result<GrantRecord> shortLived = grants().create(grantRecord(u"s"_s), 2h);
    ASSERT_OK(shortLived);
    m_grant = *shortLived;
    ASSERT_OK(issue(u"t0"_s, m_policy));
    m_clock.advance(50 * 60'000);
    ASSERT_OK(rotate(u"t0"_s, u"t1"_s, m_policy));
    m_clock.advance(50 * 60'000);
    const Result<RefreshRotation> capped = rotate(u"t1"_s, u"t2"_s, m_policy);
    ASSERT_OK(capped);
    EXPECT_EQ(capped->token.idleExpiresAt, m_grant.expiresAt);
    m_clock.advance(20 * 60'000);
    expectError(rotate(u"t2"_s, u"t3"_s, m_policy), "invalid_grant");
    expectError(issue(u"t9"_s, m_policy), "invalid_grant");
}

TEST_P(RefreshTokenRepositoryTest, ReuseWithinTheIntervalIsExchangedToo) {
    ASSERT_OK(issue(u"t0"_s, m_policy));
    ASSERT_OK(rotate(u"t0"_s, u"t1"_s, m_policy));
    m_clock.advance(30'000); // the edge of the interval: still a concurrent refresh
    const Result<RefreshRotation> again = rotate(u"t0"_s, u"t1b"_s, m_policy);
    ASSERT_OK(again);
    EXPECT_EQ(again->outcome, Outcome::Rotated);
    EXPECT_EQ(again->token.tokenHash, secretHash(u"t1b"_s));
    EXPECT_TRUE(grantActive());
    // Both successors work.
    ASSERT_OK(rotate(u"t1"_s, u"t2"_s, m_policy));
    ASSERT_OK(rotate(u"t1b"_s, u"t2b"_s, m_policy));
    const Result<std::optional<RefreshTokenRecord>> old =
        tokens().find(u"acme"_s, secretHash(u"t0"_s));
    ASSERT_OK(old);
    EXPECT_EQ((*old)->rotatedAt, m_clock.now().addMSecs(-30'000)); // not moved by the reuse
}

TEST_P(RefreshTokenRepositoryTest, ReuseAfterTheIntervalRevokesTheGrantAndEveryToken) {
    ASSERT_OK(issue(u"t0"_s, m_policy));
    ASSERT_OK(rotate(u"t0"_s, u"t1"_s, m_policy));
    m_clock.advance(30'001);
    const Result<RefreshRotation> reused = rotate(u"t0"_s, u"stolen"_s, m_policy);
    ASSERT_OK(reused);
    EXPECT_EQ(reused->outcome, Outcome::ReuseDetected);
    EXPECT_EQ(reused->grant.revokedReason,
              QString::fromLatin1(GrantRepository::kRefreshTokenReuse));
    EXPECT_EQ(reused->grant.revokedAt, m_clock.now());
    EXPECT_TRUE(reused->token.tokenHash.isEmpty());
    EXPECT_FALSE(grantActive());
    const Result<std::optional<RefreshTokenRecord>> stolen =
        tokens().find(u"acme"_s, secretHash(u"stolen"_s));
    ASSERT_OK(stolen);
    EXPECT_FALSE(stolen->has_value());
    // The legitimate successor dies with the family, and so does the old token.
    expectError(rotate(u"t1"_s, u"t2"_s, m_policy), "invalid_grant");
    expectError(rotate(u"t0"_s, u"t2"_s, m_policy), "invalid_grant");
    expectNothingLogged();
}

TEST_P(RefreshTokenRepositoryTest, WithoutAReuseIntervalReuseInTheSameMillisecondIsDetected) {
    RefreshTokenPolicy strict = m_policy;
    strict.reuseInterval = std::chrono::milliseconds(0);
    ASSERT_OK(issue(u"t0"_s, strict));
    ASSERT_OK(rotate(u"t0"_s, u"t1"_s, strict));
    const Result<RefreshRotation> reused = rotate(u"t0"_s, u"again"_s, strict); // clock unmoved
    ASSERT_OK(reused);
    EXPECT_EQ(reused->outcome, Outcome::ReuseDetected);
    EXPECT_FALSE(grantActive());
}

TEST_P(RefreshTokenRepositoryTest, ARevokedGrantsTokensAreRefused) {
    ASSERT_OK(issue(u"t0"_s, m_policy));
    ASSERT_OK(grants().revoke(u"acme"_s, m_grant.id, u"logout"_s));
    expectError(rotate(u"t0"_s, u"t1"_s, m_policy), "invalid_grant");
    expectError(issue(u"t9"_s, m_policy), "invalid_grant");
    const Result<std::optional<RefreshTokenRecord>> old =
        tokens().find(u"acme"_s, secretHash(u"t0"_s));
    ASSERT_OK(old);
    EXPECT_FALSE((*old)->rotatedAt.isValid());
}

TEST_P(RefreshTokenRepositoryTest, ATokenIsBoundToItsClientAndTenant) {
    ASSERT_OK(store().tenants().create(tenant(u"beta"_s)));
    ASSERT_OK(issue(u"t0"_s, m_policy));
    expectError(tokens().rotate(u"acme"_s, u"another-client"_s, secretHash(u"t0"_s),
                                secretHash(u"t1"_s), m_policy),
                "invalid_grant");
    expectError(
        tokens().rotate(u"beta"_s, m_clientId, secretHash(u"t0"_s), secretHash(u"t1"_s), m_policy),
        "invalid_grant");
    expectError(rotate(u"unknown"_s, u"t1"_s, m_policy), "invalid_grant");
    // None of those used the token up.
    ASSERT_OK(rotate(u"t0"_s, u"t1"_s, m_policy));

    RefreshTokenRecord foreign;
    foreign.tokenHash = secretHash(u"t5"_s);
    foreign.tenant = u"acme"_s;
    foreign.grantId = m_grant.id;
    foreign.clientId = u"another-client"_s;
    expectError(tokens().issue(foreign, m_policy), "invalid_request");
    foreign.grantId = u"gr_missing"_s;
    expectError(tokens().issue(foreign, m_policy), "not_found");
    expectError(issue(u"t1"_s, m_policy), "conflict");
    expectError(issue(u"t6"_s, RefreshTokenPolicy{0ms, 0ms}), "invalid_request");
}

GATEHOUSE_INSTANTIATE_ENGINES(RefreshTokenRepositoryTest);

} // namespace
} // namespace gatehouse::store::test
