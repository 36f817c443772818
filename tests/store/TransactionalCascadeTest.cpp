#include "TransactionalTestSupport.h"

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace gatehouse::store::test {
namespace {

const QStringList kTables{u"login_sessions"_s, u"authorization_codes"_s, u"grants"_s,
                          u"refresh_tokens"_s, u"attack_counters"_s,     u"password_resets"_s};

// Transactional rows go with their user, their tenant and (codes, grants, tokens) their client.
class TransactionalCascadeTest : public TransactionalTest {
protected:
    void SetUp() override {
        TransactionalTest::SetUp();
        if (!HasFatalFailure())
            populate();
    }

    void populate() {
        LoginSessionRecord session;
        session.idHash = secretHash(u"session"_s);
        session.tenant = u"acme"_s;
        session.userId = m_userId;
        session.connection = u"Username-Password-Authentication"_s;
        ASSERT_OK(store().loginSessions().create(session, 30min, 8h));

        AuthorizationCodeRecord code;
        code.codeHash = secretHash(u"code"_s);
        code.tenant = u"acme"_s;
        code.clientId = m_clientId;
        code.redirectUri = u"https://app.example.com/callback"_s;
        code.userId = m_userId;
        code.scope = u"openid"_s;
        ASSERT_OK(store().authorizationCodes().create(code, 60s));

        GrantRecord grant;
        grant.tenant = u"acme"_s;
        grant.clientId = m_clientId;
        grant.userId = m_userId;
        grant.scope = u"openid offline_access"_s;
        const Result<GrantRecord> created = store().grants().create(grant, 24h);
        ASSERT_OK(created);
        RefreshTokenRecord token;
        token.tokenHash = secretHash(u"refresh"_s);
        token.tenant = u"acme"_s;
        token.grantId = created->id;
        ASSERT_OK(store().refreshTokens().issue(token, RefreshTokenPolicy{}));

        ASSERT_OK(store().attackCounters().recordFailure(
            u"acme"_s, AttackCounterKind::UserIp,
            AttackCounterRepository::userIpSubject(m_userId, u"192.0.2.1"_s), 1h, 3, 15min));
        ASSERT_OK(store().attackCounters().recordFailure(u"acme"_s, AttackCounterKind::Ip,
                                                         u"192.0.2.1"_s, 1h, 3, 15min));

        PasswordResetRecord reset;
        reset.tokenHash = secretHash(u"reset"_s);
        reset.tenant = u"acme"_s;
        reset.userId = m_userId;
        ASSERT_OK(store().passwordResets().create(reset, 1h));

        for (const QString& table : kTables)
            ASSERT_GT(countRows(db(), table), 0) << table.toStdString();
        expectNothingLogged();
    }
};

TEST_P(TransactionalCascadeTest, DeletingAUserRemovesItsSessionsCodesGrantsTokensAndCounters) {
    ASSERT_OK(store().users().remove(u"acme"_s, m_userId));
    for (const QString& table : kTables) {
        // The IP counter belongs to no user.
        const qint64 left = table == u"attack_counters"_s ? 1 : 0;
        EXPECT_EQ(countRows(db(), table), left) << table.toStdString();
    }
}

TEST_P(TransactionalCascadeTest, DeletingATenantRemovesAllOfIt) {
    ASSERT_OK(store().tenants().remove(u"acme"_s));
    for (const QString& table : kTables)
        EXPECT_EQ(countRows(db(), table), 0) << table.toStdString();
}

TEST_P(TransactionalCascadeTest, DeletingAClientRemovesWhatItWasIssued) {
    ASSERT_OK(store().clients().remove(u"acme"_s, m_clientId));
    EXPECT_EQ(countRows(db(), u"authorization_codes"_s), 0);
    EXPECT_EQ(countRows(db(), u"grants"_s), 0);
    EXPECT_EQ(countRows(db(), u"refresh_tokens"_s), 0);
    EXPECT_EQ(countRows(db(), u"login_sessions"_s), 1);
}

GATEHOUSE_INSTANTIATE_ENGINES(TransactionalCascadeTest);

} // namespace
} // namespace gatehouse::store::test
