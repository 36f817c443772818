// The OpenID Foundation's basic OP certification plan (oidcc-basic-certification-test-plan:
// response_type=code, discovery, static client registration, client_secret_basic), one test per
// module of the plan that applies to the code flow, named after it, against the real gatehoused.
// Each test makes the plan's requests and checks what its conditions check; where the plan asks
// the tester for a manual step (a screenshot of the login page), the test checks the page instead.
// Modules for features Gatehouse does not offer are checked for the answer the plan accepts in
// that case (request objects: `request_not_supported`; address and phone scopes: not listed in
// scopes_supported, so the plan only requires that the request succeeds).
#include "Browser.h"
#include "CodeFlowClient.h"
#include "GatehousedProcess.h"
#include "IntegrationSupport.h"
#include "TokenTools.h"

#include <QJsonArray>
#include <QSet>
#include <QTest>
#include <QUrl>
#include <gtest/gtest.h>

namespace gatehouse::integration {
namespace {

using namespace Qt::StringLiterals;

const QString kTenant = u"oidcc"_s;
const QString kCallback = u"https://rp.example.org/oidcc/callback"_s;
const QString kEmail = u"certification@example.org"_s;
const QString kPassword = u"plan-Password-4711"_s;

QJsonObject payload(const QString& token) {
    const std::optional<JwtParts> parts = decodeJwt(token);
    return parts ? parts->claims : QJsonObject();
}

class OidccBasicPlan : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        s_server = new GatehousedProcess;
        ASSERT_TRUE(s_server->init());
        s_server->setEnvironment(u"GATEHOUSE_LOG_ACCESS_LOG"_s, u"off"_s);
        ASSERT_TRUE(s_server->start());
        const QString token = s_server->systemToken();
        Reply reply = s_server->management("POST", u"system"_s, u"tenants"_s, token,
                                           {{u"id"_s, kTenant}, {u"signing_alg"_s, u"RS256"_s}});
        ASSERT_EQ(reply.status, 201) << reply.describe();
        const auto webClient = [&](const QString& name, QString& id, QString& secret) {
            const Reply created = s_server->management(
                "POST", kTenant, u"clients"_s, token,
                {{u"name"_s, name},
                 {u"app_type"_s, u"regular_web"_s},
                 {u"grant_types"_s, QJsonArray{u"authorization_code"_s, u"refresh_token"_s}},
                 {u"callbacks"_s, QJsonArray{kCallback}}});
            ASSERT_EQ(created.status, 201) << created.describe();
            id = created.json().value("client_id"_L1).toString();
            secret = created.json().value("client_secret"_L1).toString();
        };
        webClient(u"certification rp"_s, s_clientId, s_secret);
        webClient(u"second rp"_s, s_otherId, s_otherSecret);
        ASSERT_FALSE(HasFatalFailure());
        reply = s_server->management("POST", kTenant, u"users"_s, token,
                                     {{u"connection"_s, u"Username-Password-Authentication"_s},
                                      {u"email"_s, kEmail},
                                      {u"password"_s, kPassword},
                                      {u"name"_s, u"Cert Ification"_s}});
        ASSERT_EQ(reply.status, 201) << reply.describe();
        s_userId = reply.json().value("user_id"_L1).toString();
        s_issuer = s_server->issuer(kTenant);
        // The tenant and both clients: the second client is the last of them made.
        ASSERT_TRUE(s_server->waitForClient(kTenant, s_otherId, s_otherSecret));
    }
    static void TearDownTestSuite() {
        if (s_server != nullptr) {
            EXPECT_EQ(s_server->stop(), 0);
        }
        delete s_server;
        s_server = nullptr;
    }

    static CodeFlowClient rp() {
        return CodeFlowClient(*s_server, kTenant, s_clientId, s_secret, kCallback);
    }

    // An interactive login; the code.
    static QString loginForCode(Browser& browser, const CodeFlowClient& client,
                                const QByteArray& extra = {}) {
        const Reply done = client.login(browser, client.authorizePath(extra), kEmail, kPassword);
        return redirectParameter(done, u"code"_s);
    }

    // An interactive login redeemed at the token endpoint; the token response.
    static QJsonObject loginForTokens(Browser& browser, const CodeFlowClient& client,
                                      const QByteArray& extra = {}) {
        const Reply tokens = client.redeem(loginForCode(browser, client, extra));
        EXPECT_EQ(tokens.status, 200) << tokens.describe();
        return tokens.json();
    }

    static QJsonObject jwks() {
        return s_server->get("/t/" + kTenant.toUtf8() + "/.well-known/jwks.json").json();
    }

    // The plan's ID token checks, with PyJWT (shares nothing with Gatehouse) for the signature.
    static void expectValidIdToken(const QString& idToken, const QString& nonce) {
        QString error;
        const std::optional<QJsonObject> claims =
            verifyWithPyJwt(idToken, jwks(), u"RS256"_s, s_clientId, s_issuer,
                            s_server->temporaryPath(QString()), error);
        ASSERT_TRUE(claims.has_value()) << str(error);
        EXPECT_EQ(claims->value("sub"_L1).toString(), s_userId);
        for (const char* claim : {"exp", "iat", "auth_time"})
            EXPECT_TRUE(claims->value(QLatin1String(claim)).isDouble()) << claim;
        if (nonce.isEmpty())
            EXPECT_FALSE(claims->contains("nonce"_L1));
        else
            EXPECT_EQ(claims->value("nonce"_L1).toString(), nonce);
        const std::optional<JwtParts> parts = decodeJwt(idToken);
        ASSERT_TRUE(parts.has_value());
        EXPECT_FALSE(parts->header.value("kid"_L1).toString().isEmpty());
    }

    static GatehousedProcess* s_server;
    static QString s_clientId, s_secret, s_otherId, s_otherSecret, s_userId, s_issuer;
};

GatehousedProcess* OidccBasicPlan::s_server = nullptr;
QString OidccBasicPlan::s_clientId, OidccBasicPlan::s_secret, OidccBasicPlan::s_otherId,
    OidccBasicPlan::s_otherSecret, OidccBasicPlan::s_userId, OidccBasicPlan::s_issuer;

// oidcc-discovery-endpoint-verification
TEST_F(OidccBasicPlan, DiscoveryEndpointVerification) {
    const Reply reply =
        s_server->get("/t/" + kTenant.toUtf8() + "/.well-known/openid-configuration");
    ASSERT_EQ(reply.status, 200) << reply.describe();
    const QJsonObject metadata = reply.json();
    EXPECT_EQ(metadata.value("issuer"_L1).toString(), s_issuer);
    for (const char* field : {"authorization_endpoint", "token_endpoint", "userinfo_endpoint",
                              "jwks_uri", "response_types_supported", "subject_types_supported",
                              "id_token_signing_alg_values_supported", "scopes_supported",
                              "claims_supported", "token_endpoint_auth_methods_supported"})
        EXPECT_TRUE(metadata.contains(QLatin1String(field))) << field;
    for (const char* endpoint :
         {"authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri"})
        EXPECT_TRUE(metadata.value(QLatin1String(endpoint)).toString().startsWith(s_issuer))
            << endpoint;
    const auto contains = [&](const char* field, const QString& value) {
        return metadata.value(QLatin1String(field)).toArray().contains(value);
    };
    EXPECT_TRUE(contains("response_types_supported", u"code"_s));
    EXPECT_TRUE(contains("scopes_supported", u"openid"_s));
    EXPECT_TRUE(contains("id_token_signing_alg_values_supported", u"RS256"_s));
    EXPECT_TRUE(contains("subject_types_supported", u"public"_s));
    EXPECT_TRUE(contains("token_endpoint_auth_methods_supported", u"client_secret_basic"_s));
    EXPECT_TRUE(contains("claims_supported", u"sub"_s));
    EXPECT_EQ(metadata.value("request_parameter_supported"_L1), QJsonValue(false));
}

// oidcc-server: the code flow; the ID token's signature, iss, aud, exp, iat, nonce and kid.
TEST_F(OidccBasicPlan, Server) {
    Browser browser(*s_server);
    const CodeFlowClient client = rp();
    const Reply done = client.login(browser, client.authorizePath(), kEmail, kPassword);
    EXPECT_EQ(redirectParameter(done, u"state"_s), u"st-1"_s);
    EXPECT_EQ(redirectParameter(done, u"iss"_s), s_issuer);
    const Reply tokens = client.redeem(redirectParameter(done, u"code"_s));
    ASSERT_EQ(tokens.status, 200) << tokens.describe();
    EXPECT_EQ(tokens.json().value("token_type"_L1).toString(), u"Bearer"_s);
    EXPECT_TRUE(tokens.json().value("expires_in"_L1).isDouble());
    expectValidIdToken(tokens.json().value("id_token"_L1).toString(), u"n-1"_s);
}

// oidcc-response-type-missing: an error returned to the client (the plan also accepts an error
// page), never a code.
TEST_F(OidccBasicPlan, ResponseTypeMissing) {
    Browser browser(*s_server);
    const CodeFlowClient client = rp();
    QByteArray path = client.authorizePath();
    path.replace("response_type=code&", "");
    const Reply reply = browser.get(path);
    ASSERT_EQ(reply.status, 302) << reply.describe();
    EXPECT_EQ(redirectParameter(reply, u"error"_s), u"invalid_request"_s);
    EXPECT_EQ(redirectParameter(reply, u"state"_s), u"st-1"_s);
    EXPECT_TRUE(redirectParameter(reply, u"code"_s).isEmpty());
}

// oidcc-userinfo-get, oidcc-userinfo-post-header, oidcc-userinfo-post-body
TEST_F(OidccBasicPlan, UserinfoGetPostHeaderAndPostBody) {
    Browser browser(*s_server);
    const CodeFlowClient client = rp();
    const QString access = loginForTokens(browser, client).value("access_token"_L1).toString();
    for (const Reply& reply : {client.userinfoGet(access), client.userinfoPostHeader(access),
                               client.userinfoPostBody(access)}) {
        ASSERT_EQ(reply.status, 200) << reply.describe();
        EXPECT_TRUE(reply.header("Content-Type").startsWith("application/json"));
        EXPECT_EQ(reply.json().value("sub"_L1).toString(), s_userId);
    }
}

// oidcc-ensure-request-without-nonce-succeeds-for-code-flow
TEST_F(OidccBasicPlan, EnsureRequestWithoutNonceSucceedsForCodeFlow) {
    Browser browser(*s_server);
    CodeFlowClient client = rp();
    client.nonce.clear();
    const QJsonObject tokens = loginForTokens(browser, client);
    expectValidIdToken(tokens.value("id_token"_L1).toString(), {});
}

// oidcc-scope-profile, oidcc-scope-email, oidcc-scope-address, oidcc-scope-phone, oidcc-scope-all
TEST_F(OidccBasicPlan, ScopeProfileEmailAddressPhoneAll) {
    struct Case {
        QString scope;
        QStringList claims;
    };
    const Case cases[] = {
        {u"openid profile"_s, {u"name"_s, u"updated_at"_s}},
        {u"openid email"_s, {u"email"_s, u"email_verified"_s}},
        // Not in scopes_supported: the plan then only requires that the request succeeds.
        {u"openid address"_s, {}},
        {u"openid phone"_s, {}},
        {u"openid profile email address phone"_s, {u"name"_s, u"email"_s}},
    };
    for (const Case& c : cases) {
        Browser browser(*s_server);
        CodeFlowClient client = rp();
        client.scope = c.scope;
        const QJsonObject tokens = loginForTokens(browser, client);
        const Reply userinfo = client.userinfoGet(tokens.value("access_token"_L1).toString());
        ASSERT_EQ(userinfo.status, 200) << str(c.scope) << userinfo.describe();
        const QJsonObject idToken = payload(tokens.value("id_token"_L1).toString());
        for (const QString& claim : c.claims)
            EXPECT_TRUE(userinfo.json().contains(claim) || idToken.contains(claim))
                << str(c.scope) << ": " << str(claim);
    }
}

// oidcc-ensure-other-scope-order-succeeds
TEST_F(OidccBasicPlan, EnsureOtherScopeOrderSucceeds) {
    Browser browser(*s_server);
    CodeFlowClient client = rp();
    client.scope = u"email openid"_s;
    const QJsonObject tokens = loginForTokens(browser, client);
    EXPECT_FALSE(tokens.value("id_token"_L1).toString().isEmpty());
}

// oidcc-display-page, oidcc-display-popup: the login page is shown (a manual check in the plan).
TEST_F(OidccBasicPlan, DisplayPageAndPopup) {
    for (const QByteArray& display : {QByteArray("page"), QByteArray("popup")}) {
        Browser browser(*s_server);
        const CodeFlowClient client = rp();
        const Reply page =
            client.openLoginPage(browser, client.authorizePath("&display=" + display));
        EXPECT_EQ(page.status, 200) << display.toStdString() << page.describe();
        EXPECT_TRUE(page.body.contains("name=\"password\"")) << display.toStdString();
    }
}

// oidcc-prompt-login: a second request with prompt=login shows the login page again, and the new
// ID token's auth_time is later.
TEST_F(OidccBasicPlan, PromptLogin) {
    Browser browser(*s_server);
    const CodeFlowClient client = rp();
    const QJsonObject first =
        payload(loginForTokens(browser, client).value("id_token"_L1).toString());
    QTest::qWait(1100); // auth_time has a resolution of seconds
    const QJsonObject second =
        payload(loginForTokens(browser, client, "&prompt=login").value("id_token"_L1).toString());
    EXPECT_GT(second.value("auth_time"_L1).toInteger(), first.value("auth_time"_L1).toInteger());
}

// oidcc-prompt-none-not-logged-in
TEST_F(OidccBasicPlan, PromptNoneNotLoggedIn) {
    Browser browser(*s_server);
    const CodeFlowClient client = rp();
    const Reply reply = browser.get(client.authorizePath("&prompt=none"));
    ASSERT_EQ(reply.status, 302) << reply.describe();
    EXPECT_EQ(redirectParameter(reply, u"error"_s), u"login_required"_s);
    EXPECT_EQ(redirectParameter(reply, u"state"_s), u"st-1"_s);
}

// oidcc-prompt-none-logged-in: a code without any page, and the same user.
TEST_F(OidccBasicPlan, PromptNoneLoggedIn) {
    Browser browser(*s_server);
    const CodeFlowClient client = rp();
    ASSERT_FALSE(loginForCode(browser, client).isEmpty());
    const Reply silent = browser.get(client.authorizePath("&prompt=none"));
    ASSERT_EQ(silent.status, 302) << silent.describe();
    const Reply tokens = client.redeem(redirectParameter(silent, u"code"_s));
    ASSERT_EQ(tokens.status, 200) << tokens.describe();
    expectValidIdToken(tokens.json().value("id_token"_L1).toString(), u"n-1"_s);
}

// oidcc-max-age-1: a second request with max_age=1, more than a second later, logs in again.
TEST_F(OidccBasicPlan, MaxAge1) {
    Browser browser(*s_server);
    const CodeFlowClient client = rp();
    const qint64 firstAuthTime =
        payload(loginForTokens(browser, client).value("id_token"_L1).toString())
            .value("auth_time"_L1)
            .toInteger();
    QTest::qWait(2100);
    const Reply again = browser.get(client.authorizePath("&max_age=1"));
    ASSERT_TRUE(Browser::localTarget(again).contains("/u/login?")) << again.describe();
    const QJsonObject idToken =
        payload(loginForTokens(browser, client, "&max_age=1").value("id_token"_L1).toString());
    EXPECT_GT(idToken.value("auth_time"_L1).toInteger(), firstAuthTime);
}

// oidcc-max-age-10000: no new login, and the ID token carries the first login's auth_time.
TEST_F(OidccBasicPlan, MaxAge10000) {
    Browser browser(*s_server);
    const CodeFlowClient client = rp();
    const qint64 firstAuthTime =
        payload(loginForTokens(browser, client).value("id_token"_L1).toString())
            .value("auth_time"_L1)
            .toInteger();
    const Reply silent = browser.get(client.authorizePath("&max_age=10000"));
    ASSERT_EQ(silent.status, 302);
    ASSERT_TRUE(Browser::localTarget(silent).isEmpty()) << "a login page: " << silent.describe();
    const Reply tokens = client.redeem(redirectParameter(silent, u"code"_s));
    ASSERT_EQ(tokens.status, 200) << tokens.describe();
    EXPECT_EQ(
        payload(tokens.json().value("id_token"_L1).toString()).value("auth_time"_L1).toInteger(),
        firstAuthTime);
}

// oidcc-ensure-request-with-unknown-parameter-succeeds, and the optional parameters the plan sends
// in modules of their own: oidcc-ui-locales, oidcc-claims-locales,
// oidcc-ensure-request-with-acr-values-succeeds, oidcc-claims-essential.
TEST_F(OidccBasicPlan, UnknownAndOptionalParametersSucceed) {
    const QByteArray claims =
        QUrl::toPercentEncoding(u"{\"userinfo\":{\"name\":{\"essential\":true}}}"_s);
    for (const QByteArray& extra :
         {QByteArray("&extra=foobar"), QByteArray("&ui_locales=se"),
          QByteArray("&claims_locales=se"), QByteArray("&acr_values=1%202"),
          QByteArray("&claims=" + claims)}) {
        Browser browser(*s_server);
        const CodeFlowClient client = rp();
        const Reply tokens = client.redeem(loginForCode(browser, client, extra));
        EXPECT_EQ(tokens.status, 200) << extra.toStdString() << tokens.describe();
    }
}

// oidcc-id-token-hint: prompt=none with the ID token of the logged-in user returns the same
// user. Gatehouse also refuses a hint it did not issue, and answers login_required when the
// hint names another user than the session's.
TEST_F(OidccBasicPlan, IdTokenHint) {
    Browser browser(*s_server);
    const CodeFlowClient client = rp();
    const QString idToken = loginForTokens(browser, client).value("id_token"_L1).toString();
    const QByteArray hint = "&prompt=none&id_token_hint=" + QUrl::toPercentEncoding(idToken);
    const Reply silent = browser.get(client.authorizePath(hint));
    ASSERT_EQ(silent.status, 302);
    const Reply tokens = client.redeem(redirectParameter(silent, u"code"_s));
    ASSERT_EQ(tokens.status, 200) << silent.describe() << tokens.describe();
    EXPECT_EQ(payload(tokens.json().value("id_token"_L1).toString()).value("sub"_L1).toString(),
              s_userId);

    // A hint with a changed subject no longer verifies: refused, not a session of someone else.
    std::optional<JwtParts> parts = decodeJwt(idToken);
    ASSERT_TRUE(parts.has_value());
    parts->claims.insert(u"sub"_s, u"auth0|someone-else"_s);
    const QStringList segments = idToken.split(u'.');
    const QString forged =
        segments[0] + u'.' + QString::fromLatin1(jwtSegment(parts->claims)) + u'.' + segments[2];
    const Reply refused = browser.get(
        client.authorizePath("&prompt=none&id_token_hint=" + QUrl::toPercentEncoding(forged)));
    ASSERT_EQ(refused.status, 302) << refused.describe();
    EXPECT_EQ(redirectParameter(refused, u"error"_s), u"invalid_request"_s);
    EXPECT_TRUE(redirectParameter(refused, u"code"_s).isEmpty());

    // The hint of another user (a second account logged in elsewhere): login_required here.
    const QString otherEmail = u"second-user@example.org"_s;
    const Reply created =
        s_server->management("POST", kTenant, u"users"_s, s_server->systemToken(),
                             {{u"connection"_s, u"Username-Password-Authentication"_s},
                              {u"email"_s, otherEmail},
                              {u"password"_s, kPassword}});
    ASSERT_EQ(created.status, 201) << created.describe();
    Browser elsewhere(*s_server);
    const Reply otherLogin = client.login(elsewhere, client.authorizePath(), otherEmail, kPassword);
    const Reply otherTokens = client.redeem(redirectParameter(otherLogin, u"code"_s));
    ASSERT_EQ(otherTokens.status, 200) << otherTokens.describe();
    const Reply mismatch = browser.get(client.authorizePath(
        "&prompt=none&id_token_hint=" +
        QUrl::toPercentEncoding(otherTokens.json().value("id_token"_L1).toString())));
    ASSERT_EQ(mismatch.status, 302) << mismatch.describe();
    EXPECT_EQ(redirectParameter(mismatch, u"error"_s), u"login_required"_s);
}

// oidcc-login-hint: the login page starts with the hinted identifier filled in (a manual check
// in the plan).
TEST_F(OidccBasicPlan, LoginHint) {
    Browser browser(*s_server);
    const CodeFlowClient client = rp();
    const Reply page = client.openLoginPage(
        browser, client.authorizePath("&login_hint=" + QUrl::toPercentEncoding(kEmail)));
    ASSERT_EQ(page.status, 200) << page.describe();
    EXPECT_EQ(Browser::field(page, u"username"_s), kEmail);
}

// oidcc-codereuse, oidcc-codereuse-30seconds: the second redemption fails, and the tokens from
// the first stop working. (The plan waits 30 s first; the codes here live 60 s, so waiting would
// only slow the suite down: what it checks is the revocation, which happens either way.)
TEST_F(OidccBasicPlan, CodeReuse) {
    Browser browser(*s_server);
    const CodeFlowClient client = rp();
    const QString code = loginForCode(browser, client);
    const Reply first = client.redeem(code);
    ASSERT_EQ(first.status, 200) << first.describe();
    const QString access = first.json().value("access_token"_L1).toString();
    ASSERT_EQ(client.userinfoGet(access).status, 200);
    const Reply second = client.redeem(code);
    EXPECT_EQ(second.status, 400) << second.describe();
    EXPECT_EQ(second.errorCode(), u"invalid_grant"_s);
    EXPECT_EQ(client.userinfoGet(access).status, 401);
}

// oidcc-ensure-registered-redirect-uri: an unregistered redirect URI gets an error page at the
// server, never a redirect.
TEST_F(OidccBasicPlan, EnsureRegisteredRedirectUri) {
    Browser browser(*s_server);
    const CodeFlowClient client(*s_server, kTenant, s_clientId, s_secret,
                                u"https://rp.example.org/oidcc/callback/unregistered"_s);
    const Reply reply = browser.get(client.authorizePath());
    EXPECT_EQ(reply.status, 400) << reply.describe();
    EXPECT_FALSE(reply.hasHeader("Location"));
    EXPECT_TRUE(reply.header("Content-Type").startsWith("text/html"));
}

// oidcc-unsigned-request-object-supported-correctly-or-rejected-as-unsupported,
// oidcc-request-uri-unsigned: not supported, and said so to the client.
TEST_F(OidccBasicPlan, RequestObjectsAreRejectedAsUnsupported) {
    const QJsonObject requestObject{{u"client_id"_s, s_clientId},
                                    {u"redirect_uri"_s, kCallback},
                                    {u"response_type"_s, u"code"_s},
                                    {u"scope"_s, u"openid"_s}};
    const QByteArray request =
        "&request=" + QUrl::toPercentEncoding(unsignedJwt({{u"alg"_s, u"none"_s}}, requestObject));
    Browser browser(*s_server);
    const CodeFlowClient client = rp();
    Reply reply = browser.get(client.authorizePath(request));
    ASSERT_EQ(reply.status, 302) << reply.describe();
    EXPECT_EQ(redirectParameter(reply, u"error"_s), u"request_not_supported"_s);
    reply = browser.get(client.authorizePath("&request_uri=https%3A%2F%2Frp.example.org%2Freq"));
    ASSERT_EQ(reply.status, 302) << reply.describe();
    EXPECT_EQ(redirectParameter(reply, u"error"_s), u"request_uri_not_supported"_s);
}

// oidcc-ensure-request-with-valid-pkce-succeeds, with the wrong verifier failing.
TEST_F(OidccBasicPlan, EnsureRequestWithValidPkceSucceeds) {
    const QByteArray verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    const QByteArray pkce =
        "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256";
    Browser browser(*s_server);
    const CodeFlowClient client = rp();
    Reply tokens = client.redeem(loginForCode(browser, client, pkce), "&code_verifier=" + verifier);
    EXPECT_EQ(tokens.status, 200) << tokens.describe();
    tokens = client.redeem(loginForCode(browser, client, pkce + "&prompt=login"),
                           "&code_verifier=" + QByteArray(43, 'A'));
    EXPECT_EQ(tokens.errorCode(), u"invalid_grant"_s) << tokens.describe();
}

// oidcc-refresh-token: refresh works, its ID token names the same user and client, and another
// client cannot use the refresh token (bound to the client).
TEST_F(OidccBasicPlan, RefreshToken) {
    Browser browser(*s_server);
    const CodeFlowClient client = rp();
    const QJsonObject tokens = loginForTokens(browser, client);
    const QString refreshToken = tokens.value("refresh_token"_L1).toString();
    ASSERT_FALSE(refreshToken.isEmpty());

    const CodeFlowClient other(*s_server, kTenant, s_otherId, s_otherSecret, kCallback);
    const Reply stolen = other.refresh(refreshToken);
    EXPECT_EQ(stolen.status, 400) << stolen.describe();
    EXPECT_EQ(stolen.errorCode(), u"invalid_grant"_s);

    const Reply refreshed = client.refresh(refreshToken);
    ASSERT_EQ(refreshed.status, 200) << refreshed.describe();
    const QJsonObject before = payload(tokens.value("id_token"_L1).toString());
    const QJsonObject after = payload(refreshed.json().value("id_token"_L1).toString());
    for (const char* claim : {"iss", "sub", "aud", "auth_time"})
        EXPECT_EQ(after.value(QLatin1String(claim)), before.value(QLatin1String(claim))) << claim;
    EXPECT_EQ(client.userinfoGet(refreshed.json().value("access_token"_L1).toString()).status, 200);
}

// oidcc-ensure-post-request-succeeds: the authorization request as a form POST.
TEST_F(OidccBasicPlan, EnsurePostRequestSucceeds) {
    Browser browser(*s_server);
    const CodeFlowClient client = rp();
    const QUrlQuery query(QString::fromLatin1(client.authorizePath().split('?').last()));
    QList<std::pair<QString, QString>> fields;
    for (const auto& [name, value] : query.queryItems(QUrl::FullyDecoded))
        fields.append({name, value});
    const Reply redirect = browser.post(client.tenantPath("authorize"), fields);
    ASSERT_EQ(redirect.status, 302) << redirect.describe();
    const Reply page = browser.get(Browser::localTarget(redirect));
    const Reply done = client.submitLogin(browser, page, kEmail, kPassword);
    ASSERT_EQ(done.status, 302) << done.describe();
    EXPECT_EQ(client.redeem(redirectParameter(done, u"code"_s)).status, 200);
}

// oidcc-server-rotate-keys: after a rotation the new ID tokens carry the new kid and verify
// against the published JWKS.
TEST_F(OidccBasicPlan, ServerRotateKeys) {
    Browser browser(*s_server);
    const CodeFlowClient client = rp();
    const QString before = loginForTokens(browser, client).value("id_token"_L1).toString();
    auto publishedKids = [] {
        QSet<QString> kids;
        for (const QJsonValue& key : jwks().value("keys"_L1).toArray())
            kids.insert(key.toObject().value("kid"_L1).toString());
        return kids;
    };
    const QSet<QString> publishedBefore = publishedKids();
    const Reply rotated =
        s_server->management("POST", kTenant, u"keys/signing/rotate"_s, s_server->systemToken());
    ASSERT_TRUE(rotated.status == 200 || rotated.status == 201) << rotated.describe();
    // The rotation makes a new next key; once the JWKS publishes it, the tenant catalog has
    // taken the rotation in, and logins sign with the new current key.
    ASSERT_TRUE(QTest::qWaitFor(
        [&] { return !publishedKids().subtract(publishedBefore).isEmpty(); }, 10000));
    const QString after =
        loginForTokens(browser, client, "&prompt=login").value("id_token"_L1).toString();
    EXPECT_NE(decodeJwt(after)->header.value("kid"_L1), decodeJwt(before)->header.value("kid"_L1));
    expectValidIdToken(after, u"n-1"_s);
}

} // namespace
} // namespace gatehouse::integration
