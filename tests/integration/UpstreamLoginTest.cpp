// Logging in through an upstream OIDC connection (docs/login.md, "Upstream login") with two real
// gatehoused instances: the downstream, whose application the user logs in to, and the upstream,
// an OpenID Provider the downstream's connection points to. Both serve plain HTTP on loopback
// (--http), which UpstreamOidcConfig allows for 127.0.0.1. The user is the upstream's owner
// administrator; the downstream knows nothing of him until his first login.
#include "Browser.h"
#include "GatehousedProcess.h"
#include "IntegrationSupport.h"
#include "TokenTools.h"

#include <QDir>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>
#include <QUrl>
#include <QUuid>
#include <gtest/gtest.h>
#include <iostream>

namespace gatehouse::integration {
namespace {

using namespace Qt::StringLiterals;

const QString kSystem = u"system"_s;
const QString kConnection = u"upstream-gh"_s;
const QString kDisplayName = u"Upstream Gatehouse"_s;
const QString kCallback = u"https://app.example.com/callback"_s;

QByteArray encoded(const QString& value) {
    return QUrl::toPercentEncoding(value);
}

QJsonObject claimsOf(const QString& token) {
    const std::optional<JwtParts> parts = decodeJwt(token);
    return parts ? parts->claims : QJsonObject();
}

// The request-target of an absolute redirect to `server` ("/t/…"), or empty when the Location
// points anywhere else.
QByteArray targetOn(const GatehousedProcess& server, const Reply& redirect) {
    const QUrl url(QString::fromUtf8(redirect.header("Location")));
    if ((url.host() != "127.0.0.1"_L1 && url.host() != "localhost"_L1) ||
        url.port() != server.port())
        return {};
    return url.toString(QUrl::RemoveScheme | QUrl::RemoveAuthority | QUrl::FullyEncoded).toUtf8();
}

// The "Continue with …" link of the login page for `connection`, unescaped.
QByteArray upstreamLink(const Reply& page, const QString& connection) {
    const QRegularExpression link(u"href=\"([^\"]*/u/upstream\\?[^\"]*connection=%1)\""_s.arg(
        QRegularExpression::escape(connection)));
    QString href = link.match(QString::fromUtf8(page.body)).captured(1);
    href.replace(u"&amp;"_s, u"&"_s);
    return href.toUtf8();
}

class UpstreamLoginTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        s_upstream = new GatehousedProcess;
        s_downstream = new GatehousedProcess;
        ASSERT_TRUE(s_upstream->init({.http = true}));
        ASSERT_TRUE(s_upstream->start());
        ASSERT_TRUE(s_downstream->init({.http = true}));
        ASSERT_TRUE(s_downstream->start());

        // The downstream's application.
        const QJsonObject web =
            createClient(*s_downstream, s_downstream->systemToken(),
                         {{u"name"_s, u"web"_s},
                          {u"app_type"_s, u"regular_web"_s},
                          {u"grant_types"_s, QJsonArray{u"authorization_code"_s}},
                          {u"callbacks"_s, QJsonArray{kCallback}}});
        s_webId = web.value("client_id"_L1).toString();
        s_webSecret = web.value("client_secret"_L1).toString();
        ASSERT_FALSE(s_webId.isEmpty());

        // The downstream as an application of the upstream, called back at {issuer}login/callback.
        s_downstreamIssuer = s_downstream->issuer(kSystem);
        const QJsonObject relyingParty = createClient(
            *s_upstream, s_upstream->systemToken(),
            {{u"name"_s, u"downstream"_s},
             {u"app_type"_s, u"regular_web"_s},
             {u"grant_types"_s, QJsonArray{u"authorization_code"_s}},
             {u"callbacks"_s, QJsonArray{QString(s_downstreamIssuer + u"login/callback"_s)}}});
        s_rpId = relyingParty.value("client_id"_L1).toString();
        ASSERT_FALSE(s_rpId.isEmpty());

        // The connection, through the Management API, whose sealing of the client secret
        // ("connection_secret:<tenant>:<id>") the login must undo.
        const QString secret = relyingParty.value("client_secret"_L1).toString();
        const Reply created = s_downstream->management(
            "POST", kSystem, u"connections"_s, s_downstream->systemToken(),
            {{u"name"_s, kConnection},
             {u"strategy"_s, u"oidc"_s},
             {u"options"_s, QJsonObject{{u"issuer"_s, s_upstream->issuer(kSystem)},
                                        {u"client_id"_s, s_rpId},
                                        {u"client_secret"_s, secret},
                                        {u"display_name"_s, kDisplayName}}},
             {u"enabled_clients"_s, QJsonArray{s_webId}}});
        ASSERT_EQ(created.status, 201) << created.describe();

        const QJsonObject admin = s_upstream->credentials().value("admin"_L1).toObject();
        s_email = admin.value("email"_L1).toString();
        s_password = admin.value("password"_L1).toString();
        // Connections are read from the store; clients come from each server's catalog.
        ASSERT_TRUE(s_downstream->waitForClient(kSystem, s_webId, s_webSecret));
        ASSERT_TRUE(s_upstream->waitForClient(kSystem, s_rpId, secret));
    }
    static void TearDownTestSuite() {
        delete s_downstream;
        delete s_upstream;
        s_downstream = s_upstream = nullptr;
    }

    void TearDown() override {
        // The downstream logs why an upstream login failed (gatehouse.login.upstream).
        if (HasFailure())
            std::cerr << s_downstream->standardError().toStdString();
    }

    static QJsonObject createClient(GatehousedProcess& server, const QString& token,
                                    const QJsonObject& body) {
        const Reply reply = server.management("POST", kSystem, u"clients"_s, token, body);
        EXPECT_EQ(reply.status, 201) << reply.describe();
        return reply.json();
    }

    static QByteArray authorizePath(const QByteArray& extra = {}) {
        return "/t/system/authorize?response_type=code&scope=openid%20profile%20email"
               "&state=app-state&nonce=app-nonce&client_id=" +
               encoded(s_webId) + "&redirect_uri=" + encoded(kCallback) + extra;
    }

    // Downstream /authorize → its login page → "Continue with …": the redirect to the upstream.
    static Reply leaveForUpstream(Browser& down, const QByteArray& extra = {}) {
        const Reply toLogin = down.get(authorizePath(extra));
        EXPECT_EQ(toLogin.status, 302) << toLogin.describe();
        const Reply page = down.get(Browser::localTarget(toLogin));
        EXPECT_EQ(page.status, 200) << page.describe();
        EXPECT_TRUE(page.body.contains(QByteArray("Continue with " + kDisplayName.toUtf8())));
        const QByteArray link = upstreamLink(page, kConnection);
        EXPECT_TRUE(link.startsWith("/t/system/u/upstream?state=")) << link.toStdString();
        const Reply toUpstream = down.get(link);
        EXPECT_EQ(toUpstream.status, 302) << toUpstream.describe();
        EXPECT_FALSE(targetOn(*s_upstream, toUpstream).isEmpty()) << toUpstream.describe();
        return toUpstream;
    }

    // At the upstream: /authorize, and its login page when the browser has no session there;
    // the upstream's redirect back to the downstream's callback.
    static Reply upstreamLogin(Browser& up, const Reply& toUpstream) {
        const Reply authorize = up.get(targetOn(*s_upstream, toUpstream));
        EXPECT_EQ(authorize.status, 302) << authorize.describe();
        const QByteArray loginPage = Browser::localTarget(authorize);
        if (loginPage.isEmpty())
            return authorize; // SSO at the upstream
        const Reply page = up.get(loginPage);
        EXPECT_EQ(page.status, 200) << page.describe();
        return up.post("/t/system/u/login", {{u"state"_s, Browser::field(page, u"state"_s)},
                                             {u"csrf"_s, Browser::field(page, u"csrf"_s)},
                                             {u"username"_s, s_email},
                                             {u"password"_s, s_password}});
    }

    // The whole login; the downstream's redirect to the application.
    static Reply login(Browser& down, Browser& up, const QByteArray& extra = {}) {
        const Reply back = upstreamLogin(up, leaveForUpstream(down, extra));
        EXPECT_EQ(back.status, 302) << back.describe();
        const QByteArray callback = targetOn(*s_downstream, back);
        EXPECT_TRUE(callback.startsWith("/t/system/login/callback?")) << back.describe();
        return down.get(callback);
    }

    static Reply redeem(const QString& code) {
        return s_downstream->call(
            "POST", "/t/system/oauth/token",
            {{"Content-Type", "application/x-www-form-urlencoded"},
             {"Authorization", "Basic " + (s_webId + u':' + s_webSecret).toUtf8().toBase64()}},
            "grant_type=authorization_code&code=" + encoded(code) +
                "&redirect_uri=" + encoded(kCallback));
    }

    // Users of the connection in the downstream's database.
    static int upstreamUserCount() {
        const QString name = QUuid::createUuid().toString();
        int count = -1;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
            db.setDatabaseName(QDir(s_downstream->dataDir()).filePath(u"gatehouse.db"_s));
            db.setConnectOptions(u"QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"_s);
            if (db.open()) {
                QSqlQuery query(db);
                query.prepare(u"SELECT COUNT(*) FROM users WHERE tenant = ? AND connection = ?"_s);
                query.addBindValue(kSystem);
                query.addBindValue(kConnection);
                if (query.exec() && query.next())
                    count = query.value(0).toInt();
            }
        }
        QSqlDatabase::removeDatabase(name);
        return count;
    }

    static GatehousedProcess* s_upstream;
    static GatehousedProcess* s_downstream;
    static QString s_webId, s_webSecret, s_rpId, s_downstreamIssuer, s_email, s_password;
};

GatehousedProcess* UpstreamLoginTest::s_upstream = nullptr;
GatehousedProcess* UpstreamLoginTest::s_downstream = nullptr;
QString UpstreamLoginTest::s_webId, UpstreamLoginTest::s_webSecret, UpstreamLoginTest::s_rpId,
    UpstreamLoginTest::s_downstreamIssuer, UpstreamLoginTest::s_email,
    UpstreamLoginTest::s_password;

TEST_F(UpstreamLoginTest, LogsInThroughTheUpstreamAndFindsTheSameUserAgain) {
    Browser down(*s_downstream);
    Browser up(*s_upstream);
    const Reply toUpstream = leaveForUpstream(down);
    // The upstream request: code flow with PKCE S256 and a nonce, back to {issuer}login/callback.
    const QUrlQuery request(QUrl(QString::fromUtf8(toUpstream.header("Location"))));
    EXPECT_EQ(request.queryItemValue(u"client_id"_s), s_rpId);
    EXPECT_EQ(request.queryItemValue(u"redirect_uri"_s, QUrl::FullyDecoded),
              s_downstreamIssuer + u"login/callback"_s);
    EXPECT_EQ(request.queryItemValue(u"code_challenge_method"_s), u"S256"_s);
    EXPECT_FALSE(request.queryItemValue(u"nonce"_s).isEmpty());
    bool sawBinding = false;
    for (const QByteArray& cookie : down.lastSetCookies()) {
        if (!cookie.startsWith("gh_upstream="))
            continue;
        sawBinding = true;
        EXPECT_TRUE(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") &&
                    cookie.contains("Path=/t/system/"))
            << cookie.toStdString();
    }
    EXPECT_TRUE(sawBinding);

    const Reply back = upstreamLogin(up, toUpstream);
    ASSERT_EQ(back.status, 302) << back.describe();
    const Reply done = down.get(targetOn(*s_downstream, back));
    ASSERT_EQ(done.status, 302) << done.describe();
    EXPECT_TRUE(done.header("Location").startsWith(QByteArray(kCallback.toUtf8() + "?code=")));
    const QUrlQuery answer = Browser::redirectQuery(done);
    EXPECT_EQ(answer.queryItemValue(u"state"_s), u"app-state"_s);

    const Reply tokens = redeem(answer.queryItemValue(u"code"_s));
    ASSERT_EQ(tokens.status, 200) << tokens.describe();
    const QJsonObject id = claimsOf(tokens.json().value("id_token"_L1).toString());
    const QString sub = id.value("sub"_L1).toString();
    // The upstream's admin is a database user there: auth0|<24 hex>.
    EXPECT_TRUE(
        QRegularExpression(u"^oidc\\|upstream-gh\\|auth0\\|[0-9a-f]{24}$"_s).match(sub).hasMatch())
        << str(sub);
    EXPECT_EQ(id.value("email"_L1).toString(), s_email);
    EXPECT_EQ(id.value("nonce"_L1).toString(), u"app-nonce"_s);
    EXPECT_EQ(upstreamUserCount(), 1);

    // Again (the upstream now answers from its session): the same user, no second one.
    const Reply again = login(down, up, "&prompt=login");
    ASSERT_EQ(again.status, 302) << again.describe();
    const Reply second = redeem(Browser::redirectQuery(again).queryItemValue(u"code"_s));
    ASSERT_EQ(second.status, 200) << second.describe();
    EXPECT_EQ(claimsOf(second.json().value("id_token"_L1).toString()).value("sub"_L1).toString(),
              sub);
    EXPECT_EQ(upstreamUserCount(), 1);
}

TEST_F(UpstreamLoginTest, CallbackNeedsTheUntamperedStateAndTheBrowsersCookie) {
    Browser down(*s_downstream);
    Browser up(*s_upstream);
    const Reply back = upstreamLogin(up, leaveForUpstream(down));
    ASSERT_EQ(back.status, 302) << back.describe();
    const QByteArray callback = targetOn(*s_downstream, back);
    ASSERT_FALSE(callback.isEmpty()) << back.describe();
    QUrl url(QString::fromUtf8(callback));
    QUrlQuery query(url);
    const QString state = query.queryItemValue(u"state"_s);
    ASSERT_GT(state.size(), 40);

    // One character of the sealed state changed.
    QString tampered = state;
    tampered[20] = tampered[20] == u'A' ? u'B' : u'A';
    query.removeQueryItem(u"state"_s);
    query.addQueryItem(u"state"_s, tampered);
    QUrl forged = url;
    forged.setQuery(query);
    Reply reply = down.get(forged.toString(QUrl::FullyEncoded).toUtf8());
    EXPECT_EQ(reply.status, 400) << reply.describe();
    EXPECT_FALSE(reply.hasHeader("Location"));
    EXPECT_TRUE(reply.body.contains("invalid_upstream_state")) << reply.describe();

    // The real callback from a browser without the gh_upstream cookie (an attacker's login
    // pushed into a victim's browser).
    Browser other(*s_downstream);
    reply = other.get(callback);
    EXPECT_EQ(reply.status, 403) << reply.describe();
    EXPECT_FALSE(reply.hasHeader("Location"));
    EXPECT_TRUE(reply.header("Content-Type").startsWith("text/html"));

    // Neither attempt used the code up: the browser that left still gets in.
    reply = down.get(callback);
    EXPECT_EQ(reply.status, 302) << reply.describe();
    EXPECT_TRUE(reply.header("Location").startsWith(QByteArray(kCallback.toUtf8() + "?code=")));
}

TEST_F(UpstreamLoginTest, UpstreamErrorComesBackAsAReadableMessage) {
    Browser down(*s_downstream);
    const Reply toUpstream = leaveForUpstream(down);
    const QString state = QUrlQuery(QUrl(QString::fromUtf8(toUpstream.header("Location"))))
                              .queryItemValue(u"state"_s, QUrl::FullyDecoded);
    const Reply reply = down.get("/t/system/login/callback?error=access_denied&error_description=" +
                                 encoded(u"<b>Evil</b> text"_s) + "&state=" + encoded(state));
    EXPECT_EQ(reply.status, 403) << reply.describe();
    EXPECT_FALSE(reply.hasHeader("Location"));
    // The login page again, with the message and a way to try again.
    EXPECT_TRUE(reply.body.contains("cancelled or refused (access_denied)")) << reply.describe();
    EXPECT_TRUE(reply.body.contains(QByteArray("Continue with " + kDisplayName.toUtf8())));
    EXPECT_FALSE(Browser::field(reply, u"state"_s).isEmpty());
    // The provider's free text is not shown.
    EXPECT_FALSE(reply.body.contains("Evil"));
}

// Auth0's /authorize?connection=NAME: an upstream connection skips the login page.
TEST_F(UpstreamLoginTest, AuthorizeWithAnUpstreamConnectionGoesStraightToTheProvider) {
    Browser down(*s_downstream);
    Browser up(*s_upstream);
    const Reply toUpstreamPage = down.get(authorizePath("&connection=" + encoded(kConnection)));
    ASSERT_EQ(toUpstreamPage.status, 302) << toUpstreamPage.describe();
    const QByteArray start = Browser::localTarget(toUpstreamPage);
    EXPECT_TRUE(start.startsWith("/t/system/u/upstream?connection=upstream-gh&state="))
        << start.toStdString();
    const Reply toUpstream = down.get(start);
    ASSERT_EQ(toUpstream.status, 302) << toUpstream.describe();
    ASSERT_FALSE(targetOn(*s_upstream, toUpstream).isEmpty()) << toUpstream.describe();
    const Reply back = upstreamLogin(up, toUpstream);
    ASSERT_EQ(back.status, 302) << back.describe();
    const Reply done = down.get(targetOn(*s_downstream, back));
    ASSERT_EQ(done.status, 302) << done.describe();
    EXPECT_TRUE(done.header("Location").startsWith(QByteArray(kCallback.toUtf8() + "?code=")));
    EXPECT_EQ(Browser::redirectQuery(done).queryItemValue(u"state"_s), u"app-state"_s);
}

TEST_F(UpstreamLoginTest, AuthorizeWithTheDatabaseConnectionShowsOnlyItsLoginForm) {
    Browser down(*s_downstream);
    const Reply toLogin = down.get(authorizePath("&connection=Username-Password-Authentication"));
    ASSERT_EQ(toLogin.status, 302) << toLogin.describe();
    const QByteArray target = Browser::localTarget(toLogin);
    EXPECT_TRUE(target.startsWith("/t/system/u/login?state=")) << target.toStdString();
    const Reply page = down.get(target);
    ASSERT_EQ(page.status, 200) << page.describe();
    EXPECT_TRUE(page.body.contains("name=\"password\"")) << page.describe();
    EXPECT_FALSE(page.body.contains("Continue with")) << page.describe();
    // Without the parameter both are offered.
    const Reply both = down.get(Browser::localTarget(down.get(authorizePath())));
    EXPECT_TRUE(both.body.contains("Continue with")) << both.describe();
}

// Unknown, not enabled for the client, or a near miss of a name: an error at the client, with
// its state, and no login page.
TEST_F(UpstreamLoginTest, AuthorizeWithAnUnavailableConnectionIsAnErrorAtTheClient) {
    const Reply disabled = s_downstream->management(
        "POST", kSystem, u"connections"_s, s_downstream->systemToken(),
        {{u"name"_s, u"not-enabled"_s},
         {u"strategy"_s, u"oidc"_s},
         {u"options"_s, QJsonObject{{u"issuer"_s, s_upstream->issuer(kSystem)},
                                    {u"client_id"_s, s_rpId},
                                    {u"client_secret"_s, u"unused-secret"_s}}},
         {u"enabled_clients"_s, QJsonArray{}}});
    ASSERT_EQ(disabled.status, 201) << disabled.describe();
    Browser down(*s_downstream);
    for (const QByteArray& name :
         {QByteArray("nope"), QByteArray("not-enabled"), QByteArray("Upstream-GH"),
          QByteArray("upstream-gh%20"), QByteArray("username-password-authentication")}) {
        const Reply reply = down.get(authorizePath("&connection=" + name));
        ASSERT_EQ(reply.status, 302) << name.toStdString() << reply.describe();
        EXPECT_TRUE(reply.header("Location").startsWith(QByteArray(kCallback.toUtf8() + '?')))
            << reply.describe();
        const QUrlQuery answer = Browser::redirectQuery(reply);
        EXPECT_EQ(answer.queryItemValue(u"error"_s), u"invalid_request"_s) << name.toStdString();
        EXPECT_EQ(answer.queryItemValue(u"state"_s), u"app-state"_s);
        EXPECT_FALSE(answer.hasQueryItem(u"code"_s));
    }
}

TEST_F(UpstreamLoginTest, UnknownConnectionGetsAnErrorPage) {
    Browser down(*s_downstream);
    const Reply toLogin = down.get(authorizePath());
    ASSERT_EQ(toLogin.status, 302);
    const QByteArray login = Browser::localTarget(toLogin);
    const QByteArray state = QUrlQuery(QUrl(QString::fromUtf8(login)))
                                 .queryItemValue(u"state"_s, QUrl::FullyEncoded)
                                 .toUtf8();
    const Reply reply = down.get("/t/system/u/upstream?state=" + state + "&connection=nope");
    EXPECT_EQ(reply.status, 400) << reply.describe();
    EXPECT_FALSE(reply.hasHeader("Location"));
}

} // namespace
} // namespace gatehouse::integration
