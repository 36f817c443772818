// Users and connections through the Management API of the real gatehoused: a user created with
// the API logs in through the login flow (docs/login.md) with the password the API hashed, a
// password changed through the API replaces the old one, a deleted user cannot log in, and the
// management client that `init` makes holds the connections scopes.
#include "Browser.h"
#include "GatehousedProcess.h"
#include "IntegrationSupport.h"
#include "TokenTools.h"

#include <QTest>
#include <QUrl>
#include <gtest/gtest.h>

namespace gatehouse::integration {
namespace {

using namespace Qt::StringLiterals;

const QString kCallback = u"https://app.example.com/callback"_s;
const QString kEmail = u"Maria@Example.com"_s;
const QString kPassword = u"cobalt lantern harbour 77"_s;

class ManagementUsersTest : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(m_server.init());
        m_server.setEnvironment(u"GATEHOUSE_LOG_ACCESS_LOG"_s, u"off"_s);
        ASSERT_TRUE(m_server.start());
        m_tenant = m_server.tenant();
        m_token = m_server.managementToken();
        ASSERT_FALSE(m_token.isEmpty());
        const Reply web = api("POST", u"clients"_s,
                              {{u"name"_s, u"web"_s},
                               {u"app_type"_s, u"regular_web"_s},
                               {u"grant_types"_s, QJsonArray{u"authorization_code"_s}},
                               {u"callbacks"_s, QJsonArray{kCallback}}});
        ASSERT_EQ(web.status, 201) << web.describe();
        m_webId = web.json().value("client_id"_L1).toString();
        m_webSecret = web.json().value("client_secret"_L1).toString();
        ASSERT_TRUE(m_server.waitForClient(m_tenant, m_webId, m_webSecret));
    }

    void TearDown() override {
        if (m_server.isRunning()) {
            EXPECT_EQ(m_server.stop(), 0) << str(m_server.standardError());
        }
    }

    Reply api(const QByteArray& method, const QString& path, const QJsonObject& body = {}) {
        return m_server.management(method, m_tenant, path, m_token, body);
    }

    // /authorize, the login page and its form; the answer to the form.
    Reply login(const QString& email, const QString& password) {
        Browser browser(m_server);
        const QByteArray root = "/t/" + m_tenant.toUtf8();
        const Reply redirect =
            browser.get(root +
                        "/authorize?response_type=code&scope=openid%20email&state=s&nonce=n"
                        "&client_id=" +
                        QUrl::toPercentEncoding(m_webId) +
                        "&redirect_uri=" + QUrl::toPercentEncoding(kCallback));
        EXPECT_EQ(redirect.status, 302) << redirect.describe();
        const Reply page = browser.get(Browser::localTarget(redirect));
        EXPECT_EQ(page.status, 200) << page.describe();
        return browser.post(root + "/u/login", {{u"state"_s, Browser::field(page, u"state"_s)},
                                                {u"csrf"_s, Browser::field(page, u"csrf"_s)},
                                                {u"username"_s, email},
                                                {u"password"_s, password}});
    }

    // The ID token's claims for a code from a successful login.
    QJsonObject redeem(const Reply& done) {
        const QString code = Browser::redirectQuery(done).queryItemValue(u"code"_s);
        EXPECT_FALSE(code.isEmpty()) << done.describe();
        const Reply tokens = m_server.call(
            "POST", "/t/" + m_tenant.toUtf8() + "/oauth/token",
            {{"Content-Type", "application/x-www-form-urlencoded"},
             {"Authorization", "Basic " + (m_webId + u':' + m_webSecret).toUtf8().toBase64()}},
            "grant_type=authorization_code&code=" + QUrl::toPercentEncoding(code) +
                "&redirect_uri=" + QUrl::toPercentEncoding(kCallback));
        EXPECT_EQ(tokens.status, 200) << tokens.describe();
        const std::optional<JwtParts> idToken =
            decodeJwt(tokens.json().value("id_token"_L1).toString());
        return idToken ? idToken->claims : QJsonObject();
    }

    GatehousedProcess m_server;
    QString m_tenant;
    QString m_token;
    QString m_webId;
    QString m_webSecret;
};

TEST_F(ManagementUsersTest, AUserCreatedThroughTheApiLogsIn) {
    const Reply created = api("POST", u"users"_s,
                              {{u"connection"_s, u"Username-Password-Authentication"_s},
                               {u"email"_s, kEmail},
                               {u"password"_s, kPassword},
                               {u"email_verified"_s, true}});
    ASSERT_EQ(created.status, 201) << created.describe();
    EXPECT_FALSE(created.body.contains("argon2")) << created.describe();
    const QString userId = created.json().value("user_id"_L1).toString();

    const Reply done = login(kEmail, kPassword);
    ASSERT_EQ(done.status, 302) << done.describe();
    const QJsonObject claims = redeem(done);
    EXPECT_EQ(claims.value("sub"_L1).toString(), userId);
    EXPECT_EQ(claims.value("email"_L1).toString(), u"maria@example.com"_s);

    const Reply user =
        api("GET", u"users/"_s + QString::fromLatin1(QUrl::toPercentEncoding(userId)));
    ASSERT_EQ(user.status, 200) << user.describe();
    EXPECT_EQ(user.json().value("logins_count"_L1).toInt(), 1);
    EXPECT_TRUE(user.json().contains("last_login"_L1));
    const Reply found = api("GET", u"users?q=email:%22maria@example.com%22"_s);
    ASSERT_EQ(found.status, 200) << found.describe();
    EXPECT_EQ(found.jsonArray().size(), 1);
}

TEST_F(ManagementUsersTest, PasswordChangesAndDeletionTakeEffectAtLogin) {
    const Reply created = api("POST", u"users"_s,
                              {{u"connection"_s, u"Username-Password-Authentication"_s},
                               {u"email"_s, kEmail},
                               {u"password"_s, kPassword}});
    ASSERT_EQ(created.status, 201) << created.describe();
    const QString path =
        u"users/"_s +
        QString::fromLatin1(QUrl::toPercentEncoding(created.json().value("user_id"_L1).toString()));
    const QString newPassword = u"violet anchor meadow 31"_s;
    const Reply changed = api("PATCH", path, {{u"password"_s, newPassword}});
    ASSERT_EQ(changed.status, 200) << changed.describe();
    EXPECT_EQ(login(kEmail, kPassword).status, 401);
    EXPECT_EQ(login(kEmail, newPassword).status, 302);

    ASSERT_EQ(api("DELETE", path).status, 204);
    EXPECT_EQ(login(kEmail, newPassword).status, 401);
    EXPECT_EQ(api("GET", path).status, 404);
}

TEST_F(ManagementUsersTest, TheInitManagementClientManagesConnections) {
    const Reply created =
        api("POST", u"connections"_s,
            {{u"name"_s, u"partner"_s},
             {u"strategy"_s, u"oidc"_s},
             {u"options"_s, QJsonObject{{u"issuer"_s, u"https://login.partner.example/"_s},
                                        {u"client_id"_s, u"gatehouse"_s},
                                        {u"client_secret"_s, u"partner-secret-91"_s}}},
             {u"enabled_clients"_s, QJsonArray{m_webId}}});
    ASSERT_EQ(created.status, 201) << created.describe();
    EXPECT_FALSE(created.body.contains("partner-secret-91"));
    const Reply listed = api("GET", u"connections?strategy=oidc"_s);
    ASSERT_EQ(listed.status, 200) << listed.describe();
    ASSERT_EQ(listed.jsonArray().size(), 1);
    EXPECT_FALSE(listed.body.contains("partner-secret-91"));
    EXPECT_EQ(api("DELETE", u"connections/"_s + created.json().value("id"_L1).toString()).status,
              204);
}

} // namespace
} // namespace gatehouse::integration
