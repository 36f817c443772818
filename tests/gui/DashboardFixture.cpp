#include "DashboardFixture.h"

#include "models/auth/KeychainCredentialStore.h"
#include "models/auth/Pkce.h"

#include <QUrlQuery>

#include <QDir>
#include <QJsonArray>
#include <QNetworkReply>
#include <QTest>
#include <QTimer>
#include <QWidget>

namespace gatehouse::gui {

using namespace Qt::StringLiterals;

void DashboardTest::SetUp() {
    ASSERT_TRUE(m_scratch.isValid());
    ASSERT_TRUE(m_server.init());
    m_server.setEnvironment(u"GATEHOUSE_LOG_ACCESS_LOG"_s, u"off"_s);
    ASSERT_TRUE(m_server.start());
}

void DashboardTest::TearDown() {
    if (m_server.isRunning()) {
        EXPECT_EQ(m_server.stop(), 0) << integration::str(m_server.standardError());
    }
}

client::ServerProfile DashboardTest::serverProfile(bool pinned) const {
    client::ServerProfile profile;
    profile.name = u"Test server"_s;
    profile.primaryUrl = QUrl(m_server.servingUrl());
    if (pinned)
        profile.pinnedFingerprint =
            m_server.credentials().value("tls_sha256_fingerprint"_L1).toString();
    return profile;
}

std::unique_ptr<app::Dashboard>
DashboardTest::makeDashboard(std::unique_ptr<client::CredentialStore> credentials) {
    app::Dashboard::Options options;
    options.settingsFile =
        QDir(m_scratch.path()).filePath(u"dashboard-%1.ini"_s.arg(++m_dashboards));
    options.credentials = std::move(credentials);
    options.openUrl = [this](const QUrl& url) {
        m_lastAuthorizationUrl = url;
        // Later, like a browser starting up: never inside BrowserSignIn's own call.
        QTimer::singleShot(0, &m_browserNetwork, [this, url] { actAsBrowser(url); });
        return true;
    };
    return std::make_unique<app::Dashboard>(std::move(options));
}

void DashboardTest::setBrowserLogin(const QString& email, const QString& password) {
    m_browserEmail = email;
    m_browserPassword = password;
}

void DashboardTest::actAsBrowser(const QUrl& authorization) {
    integration::Browser browser(m_server);
    const QByteArray target = authorization.path(QUrl::FullyEncoded).toUtf8() + '?' +
                              authorization.query(QUrl::FullyEncoded).toUtf8();
    const integration::Reply toLogin = browser.get(target);
    ASSERT_EQ(toLogin.status, 302) << toLogin.describe();
    const QByteArray loginTarget = integration::Browser::localTarget(toLogin);
    const integration::Reply page = browser.get(loginTarget);
    ASSERT_EQ(page.status, 200) << page.describe();
    const QByteArray tenantRoot = loginTarget.left(loginTarget.indexOf("/u/login") + 1);
    const integration::Reply done = browser.post(
        tenantRoot + "u/login", {{u"state"_s, integration::Browser::field(page, u"state"_s)},
                                 {u"csrf"_s, integration::Browser::field(page, u"csrf"_s)},
                                 {u"username"_s, m_browserEmail},
                                 {u"password"_s, m_browserPassword}});
    ASSERT_EQ(done.status, 302) << done.describe();
    // The redirect to the dashboard's listener, requested for real.
    const QUrl callback(QString::fromUtf8(done.header("Location")));
    ASSERT_EQ(callback.host(), u"127.0.0.1"_s) << callback.toString().toStdString();
    QNetworkReply* reply = m_browserNetwork.get(QNetworkRequest(callback));
    QObject::connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
}

bool DashboardTest::waitFor(const std::function<bool()>& done, int timeoutMs) {
    return QTest::qWaitFor(done, timeoutMs);
}

bool DashboardTest::signIn(app::Dashboard& dashboard) {
    dashboard.useProfile(serverProfile());
    std::optional<client::ApiError> failure;
    QObject context;
    const auto record = [&](const client::ApiError& error) {
        failure = error;
    };
    QObject::connect(&dashboard.browserSignIn(), &client::BrowserSignIn::failed, &context, record);
    QObject::connect(&dashboard.session(), &client::Session::signInFailed, &context, record);
    dashboard.browserSignIn().start();
    const bool signedIn =
        waitFor([&] { return dashboard.session().isSignedIn() || failure.has_value(); }) &&
        dashboard.session().isSignedIn();
    EXPECT_TRUE(signedIn) << (failure ? failure->summary().toStdString()
                                      : "no answer in time; browser asked for " +
                                            m_lastAuthorizationUrl.toString().toStdString() +
                                            ", state " +
                                            std::to_string(int(dashboard.session().state())));
    return signedIn;
}

bool DashboardTest::signInAsOwner(app::Dashboard& dashboard) {
    setBrowserLogin(ownerEmail(), ownerPassword());
    return signIn(dashboard);
}

QString DashboardTest::ownerEmail() const {
    return m_server.credentials().value("admin"_L1).toObject().value("email"_L1).toString();
}

QString DashboardTest::ownerPassword() const {
    return m_server.credentials().value("admin"_L1).toObject().value("password"_L1).toString();
}

integration::Reply DashboardTest::api(const QByteArray& method, const QString& tenant,
                                      const QString& path, const QJsonObject& body) {
    if (m_systemToken.isEmpty())
        m_systemToken = m_server.systemToken();
    return m_server.management(method, tenant, path, m_systemToken, body);
}

// The owner's token as the dashboard gets it (the system management client may not give roles):
// the code flow of `gatehouse-dashboard` with PKCE, logging in on the hosted page.
QString DashboardTest::ownerToken() {
    if (!m_ownerToken.isEmpty())
        return m_ownerToken;
    integration::Browser browser(m_server);
    const QByteArray verifier = client::Pkce::generate().verifier;
    const QByteArray challenge = client::Pkce::challengeFor(verifier);
    const QString redirect = u"http://127.0.0.1:9/callback"_s;
    QUrlQuery query;
    query.addQueryItem(u"response_type"_s, u"code"_s);
    query.addQueryItem(u"client_id"_s, u"gatehouse-dashboard"_s);
    query.addQueryItem(u"redirect_uri"_s, redirect);
    query.addQueryItem(u"scope"_s, u"openid offline_access"_s);
    query.addQueryItem(u"audience"_s, m_server.managementAudience(u"system"_s));
    query.addQueryItem(u"state"_s, u"owner"_s);
    query.addQueryItem(u"code_challenge"_s, QString::fromLatin1(challenge));
    query.addQueryItem(u"code_challenge_method"_s, u"S256"_s);
    const integration::Reply toLogin =
        browser.get("/t/system/authorize?" + query.toString(QUrl::FullyEncoded).toUtf8());
    const integration::Reply page = browser.get(integration::Browser::localTarget(toLogin));
    const integration::Reply done = browser.post(
        "/t/system/u/login", {{u"state"_s, integration::Browser::field(page, u"state"_s)},
                              {u"csrf"_s, integration::Browser::field(page, u"csrf"_s)},
                              {u"username"_s, ownerEmail()},
                              {u"password"_s, ownerPassword()}});
    EXPECT_EQ(done.status, 302) << done.describe();
    QUrlQuery form;
    form.addQueryItem(u"grant_type"_s, u"authorization_code"_s);
    form.addQueryItem(u"client_id"_s, u"gatehouse-dashboard"_s);
    form.addQueryItem(u"code"_s,
                      integration::Browser::redirectQuery(done).queryItemValue(u"code"_s));
    form.addQueryItem(u"redirect_uri"_s, redirect);
    form.addQueryItem(u"code_verifier"_s, QString::fromLatin1(verifier));
    const integration::Reply token = m_server.call(
        "POST", "/t/system/oauth/token", {{"Content-Type", "application/x-www-form-urlencoded"}},
        form.toString(QUrl::FullyEncoded).toUtf8());
    EXPECT_EQ(token.status, 200) << token.describe();
    m_ownerToken = token.json().value("access_token"_L1).toString();
    return m_ownerToken;
}

QString DashboardTest::createUser(const QString& tenant, const QString& email,
                                  const QString& name) {
    QJsonObject body{{u"connection"_s, u"Username-Password-Authentication"_s},
                     {u"email"_s, email},
                     {u"password"_s, QString::fromLatin1(kPassword)}};
    if (!name.isEmpty())
        body.insert(u"name"_s, name);
    const integration::Reply user = api("POST", tenant, u"users"_s, body);
    EXPECT_EQ(user.status, 201) << user.describe();
    return user.status == 201 ? user.json().value("user_id"_L1).toString() : QString();
}

QString DashboardTest::createAdministrator(const QString& email, const QString& role,
                                           const QStringList& tenants) {
    const QString id = createUser(u"system"_s, email);
    const integration::Reply granted = m_server.management(
        "PUT", u"system"_s, u"administrators/"_s + id, ownerToken(),
        {{u"role"_s, role}, {u"tenants"_s, QJsonArray::fromStringList(tenants)}});
    EXPECT_EQ(granted.status, 200) << granted.describe();
    return id;
}

QString DashboardTest::saveScreenshot(QWidget& widget, const QString& name) {
    const QString directory = QStringLiteral(GATEHOUSE_GUI_ARTIFACTS_DIR);
    QDir().mkpath(directory);
    const QString path = QDir(directory).filePath(name + u".png"_s);
    // Layouts that changed since the last turn of the event loop (a status bar label's new text)
    // are applied first, as they would be before the screen shows them.
    for (int round = 0; round < 3; ++round) {
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
        QCoreApplication::processEvents();
    }
    EXPECT_TRUE(widget.grab().save(path)) << path.toStdString();
    return path;
}

} // namespace gatehouse::gui
