// The user login flow against the real gatehoused (docs/login.md): /authorize, the login page,
// the code and the token endpoint, with the SECURITY.md "Authorization endpoint" and "Codes and
// tokens" properties that need the whole server. Logs in as the owner administrator that `init`
// makes in the system tenant.
#include "Browser.h"
#include "CodeFlowClient.h"
#include "GatehousedProcess.h"
#include "IntegrationSupport.h"
#include "TokenTools.h"

#include <QTest>
#include <QUrl>
#include <functional>
#include <gtest/gtest.h>

namespace gatehouse::integration {
namespace {

using namespace Qt::StringLiterals;

const QString kSystem = u"system"_s;
const QString kCallback = u"https://app.example.com/callback"_s;
const QString kLoopback = u"http://127.0.0.1/callback"_s;
const QString kVerifier = u"dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"_s;
const QString kChallenge = u"E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"_s;

QByteArray encoded(const QString& value) {
    return QUrl::toPercentEncoding(value);
}

QJsonObject decodePayload(const QByteArray& token) {
    const std::optional<JwtParts> parts = decodeJwt(QString::fromLatin1(token));
    return parts ? parts->claims : QJsonObject();
}

class LoginFlowTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        s_server = new GatehousedProcess;
        ASSERT_TRUE(s_server->init());
        ASSERT_TRUE(s_server->start());
        const QString token = s_server->systemToken();
        auto client = [&](const QJsonObject& body) {
            const Reply reply = s_server->management("POST", kSystem, u"clients"_s, token, body);
            EXPECT_EQ(reply.status, 201) << reply.describe();
            return reply.json();
        };
        const QJsonObject web =
            client({{u"name"_s, u"web"_s},
                    {u"app_type"_s, u"regular_web"_s},
                    {u"grant_types"_s, QJsonArray{u"authorization_code"_s, u"refresh_token"_s}},
                    {u"callbacks"_s, QJsonArray{kCallback}}});
        s_webId = web.value("client_id"_L1).toString();
        s_webSecret = web.value("client_secret"_L1).toString();
        s_nativeId =
            client({{u"name"_s, u"cli"_s},
                    {u"app_type"_s, u"native"_s},
                    {u"grant_types"_s, QJsonArray{u"authorization_code"_s, u"refresh_token"_s}},
                    {u"callbacks"_s, QJsonArray{kLoopback}}})
                .value("client_id"_L1)
                .toString();
        const QJsonObject admin = s_server->credentials().value("admin"_L1).toObject();
        s_email = admin.value("email"_L1).toString();
        s_password = admin.value("password"_L1).toString();
        s_issuer = s_server->issuer(kSystem);
        ASSERT_TRUE(s_server->waitForClient(kSystem, s_nativeId)); // the last one made
    }
    static void TearDownTestSuite() {
        delete s_server;
        s_server = nullptr;
    }

    static CodeFlowClient web() {
        return CodeFlowClient(*s_server, kSystem, s_webId, s_webSecret, kCallback);
    }
    static CodeFlowClient native(const QString& redirectUri) {
        return CodeFlowClient(*s_server, kSystem, s_nativeId, {}, redirectUri);
    }
    static QByteArray authorizePath(const QString& clientId, const QString& redirectUri,
                                    const QByteArray& extra = {}) {
        return CodeFlowClient(*s_server, kSystem, clientId, {}, redirectUri).authorizePath(extra);
    }
    static Reply openLoginPage(Browser& browser, const QByteArray& authorize) {
        return web().openLoginPage(browser, authorize);
    }
    static Reply submitLogin(Browser& browser, const Reply& page, const QString& username,
                             const QString& password) {
        return web().submitLogin(browser, page, username, password);
    }
    // A full login; the code from the redirect to the application.
    static QString login(Browser& browser, const QByteArray& authorize) {
        return redirectParameter(web().login(browser, authorize, s_email, s_password), u"code"_s);
    }

    static GatehousedProcess* s_server;
    static QString s_webId, s_webSecret, s_nativeId, s_email, s_password, s_issuer;
};

GatehousedProcess* LoginFlowTest::s_server = nullptr;
QString LoginFlowTest::s_webId, LoginFlowTest::s_webSecret, LoginFlowTest::s_nativeId,
    LoginFlowTest::s_email, LoginFlowTest::s_password, LoginFlowTest::s_issuer;

TEST_F(LoginFlowTest, CodeFlowIssuesVerifiableTokens) {
    Browser browser(*s_server);
    const Reply page = openLoginPage(browser, authorizePath(s_webId, kCallback));
    ASSERT_EQ(page.status, 200) << page.describe();
    EXPECT_TRUE(page.header("Content-Security-Policy").contains("frame-ancestors 'none'"));
    EXPECT_FALSE(Browser::field(page, u"csrf"_s).isEmpty());
    const Reply done = submitLogin(browser, page, s_email, s_password);
    ASSERT_EQ(done.status, 302) << done.describe();
    EXPECT_TRUE(done.header("Location").startsWith(QByteArray(kCallback.toUtf8() + "?code=")));
    const QUrlQuery query = Browser::redirectQuery(done);
    EXPECT_EQ(query.queryItemValue(u"state"_s), u"st-1"_s);
    EXPECT_EQ(query.queryItemValue(u"iss"_s, QUrl::FullyDecoded), s_issuer);
    // The session cookie: HttpOnly, Secure (HTTPS), SameSite=Lax, scoped to the tenant.
    bool sawSession = false;
    for (const QByteArray& cookie : browser.lastSetCookies()) {
        if (!cookie.startsWith("gh_session="))
            continue;
        sawSession = true;
        EXPECT_TRUE(cookie.contains("HttpOnly") && cookie.contains("Secure") &&
                    cookie.contains("SameSite=Lax") && cookie.contains("Path=/t/system/"))
            << cookie.toStdString();
    }
    EXPECT_TRUE(sawSession);

    const Reply tokens = web().redeem(query.queryItemValue(u"code"_s));
    ASSERT_EQ(tokens.status, 200) << tokens.describe();
    const QJsonObject body = tokens.json();
    EXPECT_EQ(tokens.header("Cache-Control"), "no-store");
    EXPECT_FALSE(body.value("refresh_token"_L1).toString().isEmpty());
    const QJsonObject id = decodePayload(body.value("id_token"_L1).toString().toLatin1());
    EXPECT_EQ(id.value("iss"_L1).toString(), s_issuer);
    EXPECT_EQ(id.value("aud"_L1).toString(), s_webId);
    EXPECT_EQ(id.value("nonce"_L1).toString(), u"n-1"_s);
    EXPECT_EQ(id.value("email"_L1).toString(), s_email);
    EXPECT_TRUE(id.value("sub"_L1).toString().startsWith("auth0|"_L1));
    for (const char* claim : {"exp", "iat", "auth_time"})
        EXPECT_TRUE(id.value(QLatin1String(claim)).isDouble()) << claim;
    const QJsonObject access = decodePayload(body.value("access_token"_L1).toString().toLatin1());
    EXPECT_EQ(access.value("aud"_L1).toString(), s_issuer + u"userinfo"_s);
    EXPECT_FALSE(access.value("gid"_L1).toString().isEmpty());
}

TEST_F(LoginFlowTest, WrongPasswordAndUnknownAccountGetTheSameAnswer) {
    Browser browser(*s_server);
    const Reply page = openLoginPage(browser, authorizePath(s_webId, kCallback));
    const Reply wrong = submitLogin(browser, page, s_email, u"not-the-password"_s);
    const Reply unknown = submitLogin(browser, page, u"nobody@example.com"_s, u"whatever-1"_s);
    EXPECT_EQ(wrong.status, 401) << wrong.describe();
    EXPECT_EQ(unknown.status, 401) << unknown.describe();
    EXPECT_TRUE(wrong.body.contains("Wrong email or password."));
    EXPECT_TRUE(unknown.body.contains("Wrong email or password."));
    // The password is never echoed back into the page.
    EXPECT_FALSE(wrong.body.contains("not-the-password"));
}

TEST_F(LoginFlowTest, LoginFormRequiresTheCsrfCookieAndToken) {
    Browser browser(*s_server);
    const Reply page = openLoginPage(browser, authorizePath(s_webId, kCallback));
    const QString state = Browser::field(page, u"state"_s);
    const QString csrf = Browser::field(page, u"csrf"_s);
    // Another token for the same cookie.
    Reply forged = browser.post("/t/system/u/login", {{u"state"_s, state},
                                                      {u"csrf"_s, u"AAAA"_s},
                                                      {u"username"_s, s_email},
                                                      {u"password"_s, s_password}});
    EXPECT_EQ(forged.status, 403) << forged.describe();
    // The right token from a browser without the cookie (a login CSRF from another site).
    Browser attacker(*s_server);
    forged = attacker.post("/t/system/u/login", {{u"state"_s, state},
                                                 {u"csrf"_s, csrf},
                                                 {u"username"_s, s_email},
                                                 {u"password"_s, s_password}});
    EXPECT_EQ(forged.status, 403) << forged.describe();
    EXPECT_FALSE(forged.hasHeader("Location"));
}

TEST_F(LoginFlowTest, UntrustedRedirectUrisGetAnErrorPageNeverARedirect) {
    Browser browser(*s_server);
    for (const QString& uri :
         {u"https://app.example.com/callback/"_s, u"https://app.example.com/callback?x=1"_s,
          u"https://APP.example.com/callback"_s, u"https://app.example.com:443/callback"_s,
          u"https://app.example.com.evil.io/callback"_s,
          u"https://app.example.com@evil.io/callback"_s, u"http://app.example.com/callback"_s}) {
        const Reply reply = browser.get(authorizePath(s_webId, uri));
        EXPECT_EQ(reply.status, 400) << str(uri) << reply.describe();
        EXPECT_FALSE(reply.hasHeader("Location")) << str(uri);
        EXPECT_TRUE(reply.header("Content-Type").startsWith("text/html"));
    }
    const Reply unknown = browser.get(authorizePath(u"no-such-client"_s, kCallback));
    EXPECT_EQ(unknown.status, 400);
    EXPECT_FALSE(unknown.hasHeader("Location"));
    const Reply duplicate = browser.get(authorizePath(s_webId, kCallback, "&state=again"));
    EXPECT_EQ(duplicate.status, 400);
    EXPECT_FALSE(duplicate.hasHeader("Location"));
}

TEST_F(LoginFlowTest, PromptNoneAndPromptLogin) {
    Browser browser(*s_server);
    Reply silent = browser.get(authorizePath(s_webId, kCallback, "&prompt=none"));
    ASSERT_EQ(silent.status, 302);
    EXPECT_EQ(Browser::redirectQuery(silent).queryItemValue(u"error"_s), u"login_required"_s);
    EXPECT_EQ(Browser::redirectQuery(silent).queryItemValue(u"state"_s), u"st-1"_s);

    ASSERT_FALSE(login(browser, authorizePath(s_webId, kCallback)).isEmpty());
    silent = browser.get(authorizePath(s_webId, kCallback, "&prompt=none"));
    ASSERT_EQ(silent.status, 302);
    EXPECT_FALSE(Browser::redirectQuery(silent).queryItemValue(u"code"_s).isEmpty())
        << silent.describe();
    // prompt=login and max_age=0 show the login page despite the session.
    for (const QByteArray& extra : {QByteArray("&prompt=login"), QByteArray("&max_age=0")}) {
        const Reply again = browser.get(authorizePath(s_webId, kCallback, extra));
        EXPECT_TRUE(Browser::localTarget(again).startsWith("/t/system/u/login"))
            << again.describe();
    }
}

TEST_F(LoginFlowTest, CodesAreSingleUseAndReuseRevokesTheGrant) {
    Browser browser(*s_server);
    const QString code = login(browser, authorizePath(s_webId, kCallback));
    const Reply first = web().redeem(code);
    ASSERT_EQ(first.status, 200) << first.describe();
    const Reply second = web().redeem(code);
    EXPECT_EQ(second.status, 400);
    EXPECT_EQ(second.errorCode(), u"invalid_grant"_s);
    const Reply refreshed = web().refresh(first.json().value("refresh_token"_L1).toString());
    EXPECT_EQ(refreshed.status, 400) << refreshed.describe();
    EXPECT_EQ(refreshed.errorCode(), u"invalid_grant"_s);
}

TEST_F(LoginFlowTest, CodeIsBoundToRedirectUriAndClient) {
    Browser browser(*s_server);
    const CodeFlowClient elsewhere(*s_server, kSystem, s_webId, s_webSecret,
                                   u"https://app.example.com/other"_s);
    Reply reply = elsewhere.redeem(login(browser, authorizePath(s_webId, kCallback)));
    EXPECT_EQ(reply.errorCode(), u"invalid_grant"_s) << reply.describe();
    // A public client cannot redeem the web client's code.
    const QString code = login(browser, authorizePath(s_webId, kCallback, "&prompt=login"));
    reply = native(kCallback).redeem(code);
    EXPECT_EQ(reply.errorCode(), u"invalid_grant"_s) << reply.describe();
}

TEST_F(LoginFlowTest, PublicClientNeedsPkceAndTheRightVerifier) {
    Browser browser(*s_server);
    const QString redirect = u"http://127.0.0.1:53117/callback"_s;
    // Without a challenge: an error at the client, no login page.
    Reply reply = browser.get(authorizePath(s_nativeId, redirect));
    ASSERT_EQ(reply.status, 302);
    EXPECT_EQ(Browser::redirectQuery(reply).queryItemValue(u"error"_s), u"invalid_request"_s);

    const QByteArray pkce =
        "&code_challenge=" + kChallenge.toLatin1() + "&code_challenge_method=S256&prompt=login";
    auto redeemPublic = [&](const QString& code, const QString& verifier) {
        return native(redirect).redeem(
            code, verifier.isEmpty() ? QByteArray() : "&code_verifier=" + encoded(verifier));
    };
    reply = redeemPublic(login(browser, authorizePath(s_nativeId, redirect, pkce)), {});
    EXPECT_EQ(reply.errorCode(), u"invalid_grant"_s) << reply.describe();
    reply = redeemPublic(login(browser, authorizePath(s_nativeId, redirect, pkce)),
                         u"dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXl"_s);
    EXPECT_EQ(reply.errorCode(), u"invalid_grant"_s) << reply.describe();
    reply = redeemPublic(login(browser, authorizePath(s_nativeId, redirect, pkce)), kVerifier);
    EXPECT_EQ(reply.status, 200) << reply.describe();
    // A verifier for a code issued without a challenge (a downgrade) fails for a confidential
    // client too.
    reply = web().redeem(login(browser, authorizePath(s_webId, kCallback, "&prompt=login")),
                         "&code_verifier=" + encoded(kVerifier));
    EXPECT_EQ(reply.errorCode(), u"invalid_grant"_s) << reply.describe();
}

TEST_F(LoginFlowTest, RefreshTokensRotateAndReuseRevokesTheFamily) {
    Browser browser(*s_server);
    const Reply first = web().redeem(login(browser, authorizePath(s_webId, kCallback)));
    ASSERT_EQ(first.status, 200) << first.describe();
    const QString original = first.json().value("refresh_token"_L1).toString();
    const Reply rotated = web().refresh(original);
    ASSERT_EQ(rotated.status, 200) << rotated.describe();
    const QString next = rotated.json().value("refresh_token"_L1).toString();
    EXPECT_NE(next, original);
    EXPECT_FALSE(rotated.json().value("id_token"_L1).toString().isEmpty());
    // The old one again: reuse. The whole family is revoked, the new token too.
    EXPECT_EQ(web().refresh(original).errorCode(), u"invalid_grant"_s);
    EXPECT_EQ(web().refresh(next).errorCode(), u"invalid_grant"_s);
}

// The colour set through the Management API (universal_login.colors.primary) is the one the
// login page is rendered with once the catalog has the change, as the renderer writes it
// (lowercase); cleared with "", the page goes back to the default colour.
TEST_F(LoginFlowTest, PrimaryColourSetThroughTheApiColoursTheLoginPage) {
    const QString token = s_server->systemToken();
    const auto setColour = [&](const QString& colour) {
        const QJsonObject colors{{u"primary"_s, colour}};
        const Reply reply =
            s_server->management("PATCH", kSystem, u"tenants/settings"_s, token,
                                 {{u"universal_login"_s, QJsonObject{{u"colors"_s, colors}}}});
        EXPECT_EQ(reply.status, 200) << reply.describe();
    };
    // A fresh login page until `wanted` says yes (the catalog refreshes within a second or so).
    const auto pageUntil = [&](const std::function<bool(const QByteArray&)>& wanted) {
        return QTest::qWaitFor(
            [&] {
                Browser browser(*s_server);
                const Reply page = openLoginPage(browser, authorizePath(s_webId, kCallback));
                return page.status == 200 && wanted(page.body);
            },
            10000);
    };
    const QByteArray brand = "--brand:#1a2b3c;";
    ASSERT_TRUE(pageUntil([&](const QByteArray& body) {
        return body.contains("--brand:#") && !body.contains(brand);
    }));

    setColour(u"#1A2B3C"_s);
    EXPECT_TRUE(pageUntil([&](const QByteArray& body) { return body.contains(brand); }));

    setColour(QString());
    EXPECT_TRUE(pageUntil([&](const QByteArray& body) {
        return body.contains("--brand:#") && !body.contains(brand);
    }));
}

} // namespace
} // namespace gatehouse::integration
