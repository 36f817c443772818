#pragma once

#include "Browser.h"
#include "GatehousedProcess.h"

#include <QString>
#include <QUrlQuery>

namespace gatehouse::integration {

// A relying party of one tenant for the code flow tests: builds /authorize requests, fills the
// hosted login page like a person would (through a Browser), and calls the token and userinfo
// endpoints like a server-side client. Confidential when it has a secret (client_secret_basic),
// public otherwise (client_id in the body).
class CodeFlowClient final {
public:
    CodeFlowClient(GatehousedProcess& server, QString tenant, QString clientId, QString secret,
                   QString redirectUri);

    // /t/<tenant>/authorize?response_type=code&scope=<scope>&state=st-1&nonce=n-1&client_id=…
    // &redirect_uri=… plus `extra` (which must start with '&'). `scope` and `nonce` may be empty
    // to leave them out.
    [[nodiscard]] QByteArray authorizePath(const QByteArray& extra = {}) const;

    // /authorize, then the login page it redirects to; the page.
    Reply openLoginPage(Browser& browser, const QByteArray& authorize) const;
    Reply submitLogin(Browser& browser, const Reply& page, const QString& username,
                      const QString& password) const;
    // A full interactive login; the redirect to the application.
    Reply login(Browser& browser, const QByteArray& authorize, const QString& username,
                const QString& password) const;

    Reply redeem(const QString& code, const QByteArray& extra = {}) const;
    Reply refresh(const QString& refreshToken, const QByteArray& extra = {}) const;
    Reply userinfoGet(const QString& accessToken) const;
    Reply userinfoPostHeader(const QString& accessToken) const;
    Reply userinfoPostBody(const QString& accessToken) const;

    [[nodiscard]] QByteArray tenantPath(const QByteArray& rest) const;
    [[nodiscard]] const QString& clientId() const { return m_clientId; }
    [[nodiscard]] const QString& redirectUri() const { return m_redirectUri; }

    QString scope = QStringLiteral("openid profile email offline_access");
    QString nonce = QStringLiteral("n-1");
    QString state = QStringLiteral("st-1");

private:
    [[nodiscard]] Reply tokenRequest(QByteArray body) const;

    GatehousedProcess& m_server;
    QString m_tenant;
    QString m_clientId;
    QString m_secret;
    QString m_redirectUri;
};

// The query of a redirect to the application, for short checks.
[[nodiscard]] inline QString redirectParameter(const Reply& redirect, const QString& name) {
    return Browser::redirectQuery(redirect).queryItemValue(name, QUrl::FullyDecoded);
}

} // namespace gatehouse::integration
