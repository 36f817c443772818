// /userinfo, /oauth/revoke, /oauth/introspect, /v2/logout and /oidc/logout against the real
// gatehoused, after logging in through the browser flow as LoginFlowTest does (the owner
// administrator that `init` makes in the system tenant).
#include "Browser.h"
#include "CodeFlowClient.h"
#include "GatehousedProcess.h"
#include "IntegrationSupport.h"
#include "TokenTools.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QTest>
#include <QUrl>
#include <gtest/gtest.h>

#include <cstdlib>

namespace gatehouse::integration {
namespace {

using namespace Qt::StringLiterals;

const QString kSystem = u"system"_s;
const QString kCallback = u"https://app.example.com/callback"_s;
const QString kLoggedOut = u"https://app.example.com/logged-out"_s;
const QString kAllScopes = u"openid profile email offline_access"_s;
const QByteArray kSpaOrigin = "https://spa.example.com";
const Headers kForm = {{"Content-Type", "application/x-www-form-urlencoded"}};

QByteArray encoded(const QString& value) {
    return QUrl::toPercentEncoding(value);
}

struct Tokens {
    QString access;
    QString refresh;
    QString id;
};

class UserinfoRevocationLogoutTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        s_server = new GatehousedProcess;
        ASSERT_TRUE(s_server->init());
        ASSERT_TRUE(s_server->start());
        const QString token = s_server->systemToken();
        auto client = [&](const QString& name, const QString& type) {
            const Reply reply = s_server->management(
                "POST", kSystem, u"clients"_s, token,
                {{u"name"_s, name},
                 {u"app_type"_s, type},
                 {u"grant_types"_s, QJsonArray{u"authorization_code"_s, u"refresh_token"_s}},
                 {u"callbacks"_s, QJsonArray{kCallback}},
                 {u"allowed_logout_urls"_s, QJsonArray{kLoggedOut}}});
            EXPECT_EQ(reply.status, 201) << reply.describe();
            return std::pair{reply.json().value("client_id"_L1).toString(),
                             reply.json().value("client_secret"_L1).toString()};
        };
        std::tie(s_webId, s_webSecret) = client(u"web"_s, u"regular_web"_s);
        std::tie(s_otherId, s_otherSecret) = client(u"other"_s, u"regular_web"_s);
        s_nativeId = client(u"cli"_s, u"native"_s).first;
        const Reply spa =
            s_server->management("POST", kSystem, u"clients"_s, token,
                                 {{u"name"_s, u"spa"_s},
                                  {u"app_type"_s, u"spa"_s},
                                  {u"callbacks"_s, QJsonArray{u"https://spa.example.com/cb"_s}},
                                  {u"web_origins"_s, QJsonArray{QString::fromLatin1(kSpaOrigin)}}});
        EXPECT_EQ(spa.status, 201) << spa.describe();
        s_spaId = spa.json().value("client_id"_L1).toString();
        const QJsonObject admin = s_server->credentials().value("admin"_L1).toObject();
        s_email = admin.value("email"_L1).toString();
        s_password = admin.value("password"_L1).toString();
        s_issuer = s_server->issuer(kSystem);
        ASSERT_TRUE(s_server->waitForClient(kSystem, s_spaId)); // the last one made
    }
    static void TearDownTestSuite() {
        delete s_server;
        s_server = nullptr;
    }

    static CodeFlowClient web(const QString& scope = kAllScopes) {
        CodeFlowClient client(*s_server, kSystem, s_webId, s_webSecret, kCallback);
        client.scope = scope;
        return client;
    }
    static QByteArray authorizePath(const QString& scope = kAllScopes,
                                    const QByteArray& extra = {}) {
        return web(scope).authorizePath(extra);
    }

    // A full browser login and the code's redemption by the web client.
    static Tokens login(Browser& browser, const QString& scope = kAllScopes) {
        const CodeFlowClient client = web(scope);
        const Reply done = client.login(browser, client.authorizePath(), s_email, s_password);
        const Reply tokens = client.redeem(redirectParameter(done, u"code"_s));
        EXPECT_EQ(tokens.status, 200) << tokens.describe();
        const QJsonObject body = tokens.json();
        return {body.value("access_token"_L1).toString(), body.value("refresh_token"_L1).toString(),
                body.value("id_token"_L1).toString()};
    }

    static Headers withBasic(Headers headers, const QString& id, const QString& secret) {
        headers.append({"Authorization", basicAuthorization(id, secret)});
        return headers;
    }
    static Headers bearer(const QString& token) {
        return {{"Authorization", "Bearer " + token.toLatin1()}};
    }

    static Reply userinfo(const QString& accessToken, const QByteArray& tenant = "system") {
        return s_server->call("GET", "/t/" + tenant + "/userinfo", bearer(accessToken));
    }
    static Reply refresh(const QString& refreshToken) { return web().refresh(refreshToken); }
    static Reply revoke(const QString& token, const QString& id, const QString& secret) {
        return s_server->call("POST", "/t/system/oauth/revoke", withBasic(kForm, id, secret),
                              "token=" + encoded(token));
    }
    static Reply introspect(const QString& token, const QString& id, const QString& secret) {
        return s_server->call("POST", "/t/system/oauth/introspect", withBasic(kForm, id, secret),
                              "token=" + encoded(token));
    }

    static GatehousedProcess* s_server;
    static QString s_webId, s_webSecret, s_otherId, s_otherSecret, s_nativeId, s_spaId, s_email,
        s_password, s_issuer;
};

GatehousedProcess* UserinfoRevocationLogoutTest::s_server = nullptr;
QString UserinfoRevocationLogoutTest::s_webId, UserinfoRevocationLogoutTest::s_webSecret,
    UserinfoRevocationLogoutTest::s_otherId, UserinfoRevocationLogoutTest::s_otherSecret,
    UserinfoRevocationLogoutTest::s_nativeId, UserinfoRevocationLogoutTest::s_spaId,
    UserinfoRevocationLogoutTest::s_email, UserinfoRevocationLogoutTest::s_password,
    UserinfoRevocationLogoutTest::s_issuer;

TEST_F(UserinfoRevocationLogoutTest, UserinfoByHeaderAndByFormBody) {
    Browser browser(*s_server);
    const Tokens tokens = login(browser);
    Reply reply = userinfo(tokens.access);
    ASSERT_EQ(reply.status, 200) << reply.describe();
    const QJsonObject claims = reply.json();
    EXPECT_TRUE(claims.value("sub"_L1).toString().startsWith("auth0|"_L1));
    EXPECT_EQ(claims.value("email"_L1).toString(), s_email);
    EXPECT_EQ(reply.header("Cache-Control"), "no-store");

    reply = s_server->call("POST", "/t/system/userinfo", bearer(tokens.access));
    EXPECT_EQ(reply.status, 200) << reply.describe();
    EXPECT_EQ(reply.json(), claims);
    reply = s_server->call("POST", "/t/system/userinfo", kForm,
                           "access_token=" + encoded(tokens.access));
    EXPECT_EQ(reply.status, 200) << reply.describe();
    EXPECT_EQ(reply.json(), claims);

    // RFC 6750 §2: one method only.
    Headers both = kForm;
    both.append(bearer(tokens.access).constFirst());
    reply = s_server->call("POST", "/t/system/userinfo", both,
                           "access_token=" + encoded(tokens.access));
    EXPECT_EQ(reply.status, 400) << reply.describe();
    EXPECT_EQ(reply.errorCode(), u"invalid_request"_s);
    EXPECT_TRUE(reply.header("WWW-Authenticate").startsWith("Bearer "));

    // No token: a challenge without an error code (RFC 6750 §3.1); a bad one: invalid_token.
    reply = s_server->call("GET", "/t/system/userinfo");
    EXPECT_EQ(reply.status, 401);
    EXPECT_TRUE(reply.header("WWW-Authenticate").startsWith("Bearer realm="));
    EXPECT_FALSE(reply.header("WWW-Authenticate").contains("error="));
    reply = userinfo(u"not-a-token"_s);
    EXPECT_EQ(reply.status, 401);
    EXPECT_TRUE(reply.header("WWW-Authenticate").contains("error=\"invalid_token\""));
    // The ID token is not an access token.
    EXPECT_EQ(userinfo(tokens.id).status, 401);
}

TEST_F(UserinfoRevocationLogoutTest, UserinfoWithoutOpenidIsInsufficientScope) {
    Browser browser(*s_server);
    const Tokens tokens = login(browser, u"profile email"_s);
    ASSERT_FALSE(tokens.access.isEmpty());
    const Reply reply = userinfo(tokens.access);
    EXPECT_EQ(reply.status, 403) << reply.describe();
    EXPECT_EQ(reply.errorCode(), u"insufficient_scope"_s);
    EXPECT_TRUE(reply.header("WWW-Authenticate").contains("error=\"insufficient_scope\""));
}

TEST_F(UserinfoRevocationLogoutTest, AnotherTenantsTokenIsRefused) {
    Browser browser(*s_server);
    const Tokens tokens = login(browser);
    const Reply reply = userinfo(tokens.access, s_server->tenant().toUtf8());
    EXPECT_EQ(reply.status, 401) << reply.describe();
    EXPECT_EQ(reply.errorCode(), u"invalid_token"_s);
    // Introspection there says nothing about it either.
    const ClientCredentials management = s_server->managementClient();
    const Reply inspected =
        s_server->call("POST", "/t/" + s_server->tenant().toUtf8() + "/oauth/introspect",
                       withBasic(kForm, management.clientId, management.clientSecret),
                       "token=" + encoded(tokens.access));
    EXPECT_EQ(inspected.status, 200) << inspected.describe();
    EXPECT_EQ(inspected.json(), (QJsonObject{{u"active"_s, false}}));
}

TEST_F(UserinfoRevocationLogoutTest, LogoutEndsTheSessionAndItsTokens) {
    Browser browser(*s_server);
    const Tokens tokens = login(browser);
    ASSERT_EQ(userinfo(tokens.access).status, 200);
    const Reply loggedOut = browser.get("/t/system/v2/logout");
    EXPECT_EQ(loggedOut.status, 200) << loggedOut.describe();
    EXPECT_TRUE(loggedOut.body.contains("You are logged out"));
    bool deleted = false;
    for (const QByteArray& cookie : browser.lastSetCookies())
        deleted = deleted || (cookie.startsWith("gh_session=") && cookie.contains("Max-Age=0"));
    EXPECT_TRUE(deleted);
    EXPECT_EQ(userinfo(tokens.access).status, 401);
    EXPECT_EQ(refresh(tokens.refresh).errorCode(), u"invalid_grant"_s);
    // No session any more: prompt=none is login_required.
    const Reply silent = browser.get(authorizePath(kAllScopes, "&prompt=none"));
    EXPECT_EQ(Browser::redirectQuery(silent).queryItemValue(u"error"_s), u"login_required"_s);
}

TEST_F(UserinfoRevocationLogoutTest, Auth0LogoutReturnsOnlyToAllowedLogoutUrls) {
    Browser browser(*s_server);
    const Tokens tokens = login(browser);
    // Not an allowed logout URL (a callback is not one, nor is any near miss of the allowed
    // one), or no client to check it against: an error page, and nothing ended.
    QList<QByteArray> queries{"returnTo=" + encoded(kLoggedOut)};
    for (const QString& url :
         {u"https://evil.example/"_s, kCallback, QString(kLoggedOut + u"/"_s),
          QString(kLoggedOut + u"?x=1"_s), QString(kLoggedOut + u"#x"_s),
          u"https://APP.example.com/logged-out"_s, u"https://app.example.com/Logged-Out"_s,
          u"http://app.example.com/logged-out"_s, u"https://app.example.com:443/logged-out"_s,
          u"https://app.example.com/logged-out%2F"_s,
          u"https://app.example.com.evil.io/logged-out"_s})
        queries.append("returnTo=" + encoded(url) + "&client_id=" + encoded(s_webId));
    for (const QByteArray& query : queries) {
        const Reply bad = browser.get("/t/system/v2/logout?" + query);
        EXPECT_EQ(bad.status, 400) << query.toStdString() << bad.describe();
        EXPECT_FALSE(bad.hasHeader("Location"));
        EXPECT_TRUE(bad.header("Content-Type").startsWith("text/html"));
    }
    EXPECT_EQ(userinfo(tokens.access).status, 200);
    const Reply good = browser.get("/t/system/v2/logout?returnTo=" + encoded(kLoggedOut) +
                                   "&client_id=" + encoded(s_webId));
    EXPECT_EQ(good.status, 302) << good.describe();
    EXPECT_EQ(good.header("Location"), kLoggedOut.toUtf8());
    EXPECT_EQ(userinfo(tokens.access).status, 401);
}

TEST_F(UserinfoRevocationLogoutTest, OidcLogoutValidatesThePostLogoutRedirect) {
    Browser browser(*s_server);
    const Tokens tokens = login(browser);
    const Reply bad =
        browser.get("/t/system/oidc/logout?id_token_hint=" + encoded(tokens.id) +
                    "&post_logout_redirect_uri=" + encoded(u"https://app.example.com/elsewhere"_s) +
                    "&state=s-9");
    EXPECT_EQ(bad.status, 400) << bad.describe();
    EXPECT_FALSE(bad.hasHeader("Location"));
    EXPECT_TRUE(bad.header("Content-Type").startsWith("text/html"));
    // The redirect callback is not a logout URL.
    const Reply callback = browser.get("/t/system/oidc/logout?id_token_hint=" + encoded(tokens.id) +
                                       "&post_logout_redirect_uri=" + encoded(kCallback));
    EXPECT_EQ(callback.status, 400) << callback.describe();
    EXPECT_FALSE(callback.hasHeader("Location"));
    // A forged hint is refused the same way.
    const Reply forged = browser.get("/t/system/oidc/logout?id_token_hint=" +
                                     encoded(tokens.id.left(tokens.id.size() - 4) + u"AAAA"_s) +
                                     "&post_logout_redirect_uri=" + encoded(kLoggedOut));
    EXPECT_EQ(forged.status, 400) << forged.describe();
    EXPECT_FALSE(forged.hasHeader("Location"));
    EXPECT_EQ(userinfo(tokens.access).status, 200);

    const Reply good =
        browser.get("/t/system/oidc/logout?id_token_hint=" + encoded(tokens.id) +
                    "&post_logout_redirect_uri=" + encoded(kLoggedOut) + "&state=s%209");
    ASSERT_EQ(good.status, 302) << good.describe();
    EXPECT_EQ(good.header("Location"), QByteArray(kLoggedOut.toUtf8() + "?state=s%209"));
    EXPECT_EQ(userinfo(tokens.access).status, 401);

    // POST with client_id instead of the hint, and no session left: still a clean redirect.
    const Reply posted =
        browser.post("/t/system/oidc/logout",
                     {{u"client_id"_s, s_webId}, {u"post_logout_redirect_uri"_s, kLoggedOut}});
    EXPECT_EQ(posted.status, 302) << posted.describe();
    EXPECT_EQ(posted.header("Location"), kLoggedOut.toUtf8());
}

// The `sid` of ID tokens is the SSO session's public id: the same for every token of the
// session (code and refresh), another for another session, and neither the cookie nor the hash
// the store keeps of it.
TEST_F(UserinfoRevocationLogoutTest, IdTokensCarryTheSessionsPublicId) {
    Browser browser(*s_server);
    const Tokens first = login(browser);
    const QByteArray cookie = browser.cookie("gh_session");
    ASSERT_FALSE(cookie.isEmpty());
    const auto claims = decodeJwt(first.id);
    ASSERT_TRUE(claims);
    const QString sid = claims->claims.value("sid"_L1).toString();
    // The store keeps SHA-256 of the cookie as sent (SessionService::hashCookieValue).
    const QByteArray idHash = QCryptographicHash::hash(cookie, QCryptographicHash::Sha256);
    const QByteArray expected =
        QCryptographicHash::hash(QByteArray("sid" + idHash), QCryptographicHash::Sha256)
            .first(16)
            .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    EXPECT_EQ(sid.toLatin1(), expected);
    EXPECT_NE(sid.toLatin1(), cookie);
    EXPECT_FALSE(cookie.contains(sid.toLatin1()));
    EXPECT_NE(sid.toLatin1(),
              idHash.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));

    // The refreshed ID token names the same session.
    const Reply refreshed = refresh(first.refresh);
    ASSERT_EQ(refreshed.status, 200) << refreshed.describe();
    const auto again = decodeJwt(refreshed.json().value("id_token"_L1).toString());
    ASSERT_TRUE(again);
    EXPECT_EQ(again->claims.value("sid"_L1).toString(), sid);

    // Another browser, another session, another sid.
    Browser other(*s_server);
    const Tokens otherTokens = login(other);
    const auto otherClaims = decodeJwt(otherTokens.id);
    ASSERT_TRUE(otherClaims);
    const QString otherSid = otherClaims->claims.value("sid"_L1).toString();
    EXPECT_FALSE(otherSid.isEmpty());
    EXPECT_NE(otherSid, sid);

    // A hint whose sid is the browser's session logs it out.
    const Reply out = browser.get("/t/system/oidc/logout?id_token_hint=" + encoded(first.id) +
                                  "&post_logout_redirect_uri=" + encoded(kLoggedOut));
    ASSERT_EQ(out.status, 302) << out.describe();
    EXPECT_EQ(userinfo(first.access).status, 401);
    EXPECT_EQ(userinfo(otherTokens.access).status, 200);

    const Reply discovery = s_server->get("/t/system/.well-known/openid-configuration");
    EXPECT_TRUE(discovery.json().value("claims_supported"_L1).toArray().contains(u"sid"_s));
}

// CORS for single-page applications: the spa client lists kSpaOrigin as a web origin.
TEST_F(UserinfoRevocationLogoutTest, BrowserAppsGetCorsForTheirWebOriginsOnly) {
    Browser browser(*s_server);
    const Tokens tokens = login(browser);
    auto withOrigin = [](Headers headers, const QByteArray& origin) {
        headers.append({"Origin", origin});
        return headers;
    };
    auto noCors = [](const Reply& reply) {
        for (const auto& [name, value] : reply.headers) {
            if (name.toLower().startsWith("access-control-"))
                return false;
        }
        return true;
    };

    // Preflights: 204 naming methods and headers (the router answered 405 before).
    for (const auto& [path, methods] :
         QList<std::pair<QByteArray, QByteArray>>{{"/t/system/userinfo", "GET, POST"},
                                                  {"/t/system/oauth/token", "POST"},
                                                  {"/t/system/oauth/revoke", "POST"}}) {
        const Reply preflight =
            s_server->call("OPTIONS", path,
                           {{"Origin", kSpaOrigin},
                            {"Access-Control-Request-Method", "POST"},
                            {"Access-Control-Request-Headers", "authorization"}});
        EXPECT_EQ(preflight.status, 204) << path.toStdString() << preflight.describe();
        EXPECT_EQ(preflight.header("Access-Control-Allow-Origin"), kSpaOrigin);
        EXPECT_EQ(preflight.header("Access-Control-Allow-Methods"), methods);
        EXPECT_EQ(preflight.header("Access-Control-Allow-Headers"), "Authorization, Content-Type");
        EXPECT_FALSE(preflight.header("Access-Control-Max-Age").isEmpty());
        const Reply stranger = s_server->call(
            "OPTIONS", path,
            {{"Origin", "https://evil.example"}, {"Access-Control-Request-Method", "POST"}});
        EXPECT_EQ(stranger.status, 204);
        EXPECT_TRUE(noCors(stranger)) << stranger.describe();
    }

    // /userinfo: any client's web origin; the answer is shared, errors too.
    Reply info =
        s_server->call("GET", "/t/system/userinfo", withOrigin(bearer(tokens.access), kSpaOrigin));
    EXPECT_EQ(info.status, 200) << info.describe();
    EXPECT_EQ(info.header("Access-Control-Allow-Origin"), kSpaOrigin);
    EXPECT_EQ(info.header("Vary"), "Origin");
    info = s_server->call("GET", "/t/system/userinfo", withOrigin(bearer(u"x"_s), kSpaOrigin));
    EXPECT_EQ(info.status, 401);
    EXPECT_EQ(info.header("Access-Control-Allow-Origin"), kSpaOrigin);
    for (const QByteArray& origin :
         {QByteArray("https://evil.example"), QByteArray("null"), QByteArray(kSpaOrigin + "/"),
          QByteArray(kSpaOrigin + "/cb"), QByteArray("https://SPA.example.com"),
          QByteArray("https://spa.example.com:443"), QByteArray("http://spa.example.com")}) {
        const Reply other =
            s_server->call("GET", "/t/system/userinfo", withOrigin(bearer(tokens.access), origin));
        EXPECT_EQ(other.status, 200);
        EXPECT_TRUE(noCors(other)) << origin.toStdString() << other.describe();
    }

    // /oauth/token and /oauth/revoke: only the requesting client's web origins.
    const Reply spaToken = s_server->call(
        "POST", "/t/system/oauth/token", withOrigin(kForm, kSpaOrigin),
        "grant_type=authorization_code&code=nope&redirect_uri=x&client_id=" + encoded(s_spaId));
    EXPECT_EQ(spaToken.status, 400) << spaToken.describe();
    EXPECT_EQ(spaToken.errorCode(), u"invalid_grant"_s);
    EXPECT_EQ(spaToken.header("Access-Control-Allow-Origin"), kSpaOrigin);
    const Reply webToken =
        s_server->call("POST", "/t/system/oauth/token",
                       withOrigin(withBasic(kForm, s_webId, s_webSecret), kSpaOrigin),
                       "grant_type=refresh_token&refresh_token=" + encoded(tokens.refresh));
    EXPECT_EQ(webToken.status, 200) << webToken.describe();
    EXPECT_TRUE(noCors(webToken)) << webToken.describe();
    const Reply spaRevoke =
        s_server->call("POST", "/t/system/oauth/revoke", withOrigin(kForm, kSpaOrigin),
                       "token=unknown&client_id=" + encoded(s_spaId));
    EXPECT_EQ(spaRevoke.status, 200) << spaRevoke.describe();
    EXPECT_EQ(spaRevoke.header("Access-Control-Allow-Origin"), kSpaOrigin);
    const Reply caseChanged = s_server->call("POST", "/t/system/oauth/revoke",
                                             withOrigin(kForm, "https://Spa.example.com"),
                                             "token=unknown&client_id=" + encoded(s_spaId));
    EXPECT_TRUE(noCors(caseChanged)) << caseChanged.describe();
}

TEST_F(UserinfoRevocationLogoutTest, RevokingARefreshTokenRevokesItsFamily) {
    Browser browser(*s_server);
    const Tokens tokens = login(browser);
    const Reply rotated = refresh(tokens.refresh);
    ASSERT_EQ(rotated.status, 200) << rotated.describe();
    const QString next = rotated.json().value("refresh_token"_L1).toString();
    const QString nextAccess = rotated.json().value("access_token"_L1).toString();
    const Reply revoked = revoke(next, s_webId, s_webSecret);
    EXPECT_EQ(revoked.status, 200) << revoked.describe();
    EXPECT_TRUE(revoked.body.isEmpty());
    EXPECT_EQ(refresh(next).errorCode(), u"invalid_grant"_s);
    EXPECT_EQ(userinfo(tokens.access).status, 401);
    EXPECT_EQ(userinfo(nextAccess).status, 401);
}

TEST_F(UserinfoRevocationLogoutTest, RevokingAnAccessTokenRevokesItsGrant) {
    Browser browser(*s_server);
    const Tokens tokens = login(browser);
    EXPECT_EQ(revoke(tokens.access, s_webId, s_webSecret).status, 200);
    EXPECT_EQ(userinfo(tokens.access).status, 401);
    EXPECT_EQ(refresh(tokens.refresh).errorCode(), u"invalid_grant"_s);
}

TEST_F(UserinfoRevocationLogoutTest, RevocationByAnotherClientRevokesNothing) {
    Browser browser(*s_server);
    const Tokens tokens = login(browser);
    EXPECT_EQ(revoke(tokens.refresh, s_otherId, s_otherSecret).status, 200);
    EXPECT_EQ(revoke(tokens.access, s_otherId, s_otherSecret).status, 200);
    EXPECT_EQ(userinfo(tokens.access).status, 200);
    // Unknown tokens are fine too (RFC 7009 §2.2), a client that does not authenticate is not.
    EXPECT_EQ(revoke(u"no-such-token"_s, s_webId, s_webSecret).status, 200);
    const Reply anonymous =
        s_server->call("POST", "/t/system/oauth/revoke", kForm, "token=" + encoded(tokens.refresh));
    EXPECT_EQ(anonymous.status, 401) << anonymous.describe();
    EXPECT_EQ(revoke(tokens.refresh, s_webId, u"wrong-secret"_s).status, 401);
    const Reply missing = s_server->call("POST", "/t/system/oauth/revoke",
                                         withBasic(kForm, s_webId, s_webSecret), "x=1");
    EXPECT_EQ(missing.errorCode(), u"invalid_request"_s);
    // The family is intact.
    EXPECT_EQ(refresh(tokens.refresh).status, 200);
}

TEST_F(UserinfoRevocationLogoutTest, IntrospectionOfAccessAndRefreshTokens) {
    Browser browser(*s_server);
    const Tokens tokens = login(browser);
    Reply reply = introspect(tokens.access, s_webId, s_webSecret);
    ASSERT_EQ(reply.status, 200) << reply.describe();
    QJsonObject body = reply.json();
    EXPECT_EQ(body.value("active"_L1), QJsonValue(true));
    EXPECT_EQ(body.value("client_id"_L1).toString(), s_webId);
    EXPECT_EQ(body.value("iss"_L1).toString(), s_issuer);
    EXPECT_EQ(body.value("aud"_L1).toString(), s_issuer + u"userinfo"_s);
    EXPECT_EQ(body.value("token_type"_L1).toString(), u"Bearer"_s);
    EXPECT_EQ(body.value("scope"_L1).toString(), kAllScopes);
    EXPECT_TRUE(body.value("sub"_L1).toString().startsWith("auth0|"_L1));
    EXPECT_TRUE(body.value("exp"_L1).isDouble() && body.value("iat"_L1).isDouble());
    const QString grant = body.value("gid"_L1).toString();
    EXPECT_FALSE(grant.isEmpty());

    reply = introspect(tokens.refresh, s_webId, s_webSecret);
    body = reply.json();
    EXPECT_EQ(body.value("active"_L1), QJsonValue(true)) << reply.describe();
    EXPECT_EQ(body.value("gid"_L1).toString(), grant);
    EXPECT_EQ(body.value("token_type"_L1).toString(), u"refresh_token"_s);
    // Another client learns nothing about this client's refresh token.
    EXPECT_EQ(introspect(tokens.refresh, s_otherId, s_otherSecret).json(),
              (QJsonObject{{u"active"_s, false}}));
    EXPECT_EQ(introspect(u"garbage"_s, s_webId, s_webSecret).json(),
              (QJsonObject{{u"active"_s, false}}));

    // Public clients cannot introspect.
    reply = s_server->call("POST", "/t/system/oauth/introspect", kForm,
                           "client_id=" + encoded(s_nativeId) + "&token=" + encoded(tokens.access));
    EXPECT_EQ(reply.status, 401) << reply.describe();
    EXPECT_EQ(reply.errorCode(), u"invalid_client"_s);

    // Rotated, the old refresh token is inactive (no reuse interval by default), and after
    // revocation everything is.
    const Reply rotated = refresh(tokens.refresh);
    ASSERT_EQ(rotated.status, 200);
    EXPECT_EQ(introspect(tokens.refresh, s_webId, s_webSecret).json(),
              (QJsonObject{{u"active"_s, false}}));
    const QString next = rotated.json().value("refresh_token"_L1).toString();
    EXPECT_EQ(introspect(next, s_webId, s_webSecret).json().value("active"_L1), QJsonValue(true));
    ASSERT_EQ(revoke(next, s_webId, s_webSecret).status, 200);
    for (const QString& token : {tokens.access, next})
        EXPECT_EQ(introspect(token, s_webId, s_webSecret).json(),
                  (QJsonObject{{u"active"_s, false}}));
}

// The tenant's `refresh_token` lifetimes, set through the Management API, bound the refresh
// tokens of new logins once the catalog has the change: introspection's `exp` (RFC 7662 §2.2) is
// the earlier of the token's idle expiry and its grant's absolute one, and a rotated token gets
// a fresh idle period within the same bound.
TEST_F(UserinfoRevocationLogoutTest, RefreshTokenLifetimesSetThroughTheApi) {
    const QString token = s_server->systemToken();
    const auto setLifetimes = [&](const QJsonObject& refresh) {
        const Reply reply = s_server->management("PATCH", kSystem, u"tenants/settings"_s, token,
                                                 {{u"refresh_token"_s, refresh}});
        EXPECT_EQ(reply.status, 200) << reply.describe();
    };
    // Seconds from now to the refresh token's `exp`, or -1 when it is not active.
    const auto secondsLeft = [&](const QString& refreshToken) -> qint64 {
        const QJsonObject body = introspect(refreshToken, s_webId, s_webSecret).json();
        if (body.value("active"_L1) != QJsonValue(true))
            return -1;
        return qint64(body.value("exp"_L1).toDouble()) - QDateTime::currentSecsSinceEpoch();
    };
    // New logins until one's refresh token expires in about `seconds` (the catalog refreshes
    // within a second or so).
    const auto loginUntil = [&](qint64 seconds) {
        QString refreshToken;
        const bool reached = QTest::qWaitFor(
            [&] {
                Browser browser(*s_server);
                refreshToken = login(browser).refresh;
                return std::abs(secondsLeft(refreshToken) - seconds) <= 5;
            },
            10000);
        EXPECT_TRUE(reached) << "expected about " << seconds << " s, got "
                             << secondsLeft(refreshToken);
        return refreshToken;
    };

    // Only the absolute lifetime: the default idle lifetime (15 days) is capped by it.
    setLifetimes({{u"token_lifetime"_s, 3600}});
    loginUntil(3600);

    setLifetimes({{u"token_lifetime"_s, 3600}, {u"idle_token_lifetime"_s, 1800}});
    const QString refreshToken = loginUntil(1800);
    const Reply rotated = refresh(refreshToken);
    ASSERT_EQ(rotated.status, 200) << rotated.describe();
    const qint64 left = secondsLeft(rotated.json().value("refresh_token"_L1).toString());
    EXPECT_NEAR(double(left), 1800.0, 5.0);

    // Back to the defaults for the other tests of this suite.
    setLifetimes({{u"token_lifetime"_s, 2'592'000}, {u"idle_token_lifetime"_s, 1'296'000}});
    loginUntil(1'296'000);
}

TEST_F(UserinfoRevocationLogoutTest, DiscoveryListsEndpointsThatAnswer) {
    const Reply discovery = s_server->get("/t/system/.well-known/openid-configuration");
    ASSERT_EQ(discovery.status, 200);
    const QJsonObject document = discovery.json();
    const QList<std::pair<const char*, QByteArray>> endpoints = {{"authorization_endpoint", "GET"},
                                                                 {"token_endpoint", "POST"},
                                                                 {"userinfo_endpoint", "GET"},
                                                                 {"revocation_endpoint", "POST"},
                                                                 {"introspection_endpoint", "POST"},
                                                                 {"end_session_endpoint", "GET"},
                                                                 {"jwks_uri", "GET"}};
    for (const auto& [name, method] : endpoints) {
        const QString url = document.value(QLatin1String(name)).toString();
        ASSERT_TRUE(url.startsWith(s_issuer)) << name << " " << str(url);
        const QByteArray path = QUrl(url).path(QUrl::FullyEncoded).toLatin1();
        const Reply reply = s_server->call(method, path, kForm);
        EXPECT_NE(reply.status, 404) << name << reply.describe();
        EXPECT_NE(reply.status, 405) << name << reply.describe();
    }
    EXPECT_EQ(document.value("grant_types_supported"_L1).toArray(),
              (QJsonArray{u"authorization_code"_s, u"refresh_token"_s, u"client_credentials"_s,
                          u"password"_s, u"http://auth0.com/oauth/grant-type/password-realm"_s}));
    EXPECT_EQ(document.value("code_challenge_methods_supported"_L1).toArray(),
              QJsonArray{u"S256"_s});
    EXPECT_EQ(document.value("id_token_signing_alg_values_supported"_L1).toArray(),
              QJsonArray{u"ES256"_s});
}

} // namespace
} // namespace gatehouse::integration
