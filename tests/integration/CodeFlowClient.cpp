#include "CodeFlowClient.h"

#include <QUrl>

#include <gtest/gtest.h>

namespace gatehouse::integration {

using namespace Qt::StringLiterals;

namespace {

QByteArray encoded(const QString& value) {
    return QUrl::toPercentEncoding(value);
}

const QByteArray kForm = "application/x-www-form-urlencoded";

} // namespace

CodeFlowClient::CodeFlowClient(GatehousedProcess& server, QString tenant, QString clientId,
                               QString secret, QString redirectUri)
    : m_server(server)
    , m_tenant(std::move(tenant))
    , m_clientId(std::move(clientId))
    , m_secret(std::move(secret))
    , m_redirectUri(std::move(redirectUri)) {}

QByteArray CodeFlowClient::tenantPath(const QByteArray& rest) const {
    return "/t/" + m_tenant.toUtf8() + '/' + rest;
}

QByteArray CodeFlowClient::authorizePath(const QByteArray& extra) const {
    QByteArray path = tenantPath("authorize?response_type=code&client_id=") + encoded(m_clientId) +
                      "&redirect_uri=" + encoded(m_redirectUri);
    if (!scope.isEmpty())
        path += "&scope=" + encoded(scope);
    if (!state.isEmpty())
        path += "&state=" + encoded(state);
    if (!nonce.isEmpty())
        path += "&nonce=" + encoded(nonce);
    return path + extra;
}

Reply CodeFlowClient::openLoginPage(Browser& browser, const QByteArray& authorize) const {
    const Reply redirect = browser.get(authorize);
    EXPECT_EQ(redirect.status, 302) << redirect.describe();
    const QByteArray page = Browser::localTarget(redirect);
    EXPECT_TRUE(page.startsWith(tenantPath("u/login?state="))) << redirect.describe();
    return browser.get(page);
}

Reply CodeFlowClient::submitLogin(Browser& browser, const Reply& page, const QString& username,
                                  const QString& password) const {
    return browser.post(tenantPath("u/login"), {{u"state"_s, Browser::field(page, u"state"_s)},
                                                {u"csrf"_s, Browser::field(page, u"csrf"_s)},
                                                {u"username"_s, username},
                                                {u"password"_s, password}});
}

Reply CodeFlowClient::login(Browser& browser, const QByteArray& authorize, const QString& username,
                            const QString& password) const {
    const Reply page = openLoginPage(browser, authorize);
    const Reply done = submitLogin(browser, page, username, password);
    EXPECT_EQ(done.status, 302) << done.describe();
    return done;
}

Reply CodeFlowClient::tokenRequest(QByteArray body) const {
    Headers headers{{"Content-Type", kForm}};
    if (m_secret.isEmpty())
        body += "&client_id=" + encoded(m_clientId);
    else
        headers.append({QByteArray("Authorization"),
                        "Basic " + (m_clientId + u':' + m_secret).toUtf8().toBase64()});
    return m_server.call("POST", tenantPath("oauth/token"), headers, body);
}

Reply CodeFlowClient::redeem(const QString& code, const QByteArray& extra) const {
    return tokenRequest("grant_type=authorization_code&code=" + encoded(code) +
                        "&redirect_uri=" + encoded(m_redirectUri) + extra);
}

Reply CodeFlowClient::refresh(const QString& refreshToken, const QByteArray& extra) const {
    return tokenRequest("grant_type=refresh_token&refresh_token=" + encoded(refreshToken) + extra);
}

Reply CodeFlowClient::userinfoGet(const QString& accessToken) const {
    return m_server.call("GET", tenantPath("userinfo"),
                         {{"Authorization", "Bearer " + accessToken.toLatin1()}});
}

Reply CodeFlowClient::userinfoPostHeader(const QString& accessToken) const {
    return m_server.call(
        "POST", tenantPath("userinfo"),
        {{"Authorization", "Bearer " + accessToken.toLatin1()}, {"Content-Type", kForm}}, {});
}

Reply CodeFlowClient::userinfoPostBody(const QString& accessToken) const {
    return m_server.call("POST", tenantPath("userinfo"), {{"Content-Type", kForm}},
                         "access_token=" + encoded(accessToken));
}

} // namespace gatehouse::integration
