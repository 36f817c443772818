// What the window derives from the session: a support administrator's window, the secondary URL
// taking over when the primary cannot be reached, and the About dialog.
#include "DashboardFixture.h"

#include "app/AboutDialog.h"
#include "app/MainWindow.h"
#include "models/api/ApiTransport.h"
#include "models/session/Session.h"
#include "widgets/MessageBar.h"

#include <QComboBox>
#include <QLabel>
#include <QListWidget>
#include <QTcpServer>

namespace gatehouse::gui {
namespace {

using namespace Qt::StringLiterals;

class WindowStateTest : public DashboardTest {};

// Permissions from /api/v2/me decide what a support administrator sees: the areas they may not
// read are gone from the navigation, and the tenant switcher offers only their tenants.
TEST_F(WindowStateTest, ASupportAdministratorSeesOnlyWhatTheRoleReads) {
    createAdministrator(u"support@gatehouse.example"_s, u"support"_s, {m_server.tenant()});
    auto dashboard = makeDashboard();
    app::MainWindow window(*dashboard);
    window.resize(1180, 760);
    window.show();
    setBrowserLogin(u"support@gatehouse.example"_s, QString::fromLatin1(kPassword));
    ASSERT_TRUE(signIn(*dashboard));
    EXPECT_EQ(dashboard->session().permissions().role(), u"support"_s);
    EXPECT_EQ(dashboard->session().tenants(), QStringList{m_server.tenant()});
    QStringList visible;
    for (int row = 0; row < window.navigation()->count(); ++row) {
        if (!window.navigation()->item(row)->isHidden())
            visible.append(window.navigation()->item(row)->text());
    }
    EXPECT_EQ(visible, QStringList({u"Connections"_s, u"Users"_s, u"Local server"_s}));
    EXPECT_EQ(window.tenantSwitcher()->count(), 1);
    EXPECT_FALSE(window.tenantSwitcher()->isEnabled());
    saveScreenshot(window, u"window-support"_s);
}

// ARCHITECTURE.md: the transport fails over between the primary and secondary URLs. The primary
// here is a port nobody listens on; every call goes to the secondary, and the status bar says so.
TEST_F(WindowStateTest, TheSecondaryUrlServesWhenThePrimaryCannotBeReached) {
    QTcpServer closed;
    ASSERT_TRUE(closed.listen(QHostAddress::LocalHost, 0));
    const quint16 deadPort = closed.serverPort();
    closed.close();

    auto dashboard = makeDashboard();
    app::MainWindow window(*dashboard);
    window.show();
    client::ServerProfile profile = serverProfile();
    profile.secondaryUrl = profile.primaryUrl;
    profile.primaryUrl = QUrl(u"https://127.0.0.1:%1"_s.arg(deadPort));
    dashboard->useProfile(profile);
    setBrowserLogin(ownerEmail(), ownerPassword());
    dashboard->browserSignIn().start();
    ASSERT_TRUE(waitFor([&] { return dashboard->session().isSignedIn(); }));
    EXPECT_EQ(dashboard->transport().activeEndpoint(), client::ApiTransport::Endpoint::Secondary);
    // The role arrives with the first /health answer after the sign-in.
    const QLabel* role = window.findChild<QLabel*>(u"datacenterRole"_s);
    EXPECT_TRUE(waitFor([&] { return role->text().contains(u"secondary URL"_s); }))
        << role->text().toStdString();
    window.showPage(1);
    saveScreenshot(window, u"window-secondary-url"_s);
}

TEST_F(WindowStateTest, TheAboutDialogNamesTheVersions) {
    app::AboutDialog about;
    about.show();
    const QString text = about.findChild<QLabel*>(u"aboutText"_s)->text();
    EXPECT_TRUE(text.contains(QStringLiteral(GATEHOUSE_VERSION)));
    EXPECT_TRUE(text.contains(QString::fromLatin1(qVersion())));
    EXPECT_TRUE(text.contains(u"OpenSSL"_s)) << text.toStdString();
    saveScreenshot(about, u"about"_s);
}

} // namespace
} // namespace gatehouse::gui
