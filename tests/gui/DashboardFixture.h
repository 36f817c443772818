#pragma once

#include "Browser.h"
#include "GatehousedProcess.h"
#include "app/Dashboard.h"

#include <QNetworkAccessManager>
#include <QTemporaryDir>
#include <gtest/gtest.h>
#include <memory>

namespace gatehouse::gui {

// A live gatehoused over HTTPS (its own self-signed certificate) and dashboards built the way the
// app builds them, each with a settings file in a temporary directory and, unless a test passes
// another store, the real keychain that tests/support/with-keyring.sh starts.
//
// The browser is the test: BrowserSignIn's OpenUrl hands the authorization URL over, and the
// fixture logs in on the hosted login page over HTTP with the credentials set by
// setBrowserLogin(), then follows the redirect to the dashboard's loopback listener with a real
// HTTP request, as a browser would.
class DashboardTest : public ::testing::Test {
protected:
    void SetUp() override;
    void TearDown() override;

    // The server's profile; its certificate pinned unless `pinned` is false.
    [[nodiscard]] client::ServerProfile serverProfile(bool pinned = true) const;
    [[nodiscard]] std::unique_ptr<app::Dashboard>
    makeDashboard(std::unique_ptr<client::CredentialStore> credentials = {});
    void setBrowserLogin(const QString& email, const QString& password);
    // The whole browser sign-in with the credentials set; true once the session is signed in.
    [[nodiscard]] bool signIn(app::Dashboard& dashboard);
    [[nodiscard]] bool signInAsOwner(app::Dashboard& dashboard);
    // Waits (event loop running) until `done` holds; false after the timeout.
    [[nodiscard]] static bool waitFor(const std::function<bool()>& done, int timeoutMs = 15000);

    // Checks through the API with the system management client's token (every tenant).
    integration::Reply api(const QByteArray& method, const QString& tenant, const QString& path,
                           const QJsonObject& body = {});
    // The owner's Management API token, through the dashboard client's code flow.
    QString ownerToken();
    // A user of `tenant`'s database connection with kPassword (and `name`, when given); its user
    // id, empty (with a failure) when the server refused.
    QString createUser(const QString& tenant, const QString& email, const QString& name = {});
    // A system-tenant user with a role: "admin" or "support" over `tenants`; its user id.
    QString createAdministrator(const QString& email, const QString& role,
                                const QStringList& tenants);
    // Saves `widget` as <build>/gui-artifacts/<name>.png; the path.
    static QString saveScreenshot(QWidget& widget, const QString& name);

    [[nodiscard]] QString ownerEmail() const;
    [[nodiscard]] QString ownerPassword() const;
    static constexpr const char* kPassword = "correct horse battery 42";

    integration::GatehousedProcess m_server;
    QTemporaryDir m_scratch;
    QUrl m_lastAuthorizationUrl;
    int m_dashboards = 0;

private:
    void actAsBrowser(const QUrl& authorization);

    QString m_browserEmail;
    QString m_browserPassword;
    QNetworkAccessManager m_browserNetwork;
    QString m_systemToken;
    QString m_ownerToken;
};

} // namespace gatehouse::gui
