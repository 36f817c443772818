// Sign-up and password reset in the hosted login flow against the real gatehoused
// (docs/login.md): accounts made from the sign-up page log in at once, an address in use is never
// disclosed, "Forgot password?" answers alike for every address, and a reset link from the outbox
// changes the password once and ends everything the old one opened.
#include "Browser.h"
#include "GatehousedProcess.h"
#include "IntegrationSupport.h"
#include "TokenTools.h"

#include "crypto/Digest.h"
#include "crypto/Random.h"
#include "mail/FileOutbox.h"

#include <QDir>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QUrl>
#include <QUuid>
#include <gtest/gtest.h>

namespace gatehouse::integration {
namespace {

using namespace Qt::StringLiterals;

const QString kSystem = u"system"_s;
const QString kCallback = u"https://app.example.com/callback"_s;
const QString kStrong = u"correct horse battery staple"_s;
const QString kOtherStrong = u"tundra lantern violet quarry"_s;

QByteArray encoded(const QString& value) {
    return QUrl::toPercentEncoding(value);
}

// What a person sees of a page: the body without the per-response CSP nonce and form tokens.
QByteArray visible(const Reply& page) {
    QString html = QString::fromUtf8(page.body);
    html.remove(QRegularExpression(u"nonce=\"[^\"]*\""_s));
    html.remove(QRegularExpression(u"name=\"csrf\" value=\"[^\"]*\""_s));
    return html.toUtf8();
}

class SignupAndResetTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        s_server = new GatehousedProcess;
        ASSERT_TRUE(s_server->init());
        ASSERT_TRUE(s_server->start());
        const Reply web = s_server->management(
            "POST", kSystem, u"clients"_s, s_server->systemToken(),
            {{u"name"_s, u"web"_s},
             {u"app_type"_s, u"regular_web"_s},
             {u"grant_types"_s, QJsonArray{u"authorization_code"_s, u"refresh_token"_s}},
             {u"callbacks"_s, QJsonArray{kCallback}}});
        ASSERT_EQ(web.status, 201) << web.describe();
        s_webId = web.json().value("client_id"_L1).toString();
        s_webSecret = web.json().value("client_secret"_L1).toString();
        ASSERT_TRUE(s_server->waitForClient(kSystem, s_webId, s_webSecret));
    }
    static void TearDownTestSuite() {
        delete s_server;
        s_server = nullptr;
    }

    static QByteArray authorizePath() {
        return "/t/system/authorize?response_type=code&scope=openid%20profile%20email%20"
               "offline_access&state=st-1&nonce=n-1&client_id=" +
               encoded(s_webId) + "&redirect_uri=" + encoded(kCallback);
    }

    // /authorize, then the login page; the page, and the state for the other pages.
    Reply openLoginPage(Browser& browser, QString* state = nullptr) {
        const Reply redirect = browser.get(authorizePath());
        EXPECT_EQ(redirect.status, 302) << redirect.describe();
        const Reply page = browser.get(Browser::localTarget(redirect));
        EXPECT_EQ(page.status, 200) << page.describe();
        if (state)
            *state = Browser::field(page, u"state"_s);
        return page;
    }

    Reply openPage(Browser& browser, const QByteArray& page) {
        QString state;
        openLoginPage(browser, &state);
        return browser.get("/t/system/u/" + page + "?state=" + encoded(state));
    }

    Reply signup(Browser& browser, const Reply& page, const QString& email,
                 const QString& password) {
        return browser.post("/t/system/u/signup", {{u"state"_s, Browser::field(page, u"state"_s)},
                                                   {u"csrf"_s, Browser::field(page, u"csrf"_s)},
                                                   {u"email"_s, email},
                                                   {u"password"_s, password}});
    }

    Reply login(const QString& email, const QString& password) {
        Browser browser(*s_server);
        const Reply page = openLoginPage(browser);
        return browser.post("/t/system/u/login", {{u"state"_s, Browser::field(page, u"state"_s)},
                                                  {u"csrf"_s, Browser::field(page, u"csrf"_s)},
                                                  {u"username"_s, email},
                                                  {u"password"_s, password}});
    }

    Reply requestReset(Browser& browser, const Reply& page, const QString& email) {
        return browser.post("/t/system/u/reset-password/request",
                            {{u"state"_s, Browser::field(page, u"state"_s)},
                             {u"csrf"_s, Browser::field(page, u"csrf"_s)},
                             {u"email"_s, email}});
    }

    Reply redeem(const QString& code) {
        return s_server->call(
            "POST", "/t/system/oauth/token",
            {{"Content-Type", "application/x-www-form-urlencoded"},
             {"Authorization", "Basic " + (s_webId + u':' + s_webSecret).toUtf8().toBase64()}},
            "grant_type=authorization_code&code=" + encoded(code) +
                "&redirect_uri=" + encoded(kCallback));
    }

    Reply refresh(const QString& refreshToken) {
        return s_server->call(
            "POST", "/t/system/oauth/token",
            {{"Content-Type", "application/x-www-form-urlencoded"},
             {"Authorization", "Basic " + (s_webId + u':' + s_webSecret).toUtf8().toBase64()}},
            "grant_type=refresh_token&refresh_token=" + encoded(refreshToken));
    }

    // Signs up `email` and redeems the code: the token response.
    QJsonObject signupAndRedeem(const QString& email, const QString& password) {
        Browser browser(*s_server);
        const Reply done = signup(browser, openPage(browser, "signup"), email, password);
        EXPECT_EQ(done.status, 302) << done.describe();
        const Reply tokens = redeem(Browser::redirectQuery(done).queryItemValue(u"code"_s));
        EXPECT_EQ(tokens.status, 200) << tokens.describe();
        return tokens.json();
    }

    static QString outbox() { return QDir(s_server->dataDir()).filePath(u"outbox"_s); }

    // The newest message once one to `to` whose subject contains `subject` is the newest: the
    // server queues mail on a thread of its own and does not wait for it.
    static std::optional<mail::ParsedMail> awaitMail(const QString& to, const QString& subject) {
        std::optional<mail::ParsedMail> found;
        const bool arrived = QTest::qWaitFor(
            [&] {
                Result<mail::ParsedMail> newest = mail::FileOutbox::readNewest(outbox());
                if (newest && newest->to.contains(to) && newest->subject.contains(subject))
                    found = *newest;
                return found.has_value();
            },
            10000);
        EXPECT_TRUE(arrived) << "no mail to " << to.toStdString() << " about "
                             << subject.toStdString();
        return found;
    }

    // The reset link's target on this server ("/t/system/u/reset-password?ticket=…").
    static QByteArray resetTarget(const mail::ParsedMail& message) {
        const QRegularExpressionMatch link =
            QRegularExpression(u"https://\\S+/u/reset-password\\?ticket=[A-Za-z0-9_-]+"_s)
                .match(message.textBody);
        EXPECT_TRUE(link.hasMatch()) << message.textBody.toStdString();
        const QUrl url(link.captured(0));
        return url.path(QUrl::FullyEncoded).toLatin1() + '?' +
               url.query(QUrl::FullyEncoded).toLatin1();
    }

    // The verification link's target on this server ("/t/system/u/verify-email?ticket=…").
    static QByteArray verifyTarget(const mail::ParsedMail& message) {
        const QRegularExpressionMatch link =
            QRegularExpression(u"https://\\S+/u/verify-email\\?ticket=[A-Za-z0-9_-]+"_s)
                .match(message.textBody);
        EXPECT_TRUE(link.hasMatch()) << message.textBody.toStdString();
        const QUrl url(link.captured(0));
        return url.path(QUrl::FullyEncoded).toLatin1() + '?' +
               url.query(QUrl::FullyEncoded).toLatin1();
    }

    static QJsonObject userByEmail(const QString& email) {
        const Reply users = s_server->management(
            "GET", kSystem, u"users-by-email?email="_s + QString::fromLatin1(encoded(email)),
            s_server->systemToken());
        EXPECT_EQ(users.status, 200) << users.describe();
        const QJsonArray found = users.jsonArray();
        return found.isEmpty() ? QJsonObject() : found.first().toObject();
    }

    QByteArray resetLinkFor(const QString& email) {
        Browser browser(*s_server);
        const Reply sent =
            requestReset(browser, openPage(browser, "reset-password/request"), email);
        EXPECT_EQ(sent.status, 200) << sent.describe();
        std::optional<mail::ParsedMail> message = awaitMail(email, u"new password"_s);
        return message ? resetTarget(*message) : QByteArray();
    }

    Reply submitReset(Browser& browser, const Reply& form, const QString& password,
                      const QString& confirm) {
        return browser.post("/t/system/u/reset-password",
                            {{u"ticket"_s, Browser::field(form, u"ticket"_s)},
                             {u"csrf"_s, Browser::field(form, u"csrf"_s)},
                             {u"password"_s, password},
                             {u"password_confirm"_s, confirm}});
    }

    // A statement on the server's SQLite database, for what the HTTP API cannot do (an expired
    // ticket, a connection's options).
    static void execute(const QString& sql, const QVariantList& values = {}) {
        const QString name = QUuid::createUuid().toString();
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
            db.setDatabaseName(QDir(s_server->dataDir()).filePath(u"gatehouse.db"_s));
            db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=10000"_s);
            ASSERT_TRUE(db.open()) << db.lastError().text().toStdString();
            QSqlQuery query(db);
            ASSERT_TRUE(query.prepare(sql)) << query.lastError().text().toStdString();
            for (const QVariant& value : values)
                query.addBindValue(value);
            ASSERT_TRUE(query.exec()) << query.lastError().text().toStdString();
            EXPECT_GT(query.numRowsAffected(), 0) << sql.toStdString();
        }
        QSqlDatabase::removeDatabase(name);
    }

    static GatehousedProcess* s_server;
    static QString s_webId, s_webSecret;
};

GatehousedProcess* SignupAndResetTest::s_server = nullptr;
QString SignupAndResetTest::s_webId, SignupAndResetTest::s_webSecret;

TEST_F(SignupAndResetTest, SignupCreatesTheUserAndLogsIn) {
    Browser browser(*s_server);
    QString state;
    const Reply loginPage = openLoginPage(browser, &state);
    EXPECT_TRUE(loginPage.body.contains("u/signup?state=")) << loginPage.describe();
    const Reply page = browser.get("/t/system/u/signup?state=" + encoded(state));
    ASSERT_EQ(page.status, 200) << page.describe();
    EXPECT_FALSE(Browser::field(page, u"csrf"_s).isEmpty());

    const Reply done = signup(browser, page, u"New.Person@Example.com"_s, kStrong);
    ASSERT_EQ(done.status, 302) << done.describe();
    EXPECT_TRUE(done.header("Location").startsWith(QByteArray(kCallback.toUtf8() + "?code=")));
    const Reply tokens = redeem(Browser::redirectQuery(done).queryItemValue(u"code"_s));
    ASSERT_EQ(tokens.status, 200) << tokens.describe();
    const std::optional<JwtParts> id = decodeJwt(tokens.json().value("id_token"_L1).toString());
    ASSERT_TRUE(id.has_value());
    EXPECT_EQ(id->claims.value("email"_L1).toString(), u"new.person@example.com"_s);
    EXPECT_EQ(id->claims.value("email_verified"_L1), QJsonValue(false));
    EXPECT_TRUE(id->claims.value("sub"_L1).toString().startsWith("auth0|"_L1));

    awaitMail(u"new.person@example.com"_s, u"Welcome"_s);
    // The account logs in with its password from now on.
    EXPECT_EQ(login(u"new.person@example.com"_s, kStrong).status, 302);
}

// The welcome mail's link verifies the address, once; a changed ticket verifies nothing.
TEST_F(SignupAndResetTest, TheWelcomeMailVerifiesTheAddressOnce) {
    signupAndRedeem(u"verify.me@example.com"_s, kStrong);
    std::optional<mail::ParsedMail> welcome = awaitMail(u"verify.me@example.com"_s, u"Welcome"_s);
    ASSERT_TRUE(welcome);
    const QByteArray target = verifyTarget(*welcome);
    ASSERT_TRUE(target.startsWith("/t/system/u/verify-email?ticket=")) << target.toStdString();
    EXPECT_EQ(userByEmail(u"verify.me@example.com"_s).value("email_verified"_L1),
              QJsonValue(false));

    Browser browser(*s_server);
    QByteArray tampered = target;
    tampered[tampered.size() - 1] = tampered.back() == 'A' ? 'B' : 'A';
    for (const QByteArray& bad : {tampered, QByteArray("/t/system/u/verify-email"),
                                  QByteArray("/t/system/u/verify-email?ticket=x")}) {
        const Reply refused = browser.get(bad);
        EXPECT_EQ(refused.status, 400) << bad.toStdString() << refused.describe();
        EXPECT_TRUE(refused.body.contains("invalid, has expired or was used"))
            << refused.describe();
    }
    EXPECT_EQ(userByEmail(u"verify.me@example.com"_s).value("email_verified"_L1),
              QJsonValue(false));

    const Reply verified = browser.get(target);
    ASSERT_EQ(verified.status, 200) << verified.describe();
    EXPECT_TRUE(verified.header("Content-Type").startsWith("text/html"));
    EXPECT_TRUE(verified.body.contains("Your email address is verified")) << verified.describe();
    EXPECT_TRUE(verified.body.contains("verify.me@example.com"));
    EXPECT_EQ(userByEmail(u"verify.me@example.com"_s).value("email_verified"_L1), QJsonValue(true));
    // The ID token says so from now on.
    const Reply loggedIn = login(u"verify.me@example.com"_s, kStrong);
    ASSERT_EQ(loggedIn.status, 302) << loggedIn.describe();
    const Reply tokens = redeem(Browser::redirectQuery(loggedIn).queryItemValue(u"code"_s));
    const std::optional<JwtParts> id = decodeJwt(tokens.json().value("id_token"_L1).toString());
    ASSERT_TRUE(id);
    EXPECT_EQ(id->claims.value("email_verified"_L1), QJsonValue(true));

    const Reply again = browser.get(target);
    EXPECT_EQ(again.status, 400) << again.describe();
}

// Auth0's POST /api/v2/jobs/verification-email sends a fresh link.
TEST_F(SignupAndResetTest, TheVerificationEmailJobSendsALink) {
    signupAndRedeem(u"job@example.com"_s, kStrong);
    awaitMail(u"job@example.com"_s, u"Welcome"_s);
    const QString userId = userByEmail(u"job@example.com"_s).value("user_id"_L1).toString();
    ASSERT_FALSE(userId.isEmpty());
    const QString token = s_server->systemToken();

    // Bad requests send nothing.
    for (const auto& [body, status] : QList<std::pair<QJsonObject, int>>{
             {{{u"user_id"_s, u"auth0|000000000000000000000000"_s}}, 404},
             {{{u"user_id"_s, userId}, {u"client_id"_s, u"no-such-client"_s}}, 404},
             {{{u"client_id"_s, s_webId}}, 400},
             {{{u"user_id"_s, userId}, {u"identity"_s, QJsonObject()}}, 400}}) {
        const Reply refused =
            s_server->management("POST", kSystem, u"jobs/verification-email"_s, token, body);
        EXPECT_EQ(refused.status, status) << refused.describe();
    }
    const Reply job = s_server->management("POST", kSystem, u"jobs/verification-email"_s, token,
                                           {{u"user_id"_s, userId}, {u"client_id"_s, s_webId}});
    ASSERT_EQ(job.status, 201) << job.describe();
    EXPECT_EQ(job.json().value("type"_L1).toString(), u"verification_email"_s);
    EXPECT_EQ(job.json().value("status"_L1).toString(), u"pending"_s);
    EXPECT_TRUE(job.json().value("id"_L1).toString().startsWith("job_"_L1));

    std::optional<mail::ParsedMail> mail = awaitMail(u"job@example.com"_s, u"Verify your email"_s);
    ASSERT_TRUE(mail);
    Browser browser(*s_server);
    const Reply verified = browser.get(verifyTarget(*mail));
    EXPECT_EQ(verified.status, 200) << verified.describe();
    EXPECT_EQ(userByEmail(u"job@example.com"_s).value("email_verified"_L1), QJsonValue(true));
}

TEST_F(SignupAndResetTest, SignupRefusesWeakPasswordsAndCreatesNothing) {
    Browser browser(*s_server);
    const Reply page = openPage(browser, "signup");
    const Reply common = signup(browser, page, u"weak@example.com"_s, u"password"_s);
    EXPECT_EQ(common.status, 400) << common.describe();
    EXPECT_TRUE(common.body.contains("too common")) << common.describe();
    const Reply shortOne = signup(browser, page, u"weak@example.com"_s, u"k3#q"_s);
    EXPECT_EQ(shortOne.status, 400) << shortOne.describe();
    EXPECT_TRUE(shortOne.body.contains("too short")) << shortOne.describe();
    const Reply badEmail = signup(browser, page, u"not-an-address"_s, kStrong);
    EXPECT_EQ(badEmail.status, 400) << badEmail.describe();
    // Nothing was created: the address signs up normally now.
    const Reply done = signup(browser, page, u"weak@example.com"_s, kStrong);
    EXPECT_EQ(done.status, 302) << done.describe();
}

TEST_F(SignupAndResetTest, SignupWithAnAddressInUseRevealsNothing) {
    signupAndRedeem(u"taken@example.com"_s, kStrong);
    Browser browser(*s_server);
    const Reply page = openPage(browser, "signup");
    const Reply again = signup(browser, page, u"Taken@example.com"_s, kOtherStrong);
    EXPECT_EQ(again.status, 200) << again.describe();
    EXPECT_TRUE(again.body.contains("Check your email")) << again.describe();
    EXPECT_FALSE(again.body.contains("exist"));
    EXPECT_FALSE(again.hasHeader("Location"));
    for (const QByteArray& cookie : browser.lastSetCookies())
        EXPECT_FALSE(cookie.startsWith("gh_session=")) << cookie.toStdString();
    // The owner is told, and the account is unchanged.
    awaitMail(u"taken@example.com"_s, u"tried to sign up"_s);
    EXPECT_EQ(login(u"taken@example.com"_s, kOtherStrong).status, 401);
    EXPECT_EQ(login(u"taken@example.com"_s, kStrong).status, 302);
}

TEST_F(SignupAndResetTest, SignupCanBeDisabledPerConnection) {
    execute(u"UPDATE connections SET options = ? WHERE tenant = ? AND strategy = ?"_s,
            {u"{\"disable_signup\":true}"_s, kSystem, u"auth0"_s});
    Browser browser(*s_server);
    QString state;
    const Reply loginPage = openLoginPage(browser, &state);
    EXPECT_FALSE(loginPage.body.contains("u/signup")) << loginPage.describe();
    EXPECT_TRUE(loginPage.body.contains("reset-password/request")) << loginPage.describe();
    const Reply page = browser.get("/t/system/u/signup?state=" + encoded(state));
    EXPECT_EQ(page.status, 403) << page.describe();
    // A form from the login page's tokens is refused too.
    const Reply posted = signup(browser, loginPage, u"blocked@example.com"_s, kStrong);
    EXPECT_EQ(posted.status, 403) << posted.describe();
    EXPECT_EQ(login(u"blocked@example.com"_s, kStrong).status, 401);
}

TEST_F(SignupAndResetTest, ForgotPasswordAnswersAlikeForKnownAndUnknownAddresses) {
    signupAndRedeem(u"known@example.com"_s, kStrong);
    awaitMail(u"known@example.com"_s, u"Welcome"_s);
    Browser browser(*s_server);
    const Reply page = openPage(browser, "reset-password/request");
    ASSERT_EQ(page.status, 200) << page.describe();
    const int before = int(mail::FileOutbox::messageFiles(outbox()).size());
    const Reply unknown = requestReset(browser, page, u"nobody@example.com"_s);
    const Reply known = requestReset(browser, page, u"known@example.com"_s);
    EXPECT_EQ(unknown.status, 200) << unknown.describe();
    EXPECT_EQ(known.status, unknown.status);
    EXPECT_TRUE(known.body.contains("If an account exists for that address"));
    EXPECT_EQ(visible(known), visible(unknown));
    EXPECT_EQ(known.header("Content-Type"), unknown.header("Content-Type"));
    // Only the known address gets mail.
    std::optional<mail::ParsedMail> message = awaitMail(u"known@example.com"_s, u"new password"_s);
    ASSERT_TRUE(message.has_value());
    EXPECT_EQ(int(mail::FileOutbox::messageFiles(outbox()).size()), before + 1);
    EXPECT_TRUE(
        message->textBody.contains(s_server->issuer(kSystem) + u"u/reset-password?ticket="_s))
        << message->textBody.toStdString();
}

TEST_F(SignupAndResetTest, ResetLinkChangesThePasswordOnceAndEndsOldGrants) {
    const QJsonObject tokens = signupAndRedeem(u"reset@example.com"_s, kStrong);
    const QString refreshToken = tokens.value("refresh_token"_L1).toString();
    ASSERT_FALSE(refreshToken.isEmpty());
    const QByteArray link = resetLinkFor(u"reset@example.com"_s);
    ASSERT_FALSE(link.isEmpty());

    Browser browser(*s_server);
    const Reply form = browser.get(link);
    ASSERT_EQ(form.status, 200) << form.describe();
    EXPECT_FALSE(Browser::field(form, u"ticket"_s).isEmpty());
    const Reply mismatch = submitReset(browser, form, kOtherStrong, kStrong);
    EXPECT_EQ(mismatch.status, 400) << mismatch.describe();
    // A refused password does not use the link up.
    const Reply weak = submitReset(browser, form, u"password"_s, u"password"_s);
    EXPECT_EQ(weak.status, 400) << weak.describe();
    EXPECT_TRUE(weak.body.contains("too common")) << weak.describe();
    const Reply changed = submitReset(browser, form, kOtherStrong, kOtherStrong);
    ASSERT_EQ(changed.status, 200) << changed.describe();
    EXPECT_TRUE(changed.body.contains("Your password was changed")) << changed.describe();

    EXPECT_EQ(login(u"reset@example.com"_s, kStrong).status, 401);
    EXPECT_EQ(login(u"reset@example.com"_s, kOtherStrong).status, 302);
    const Reply reused = submitReset(browser, form, kStrong, kStrong);
    EXPECT_EQ(reused.status, 400) << reused.describe();
    EXPECT_EQ(login(u"reset@example.com"_s, kOtherStrong).status, 302);
    const Reply refreshed = refresh(refreshToken);
    EXPECT_EQ(refreshed.status, 400) << refreshed.describe();
    EXPECT_EQ(refreshed.errorCode(), u"invalid_grant"_s);
    awaitMail(u"reset@example.com"_s, u"was changed"_s);
}

TEST_F(SignupAndResetTest, ForgedExpiredAndCrossSiteResetsFail) {
    signupAndRedeem(u"expiry@example.com"_s, kStrong);
    Browser browser(*s_server);
    // A ticket that was never issued (well-formed, so the form shows; the POST finds nothing).
    const QByteArray forgedTicket = crypto::randomToken(32);
    const Reply forgedForm = browser.get("/t/system/u/reset-password?ticket=" + forgedTicket);
    ASSERT_EQ(forgedForm.status, 200) << forgedForm.describe();
    const Reply forged = submitReset(browser, forgedForm, kOtherStrong, kOtherStrong);
    EXPECT_EQ(forged.status, 400) << forged.describe();
    EXPECT_EQ(browser.get("/t/system/u/reset-password?ticket=short").status, 400);

    const QByteArray link = resetLinkFor(u"expiry@example.com"_s);
    ASSERT_FALSE(link.isEmpty());
    const Reply form = browser.get(link);
    ASSERT_EQ(form.status, 200) << form.describe();
    // The form's token from a browser without the cookie.
    Browser attacker(*s_server);
    EXPECT_EQ(submitReset(attacker, form, kOtherStrong, kOtherStrong).status, 403);
    // Another ticket's form token does not fit this ticket.
    const Reply crossed = browser.post("/t/system/u/reset-password",
                                       {{u"ticket"_s, Browser::field(form, u"ticket"_s)},
                                        {u"csrf"_s, Browser::field(forgedForm, u"csrf"_s)},
                                        {u"password"_s, kOtherStrong},
                                        {u"password_confirm"_s, kOtherStrong}});
    EXPECT_EQ(crossed.status, 403) << crossed.describe();

    execute(u"UPDATE password_resets SET expires_at = created_at - 1 WHERE tenant = ?"_s,
            {kSystem});
    const Reply expired = submitReset(browser, form, kOtherStrong, kOtherStrong);
    EXPECT_EQ(expired.status, 400) << expired.describe();
    EXPECT_EQ(login(u"expiry@example.com"_s, kStrong).status, 302);
}

TEST_F(SignupAndResetTest, ResetRequestsAreLimitedPerAddress) {
    Browser browser(*s_server);
    const Reply page = openPage(browser, "reset-password/request");
    for (int i = 0; i < 10; ++i)
        ASSERT_EQ(requestReset(browser, page, u"someone@example.com"_s).status, 200) << i;
    const Reply refused = requestReset(browser, page, u"someone@example.com"_s);
    EXPECT_EQ(refused.status, 429) << refused.describe();
    EXPECT_FALSE(refused.header("Retry-After").isEmpty());
}

} // namespace
} // namespace gatehouse::integration
