// SSO sessions over a real store, on SQLite and PostgreSQL, with the store's fake clock.

#include "identity/SessionService.h"

#include "crypto/Digest.h"
#include "crypto/Random.h"
#include "store/TransactionalTestSupport.h"

#include <QSqlQuery>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace gatehouse::identity::test {
namespace {

using store::test::TransactionalTest;

class SessionServiceTest : public TransactionalTest {
protected:
    void SetUp() override {
        TransactionalTest::SetUp();
        if (!HasFatalFailure())
            m_sessions.emplace(store());
    }

    [[nodiscard]] store::TenantRecord acme(const QJsonObject& settings = {}) const {
        store::TenantRecord record;
        record.id = u"acme"_s;
        record.settings = settings;
        return record;
    }

    [[nodiscard]] NewSession start(const store::TenantRecord& tenant,
                                   const CookieScope& scope = CookieScope::tenantPath(u"acme"_s,
                                                                                      true)) {
        Result<NewSession> created =
            sessions().create(tenant, m_userId, u"Username-Password-Authentication"_s,
                              u"203.0.113.7"_s, u"Mozilla/5.0"_s, QDateTime(), scope);
        EXPECT_OK(created);
        return created ? *created : NewSession{};
    }

    [[nodiscard]] std::optional<store::LoginSessionRecord> find(const store::TenantRecord& tenant,
                                                                QByteArrayView cookie) {
        Result<std::optional<store::LoginSessionRecord>> found = sessions().find(tenant, cookie);
        EXPECT_OK(found);
        return found ? *found : std::nullopt;
    }

    static constexpr qint64 kMinute = 60'000;
    static constexpr qint64 kHour = 60 * kMinute;

    std::optional<SessionService> m_sessions;
    SessionService& sessions() { return *m_sessions; }
};

TEST_P(SessionServiceTest, CreateSetsTheCookieAndStoresOnlyTheHash) {
    const NewSession session = start(acme());
    EXPECT_EQ(session.cookieValue.size(), 43); // 32 bytes, base64url
    EXPECT_EQ(session.record.idHash, crypto::sha256(session.cookieValue));
    EXPECT_EQ(session.record.userId, m_userId);
    EXPECT_EQ(session.record.authTime, m_clock.now());
    EXPECT_EQ(session.record.expiresAt, m_clock.now().addSecs(168 * 3600));
    EXPECT_EQ(session.record.idleExpiresAt, m_clock.now().addSecs(72 * 3600));

    const QByteArray header = session.cookie.toHeaderValue();
    EXPECT_TRUE(header.startsWith(QByteArray("gh_session=" + session.cookieValue)))
        << header.constData();
    for (const char* attribute :
         {"Path=/t/acme/", "HttpOnly", "Secure", "SameSite=Lax", "Max-Age=604800"})
        EXPECT_TRUE(header.contains(attribute)) << header.constData() << " lacks " << attribute;

    // The secret itself is nowhere in the table: one row, keyed by the hash.
    Result<QSqlQuery> rows = db().exec(u"SELECT id_hash FROM login_sessions"_s);
    ASSERT_OK(rows);
    ASSERT_TRUE(rows->next());
    EXPECT_EQ(rows->value(0).toByteArray(), crypto::sha256(session.cookieValue));
    EXPECT_FALSE(rows->next());
    rows->finish();
    const std::optional<store::LoginSessionRecord> found = find(acme(), session.cookieValue);
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(*found, session.record);
    expectNothingLogged();
}

TEST_P(SessionServiceTest, CookieScopeFollowsTheDomainAndTheScheme) {
    const NewSession own = start(acme(), CookieScope::ownDomain(false));
    const QByteArray header = own.cookie.toHeaderValue();
    EXPECT_TRUE(header.contains("Path=/;") || header.endsWith("Path=/")) << header.constData();
    EXPECT_FALSE(header.contains("Secure")) << header.constData();
    EXPECT_TRUE(header.contains("HttpOnly")) << header.constData();

    const NewSession shortLived =
        start(acme({{u"session_lifetime"_s, 2}, {u"idle_session_lifetime"_s, 1}}));
    EXPECT_EQ(shortLived.cookie.maxAgeSeconds, 2 * 3600);
    EXPECT_EQ(shortLived.record.idleExpiresAt, m_clock.now().addSecs(3600));
}

TEST_P(SessionServiceTest, IdleSessionsExpire) {
    const store::TenantRecord tenant =
        acme({{u"session_lifetime"_s, 10}, {u"idle_session_lifetime"_s, 1}});
    const NewSession session = start(tenant);
    m_clock.advance(59 * kMinute);
    ASSERT_TRUE(find(tenant, session.cookieValue).has_value()); // and extends the idle expiry
    m_clock.advance(59 * kMinute);
    ASSERT_TRUE(find(tenant, session.cookieValue).has_value());
    m_clock.advance(kHour + kMinute); // idle for more than an hour
    EXPECT_FALSE(find(tenant, session.cookieValue).has_value());
}

TEST_P(SessionServiceTest, TheAbsoluteLifetimeEndsEvenAnActiveSession) {
    const store::TenantRecord tenant =
        acme({{u"session_lifetime"_s, 2}, {u"idle_session_lifetime"_s, 1}});
    const NewSession session = start(tenant);
    for (int i = 0; i < 3; ++i) {
        m_clock.advance(40 * kMinute);
        if (i < 2) {
            const std::optional<store::LoginSessionRecord> found =
                find(tenant, session.cookieValue);
            ASSERT_TRUE(found.has_value()) << "after " << (i + 1) * 40 << " minutes";
            EXPECT_LE(found->idleExpiresAt, session.record.expiresAt);
        }
    }
    // 120 minutes after creation, 40 minutes after the last activity.
    EXPECT_FALSE(find(tenant, session.cookieValue).has_value());
}

TEST_P(SessionServiceTest, TouchesAreThrottledToOncePerMinute) {
    const NewSession session = start(acme());
    const QDateTime created = m_clock.now();

    m_clock.advance(30'000);
    std::optional<store::LoginSessionRecord> found = find(acme(), session.cookieValue);
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->lastActiveAt, created); // no write
    m_clock.advance(29'000);
    found = find(acme(), session.cookieValue);
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->lastActiveAt, created);

    m_clock.advance(1'000); // a minute since the last write
    found = find(acme(), session.cookieValue);
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->lastActiveAt, m_clock.now());
    EXPECT_EQ(found->idleExpiresAt, m_clock.now().addSecs(72 * 3600));
    const QDateTime touched = m_clock.now();

    m_clock.advance(10'000);
    const Result<std::optional<store::LoginSessionRecord>> stored =
        store().loginSessions().findActive(u"acme"_s, session.record.idHash);
    ASSERT_OK(stored);
    ASSERT_TRUE(stored->has_value());
    EXPECT_EQ((*stored)->lastActiveAt, touched);
    found = find(acme(), session.cookieValue);
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->lastActiveAt, touched);
}

TEST_P(SessionServiceTest, EndRemovesTheSessionAndRevokesItsGrants) {
    const NewSession session = start(acme());
    const NewSession other = start(acme());
    const auto grantFor = [&](const NewSession& owner) {
        store::GrantRecord grant;
        grant.tenant = u"acme"_s;
        grant.clientId = m_clientId;
        grant.userId = m_userId;
        grant.sessionHash = owner.record.idHash;
        grant.scope = u"openid offline_access"_s;
        Result<store::GrantRecord> created = store().grants().create(grant, 24h);
        EXPECT_OK(created);
        return created ? created->id : QString();
    };
    const QString first = grantFor(session);
    const QString second = grantFor(session);
    const QString unrelated = grantFor(other);

    const Result<http::SetCookie> ended =
        sessions().end(acme(), session.cookieValue, CookieScope::tenantPath(u"acme"_s, true));
    ASSERT_OK(ended);
    EXPECT_EQ(ended->name, QByteArrayLiteral("gh_session"));
    EXPECT_EQ(ended->maxAgeSeconds, 0);
    EXPECT_TRUE(ended->toHeaderValue().contains("Max-Age=0")) << ended->toHeaderValue().data();
    EXPECT_TRUE(ended->toHeaderValue().contains("Path=/t/acme/"));

    EXPECT_FALSE(find(acme(), session.cookieValue).has_value());
    for (const QString& id : {first, second}) {
        const Result<std::optional<store::GrantRecord>> grant =
            store().grants().find(u"acme"_s, id);
        ASSERT_OK(grant);
        ASSERT_TRUE(grant->has_value());
        EXPECT_TRUE((*grant)->revokedAt.isValid());
        EXPECT_EQ((*grant)->revokedReason, u"session_ended"_s);
    }
    const Result<bool> stillActive = store().grants().isActive(u"acme"_s, unrelated);
    ASSERT_OK(stillActive);
    EXPECT_TRUE(*stillActive);
    EXPECT_TRUE(find(acme(), other.cookieValue).has_value());

    // Logging out again, or with rubbish, still deletes the cookie.
    ASSERT_OK(sessions().end(acme(), session.cookieValue, CookieScope::ownDomain(true)));
    const Result<http::SetCookie> rubbish =
        sessions().end(acme(), "not a cookie", CookieScope::ownDomain(true));
    ASSERT_OK(rubbish);
    EXPECT_EQ(rubbish->maxAgeSeconds, 0);
    expectNothingLogged();
}

TEST_P(SessionServiceTest, MalformedAndUnknownCookiesAreNotFound) {
    const NewSession session = start(acme());
    QByteArray plus = session.cookieValue;
    plus[5] = '+';
    QByteArray padded = session.cookieValue.left(42) + '=';
    QByteArray shortValue = crypto::randomToken(16);
    const QList<QByteArray> cookies{
        QByteArray(),
        QByteArrayLiteral("abc"),
        plus,
        padded,
        session.cookieValue + 'A',
        session.cookieValue.left(42),
        shortValue,
        crypto::randomToken(32),             // well formed, unknown
        crypto::sha256(session.cookieValue), // the stored hash is not a cookie
        QByteArray(1 << 20, 'A'),
        QByteArray(43, '\0'),
    };
    for (const QByteArray& cookie : cookies)
        EXPECT_FALSE(find(acme(), cookie).has_value()) << cookie.left(60).toHex().constData();
    EXPECT_TRUE(find(acme(), session.cookieValue).has_value());
}

TEST_P(SessionServiceTest, AnotherTenantsCookieIsNotFound) {
    ASSERT_OK(store().tenants().create(store::test::tenant(u"globex"_s)));
    ASSERT_OK(store().users().create(store::test::user(u"globex"_s, u"alice@example.com"_s)));
    const NewSession session = start(acme());
    store::TenantRecord globex;
    globex.id = u"globex"_s;
    EXPECT_FALSE(find(globex, session.cookieValue).has_value());
    const Result<http::SetCookie> ended =
        sessions().end(globex, session.cookieValue, CookieScope::tenantPath(u"globex"_s, true));
    ASSERT_OK(ended);
    EXPECT_TRUE(find(acme(), session.cookieValue).has_value()); // globex cannot end it
}

TEST_P(SessionServiceTest, TheTokenSidIsStableAndNotTheSecret) {
    const NewSession session = start(acme());
    const NewSession other = start(acme());
    const QString sid = SessionService::sessionIdForToken(session.record);
    EXPECT_EQ(sid.size(), 22); // 16 bytes, base64url
    EXPECT_EQ(sid, SessionService::sessionIdForToken(*find(acme(), session.cookieValue)));
    EXPECT_NE(sid, SessionService::sessionIdForToken(other.record));
    EXPECT_FALSE(session.cookieValue.contains(sid.toLatin1()));
    EXPECT_NE(sid.toLatin1(),
              session.record.idHash
                  .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals)
                  .left(22));
}

TEST_P(SessionServiceTest, AnUnknownUserGetsNoSession) {
    const Result<NewSession> created =
        sessions().create(acme(), u"auth0|000000000000000000000000"_s, u"x"_s, u"203.0.113.7"_s,
                          QString(), QDateTime(), CookieScope::ownDomain(true));
    store::test::expectError(created, "not_found");
}

GATEHOUSE_INSTANTIATE_ENGINES(SessionServiceTest);

TEST(SessionSettings, DefaultsAndLenientReading) {
    const SessionSettings defaults = SessionSettings::fromTenantSettings({});
    EXPECT_EQ(defaults.lifetime, 168h);
    EXPECT_EQ(defaults.idleTimeout, 72h);

    const SessionSettings set = SessionSettings::fromTenantSettings(
        {{u"session_lifetime"_s, 24}, {u"idle_session_lifetime"_s, 0.5}});
    EXPECT_EQ(set.lifetime, 24h);
    EXPECT_EQ(set.idleTimeout, 30min);

    // An absolute lifetime below the default idle one caps it.
    EXPECT_EQ(SessionSettings::fromTenantSettings({{u"session_lifetime"_s, 8}}).idleTimeout, 8h);

    const SessionSettings garbage = SessionSettings::fromTenantSettings(
        {{u"session_lifetime"_s, u"lots"_s}, {u"idle_session_lifetime"_s, -3}});
    EXPECT_EQ(garbage.lifetime, 168h);
    EXPECT_EQ(garbage.idleTimeout, 72h);
}

TEST(CookieScope, TenantPathAndOwnDomain) {
    EXPECT_EQ(CookieScope::tenantPath(u"acme"_s, true).path, QByteArrayLiteral("/t/acme/"));
    EXPECT_TRUE(CookieScope::tenantPath(u"acme"_s, true).secure);
    EXPECT_EQ(CookieScope::ownDomain(false).path, QByteArrayLiteral("/"));
    EXPECT_FALSE(CookieScope::ownDomain(false).secure);
}

} // namespace
} // namespace gatehouse::identity::test
