// /userinfo, /oauth/introspect, /oauth/revoke and /oidc/logout over a real store and catalog,
// with tokens signed by the tenant's key: what the integration tests cannot reach easily (blocked
// users, expired tokens and hints, client credentials tokens, audiences of APIs).
#include "OidcTestSupport.h"

#include "identity/SessionService.h"
#include "loginui/LoginPageRenderer.h"
#include "oidc/AccessTokenClaims.h"
#include "oidc/IdTokenClaims.h"
#include "oidc/IntrospectionEndpoint.h"
#include "oidc/LogoutEndpoint.h"
#include "oidc/RevocationEndpoint.h"
#include "oidc/TokenInspector.h"
#include "oidc/UserinfoEndpoint.h"

namespace gatehouse::oidc {
namespace {

using namespace Qt::StringLiterals;
using test::call;
using test::jsonOf;
using test::kAcmeIssuer;

constexpr char kWebSecret[] = "web-secret-0123456789";
const QString kCallback = u"https://app.example.com/cb"_s;
const QString kLoggedOut = u"https://app.example.com/bye"_s;

class UserEndpointsTest : public ::testing::Test, public test::OidcEnvironment {
protected:
    void SetUp() override {
        addStandardTenant(u"acme"_s);
        addStandardTenant(u"globex"_s);
        addLoginClient(u"acme"_s, u"web"_s, u"regular_web"_s, {kCallback}, kWebSecret);
        Result<std::optional<store::ClientRecord>> web =
            store().clients().find(u"acme"_s, u"web"_s);
        ASSERT_TRUE(web.ok() && web->has_value());
        (*web)->allowedLogoutUrls = {kLoggedOut};
        ASSERT_TRUE(store().clients().update(**web).ok());
        refresh();
        store::UserRecord user;
        user.tenant = u"acme"_s;
        user.email = u"alice@example.com"_s;
        user.emailVerified = true;
        user.name = u"Alice"_s;
        Result<store::UserRecord> created = store().users().create(user);
        ASSERT_TRUE(created.ok()) << created.error().toString().toStdString();
        m_user = *created;
        m_grant = newGrant();
    }

    QString newGrant() {
        store::GrantRecord grant;
        grant.tenant = u"acme"_s;
        grant.clientId = u"web"_s;
        grant.userId = m_user.userId;
        grant.scope = u"openid profile email"_s;
        Result<store::GrantRecord> created = store().grants().create(grant, std::chrono::hours(24));
        EXPECT_TRUE(created.ok()) << created.error().toString().toStdString();
        return created ? created->id : QString();
    }

    QByteArray accessToken(const QString& scope = u"openid profile email"_s,
                           const QString& audience = kAcmeIssuer + u"userinfo"_s,
                           const QString& tenant = u"acme"_s) const {
        const qint64 now = clock.now().toSecsSinceEpoch();
        const AccessTokenClaims claims{u"https://localhost:8443/t/"_s + tenant + u"/"_s,
                                       m_user.userId,
                                       audience,
                                       u"web"_s,
                                       scope,
                                       {},
                                       "jti-1",
                                       now,
                                       now + 600,
                                       m_grant};
        return snapshot(tenant)->signingKey()->signAccessToken(claims.toJson());
    }

    QByteArray idToken(const QString& audience = u"web"_s, const QString& tenant = u"acme"_s) {
        IdTokenClaims claims;
        claims.issuer = u"https://localhost:8443/t/"_s + tenant + u"/"_s;
        claims.subject = m_user.userId;
        claims.audience = audience;
        claims.issuedAt = clock.now().toSecsSinceEpoch();
        claims.expiresAt = claims.issuedAt + 600;
        claims.authTime = claims.issuedAt;
        return snapshot(tenant)->signingKey()->signIdToken(claims.toJson());
    }

    static http::HttpRequest request(http::Method method, const QByteArray& target) {
        http::HttpRequest request(method, target);
        request.addHeader("Host", "localhost:8443");
        return request;
    }

    http::HttpResponse getUserinfo(const QByteArray& token,
                                   const QByteArray& target = "/t/acme/userinfo") const {
        return call(
            userinfo.handler(),
            request(http::Method::Get, target).addHeader("Authorization", "Bearer " + token));
    }

    http::HttpResponse introspect(const QByteArray& token) const {
        return call(introspection.handler(),
                    request(http::Method::Post, "/t/acme/oauth/introspect")
                        .addHeader("Content-Type", test::kForm)
                        .addHeader("Authorization", test::basic("web", kWebSecret))
                        .setBody("token=" + QUrl::toPercentEncoding(QString::fromLatin1(token))));
    }

    http::HttpResponse logoutWith(const QByteArray& query) const {
        return call(logout.oidcHandler(),
                    request(http::Method::Get, "/t/acme/oidc/logout?" + query));
    }

    identity::SessionService sessions{store()};
    loginui::LoginPageRenderer pages = loginui::LoginPageRenderer::create().value();
    TokenInspector inspector{store(), verifier, clock.clock()};
    UserinfoEndpoint userinfo{resolver, store(), verifier};
    IntrospectionEndpoint introspection{resolver, inspector};
    RevocationEndpoint revocation{resolver, store(), inspector};
    LogoutEndpoint logout{resolver, sessions, pages, clock.clock()};
    store::UserRecord m_user;
    QString m_grant;
};

TEST_F(UserEndpointsTest, UserinfoReturnsTheClaimsOfTheGrantedScopes) {
    http::HttpResponse response = getUserinfo(accessToken());
    ASSERT_EQ(response.status(), 200) << response.body().toStdString();
    QJsonObject claims = jsonOf(response);
    EXPECT_EQ(claims.value("sub"_L1).toString(), m_user.userId);
    EXPECT_EQ(claims.value("email"_L1).toString(), u"alice@example.com"_s);
    EXPECT_EQ(claims.value("name"_L1).toString(), u"Alice"_s);
    // Only what the token's scopes release.
    claims = jsonOf(getUserinfo(accessToken(u"openid email"_s)));
    EXPECT_FALSE(claims.contains("name"_L1));
    EXPECT_TRUE(claims.contains("email"_L1));
}

TEST_F(UserEndpointsTest, UserinfoAcceptsApiTokensWithOpenidOnly) {
    EXPECT_EQ(getUserinfo(accessToken(u"openid read"_s, u"https://api.example"_s)).status(), 200);
    const http::HttpResponse noOpenid =
        getUserinfo(accessToken(u"read"_s, u"https://api.example"_s));
    EXPECT_EQ(noOpenid.status(), 403);
    EXPECT_TRUE(noOpenid.header("WWW-Authenticate").contains("insufficient_scope"));
    // An audience that is not the tenant's.
    EXPECT_EQ(getUserinfo(accessToken(u"openid"_s, u"https://elsewhere.example"_s)).status(), 401);
    // A client credentials token: no openid, no grant.
    EXPECT_EQ(getUserinfo(issue()).status(), 403);
}

TEST_F(UserEndpointsTest, UserinfoRefusesRevokedGrantsBlockedUsersAndOtherTenants) {
    const QByteArray token = accessToken();
    const http::HttpResponse elsewhere = getUserinfo(token, "/t/globex/userinfo");
    EXPECT_EQ(elsewhere.status(), 401);
    EXPECT_TRUE(elsewhere.header("WWW-Authenticate").contains("error=\"invalid_token\""));
    EXPECT_TRUE(elsewhere.header("WWW-Authenticate")
                    .contains("realm=\"https://localhost:8443/t/globex/\""));

    ASSERT_TRUE(store().grants().revoke(u"acme"_s, m_grant, u"test"_s).ok());
    EXPECT_EQ(getUserinfo(token).status(), 401);

    m_grant = newGrant();
    store::UserRecord blocked = m_user;
    blocked.blocked = true;
    ASSERT_TRUE(store().users().update(blocked).ok());
    EXPECT_EQ(getUserinfo(accessToken()).status(), 401);
}

TEST_F(UserEndpointsTest, UserinfoRefusesExpiredTokens) {
    const QByteArray token = accessToken();
    clock.advance(600 + 31);
    EXPECT_EQ(getUserinfo(token).status(), 401);
}

TEST_F(UserEndpointsTest, IntrospectionOfClientCredentialsAndForeignTokens) {
    const QJsonObject machine = jsonOf(introspect(issue()));
    EXPECT_EQ(machine.value("active"_L1), QJsonValue(true));
    EXPECT_EQ(machine.value("gty"_L1).toString(), u"client-credentials"_s);
    EXPECT_EQ(machine.value("sub"_L1).toString(), u"app@clients"_s);
    EXPECT_FALSE(machine.contains("gid"_L1));
    const QJsonObject inactive{{u"active"_s, false}};
    EXPECT_EQ(jsonOf(introspect(issue(u"globex"_s))), inactive);
    EXPECT_EQ(jsonOf(introspect(accessToken({}, kAcmeIssuer + u"userinfo"_s, u"globex"_s))),
              inactive);
    const QByteArray token = accessToken();
    EXPECT_EQ(jsonOf(introspect(token)).value("active"_L1), QJsonValue(true));
    clock.advance(600 + 31);
    EXPECT_EQ(jsonOf(introspect(token)), inactive);
}

TEST_F(UserEndpointsTest, RevocationNeedsClientAuthenticationAndKeepsOthersTokens) {
    const QByteArray token = accessToken();
    // The API client "app" did not get this token: nothing happens.
    http::HttpResponse response =
        call(revocation.handler(),
             request(http::Method::Post, "/t/acme/oauth/revoke")
                 .addHeader("Content-Type", test::kJson)
                 .addHeader("Authorization", test::basic("app", kSecret))
                 .setBody("{\"token\":\"" + token + "\",\"token_type_hint\":\"access_token\"}"));
    EXPECT_EQ(response.status(), 200) << response.body().toStdString();
    EXPECT_EQ(getUserinfo(token).status(), 200);
    response = call(revocation.handler(), request(http::Method::Post, "/t/acme/oauth/revoke")
                                              .addHeader("Content-Type", test::kForm)
                                              .setBody("client_id=web&token=" + token));
    EXPECT_EQ(response.status(), 401);
    EXPECT_EQ(jsonOf(response).value("error"_L1).toString(), u"invalid_client"_s);
    response =
        call(revocation.handler(), request(http::Method::Post, "/t/acme/oauth/revoke")
                                       .addHeader("Content-Type", test::kForm)
                                       .addHeader("Authorization", test::basic("web", kWebSecret))
                                       .setBody("token=" + token));
    EXPECT_EQ(response.status(), 200);
    EXPECT_EQ(getUserinfo(token).status(), 401);
}

TEST_F(UserEndpointsTest, LogoutAcceptsAnExpiredIdTokenHintOfThisTenantOnly) {
    const QByteArray hint = idToken();
    clock.advance(3600);
    const QByteArray redirect =
        "&post_logout_redirect_uri=" + QUrl::toPercentEncoding(kLoggedOut) + "&state=a%26b";
    http::HttpResponse response = logoutWith("id_token_hint=" + hint + redirect);
    ASSERT_EQ(response.status(), 302) << response.body().toStdString();
    EXPECT_EQ(response.header("Location"), "https://app.example.com/bye?state=a%26b");
    EXPECT_TRUE(response.header("Set-Cookie").startsWith("gh_session=;"));

    // An access token, another tenant's ID token, a hint for another client than client_id.
    for (const QByteArray& query :
         {QByteArray("id_token_hint=" + accessToken() + redirect),
          QByteArray("id_token_hint=" + idToken(u"web"_s, u"globex"_s) + redirect),
          QByteArray("client_id=web&id_token_hint=" + idToken(u"app"_s) + redirect),
          QByteArray("client_id=nobody" + redirect), QByteArray(redirect.mid(1)),
          // The callback is not an allowed logout URL.
          QByteArray("id_token_hint=" + hint +
                     "&post_logout_redirect_uri=" + QUrl::toPercentEncoding(kCallback))}) {
        response = logoutWith(query);
        EXPECT_EQ(response.status(), 400) << query.toStdString();
        EXPECT_TRUE(response.header("Location").isEmpty());
        EXPECT_TRUE(response.header("Set-Cookie").isEmpty());
    }
    // Nothing to go back to: the message page.
    response = logoutWith("client_id=web");
    EXPECT_EQ(response.status(), 200);
    EXPECT_TRUE(response.body().contains("You are logged out"));
}

} // namespace
} // namespace gatehouse::oidc
