// The window as a person sees it: the connect page before signing in, every page after, the
// About dialog; each saved as a screenshot (<build>/gui-artifacts/).
#include "DashboardFixture.h"

#include "app/ConnectPage.h"
#include "app/MainWindow.h"
#include "models/session/Session.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QTableView>

namespace gatehouse::gui {
namespace {

using namespace Qt::StringLiterals;

class ShellTest : public DashboardTest {};

TEST_F(ShellTest, TheConnectPageSignsInThroughTheBrowserAndEveryPageRenders) {
    auto dashboard = makeDashboard();
    app::MainWindow window(*dashboard);
    window.resize(1180, 760);
    window.show();
    app::ConnectPage* connect = window.connectPage();
    ASSERT_TRUE(connect->isVisible());
    // Signed out, only the local server can be used.
    for (int i = 0; i < window.pages().size(); ++i)
        EXPECT_EQ(window.navigation()->item(i)->flags().testFlag(Qt::ItemIsEnabled),
                  window.pages().at(i)->objectName() == "localServerPage"_L1)
            << window.pages().at(i)->objectName().toStdString();
    connect->nameEdit()->setText(u"Local test"_s);
    connect->primaryEdit()->setText(m_server.servingUrl());
    saveScreenshot(window, u"connect"_s);

    // The profile pins the server's certificate as a person would have confirmed it.
    client::ServerProfile profile = serverProfile();
    profile.name = u"Local test"_s;
    dashboard->profiles().save(profile);
    connect->reloadProfiles();
    setBrowserLogin(ownerEmail(), ownerPassword());
    connect->signInButton()->click();
    ASSERT_TRUE(waitFor([&] { return dashboard->session().isSignedIn(); }));
    EXPECT_EQ(window.tenantSwitcher()->currentText(), m_server.tenant());

    for (int i = 0; i < window.pages().size(); ++i) {
        window.showPage(i);
        app::Page* page = window.pages().at(i);
        EXPECT_TRUE(page->isVisible()) << page->title().toStdString();
        // Every list of a fresh server has something but the users list.
        if (auto* view = page->findChild<QTableView*>();
            view && page->objectName() != "usersPage"_L1) {
            EXPECT_TRUE(waitFor([&] { return view->model()->rowCount() > 0; }))
                << page->title().toStdString();
        }
        saveScreenshot(window, u"page-"_s + page->objectName());
    }
    EXPECT_TRUE(window.connectionLabel()->text().contains(u"Connected"_s));
}

} // namespace
} // namespace gatehouse::gui
