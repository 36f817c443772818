// The window never drops unsaved edits silently: a tenant switch, a refresh, signing out,
// choosing another server and closing the window each ask first when a page holds edits not yet
// saved (the Users page, the Applications page, visible or not). Cancel leaves everything as it
// was; Discard goes on. Nothing is ever saved by the question: checked through the API.
// Screenshot: <build>/gui-artifacts/unsaved-window-*.png.
#include "gui/DashboardFixture.h"
#include "gui/DialogDriver.h"

#include "app/ConnectPage.h"
#include "app/MainWindow.h"
#include "app/pages/applications/ApplicationDetail.h"
#include "app/pages/applications/ApplicationsPage.h"
#include "app/pages/users/UserDetailPanel.h"
#include "app/pages/users/UsersPage.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QLineEdit>
#include <QMessageBox>
#include <QTest>
#include <QTimer>
#include <QToolBar>

namespace gatehouse::gui {
namespace {

using namespace Qt::StringLiterals;
using Tester = QAbstractItemModelTester;

class UnsavedEditsTest : public DashboardTest {
protected:
    void SetUp() override {
        DashboardTest::SetUp();
        if (HasFatalFailure())
            return;
        m_userId = createUser(m_server.tenant(), u"ada@example.com"_s, u"Ada"_s);
        ASSERT_FALSE(m_userId.isEmpty());
        const integration::Reply client = api("POST", m_server.tenant(), u"clients"_s,
                                              {{u"name"_s, u"Alpha"_s}, {u"app_type"_s, u"spa"_s}});
        ASSERT_EQ(client.status, 201) << client.describe();
        m_clientId = client.json().value("client_id"_L1).toString();

        m_dashboard = makeDashboard();
        m_window = std::make_unique<app::MainWindow>(*m_dashboard);
        m_window->resize(1180, 760);
        m_window->show();
        m_users = qobject_cast<app::UsersPage*>(m_window->page(u"usersPage"_s));
        m_applications =
            qobject_cast<app::ApplicationsPage*>(m_window->page(u"applicationsPage"_s));
        ASSERT_NE(m_users, nullptr);
        ASSERT_NE(m_applications, nullptr);
        m_testers.push_back(
            std::make_unique<Tester>(&m_users->usersModel(), Tester::FailureReportingMode::Fatal));
        m_testers.push_back(std::make_unique<Tester>(m_applications->clientsModel(),
                                                     Tester::FailureReportingMode::Fatal));
        ASSERT_TRUE(signInAsOwner(*m_dashboard));
    }

    void TearDown() override {
        m_testers.clear();
        m_window.reset();
        m_dashboard.reset();
        DashboardTest::TearDown();
    }

    // On the Applications page: Alpha renamed and not saved.
    void editApplication() {
        m_window->showPage(int(m_window->pages().indexOf(m_applications)));
        ASSERT_TRUE(
            waitFor([&] { return m_applications->clientsModel()->rowOf(m_clientId) >= 0; }));
        clickRow(*m_applications, m_clientId);
        app::ApplicationDetail* detail = m_applications->detail();
        ASSERT_EQ(detail->saved().clientId, m_clientId);
        retype(detail->nameEdit(), u"Alpha Renamed"_s);
        ASSERT_TRUE(m_applications->hasUnsavedChanges());
    }

    // On the Users page (left shown): Ada renamed and not saved.
    void editUser() {
        m_window->showPage(int(m_window->pages().indexOf(m_users)));
        ASSERT_TRUE(waitFor([&] { return m_users->usersModel().rowOf(m_userId) >= 0; }));
        clickRow(*m_users, m_userId);
        app::UserDetailPanel* detail = m_users->detail();
        ASSERT_EQ(detail->user().userId, m_userId);
        retype(detail->nameEdit(), u"Ada Lovelace"_s);
        ASSERT_TRUE(m_users->hasUnsavedChanges());
    }

    // The tenant switcher moved one entry to `tenant` with the keyboard, as a person would.
    void switchTenantTo(const QString& tenant) {
        QComboBox* switcher = m_window->tenantSwitcher();
        ASSERT_TRUE(switcher->isEnabled());
        const int target = switcher->findData(tenant);
        ASSERT_GE(target, 0);
        ASSERT_EQ(qAbs(target - switcher->currentIndex()), 1) << "not the next entry";
        QTest::keyClick(switcher, target < switcher->currentIndex() ? Qt::Key_Up : Qt::Key_Down);
    }

    // Runs `act`, which must not ask anything: a question that comes anyway is a failure, and is
    // cancelled so that the test goes on.
    static void expectNoQuestion(const std::function<void()>& act) {
        bool asked = false;
        QTimer watchdog;
        watchdog.setInterval(10);
        QObject::connect(&watchdog, &QTimer::timeout, &watchdog, [&asked] {
            for (QWidget* widget : QApplication::topLevelWidgets()) {
                auto* box = qobject_cast<QMessageBox*>(widget);
                if (box == nullptr || !box->isVisible())
                    continue;
                ADD_FAILURE() << "asked: " << box->text().toStdString();
                asked = true;
                box->reject();
            }
        });
        watchdog.start();
        act();
        QTest::qWait(50); // a question posted for later would show by now
        EXPECT_FALSE(asked);
    }

    void clickToolButton(QAction* action) {
        auto* bar = m_window->findChild<QToolBar*>(u"mainToolBar"_s);
        ASSERT_NE(bar, nullptr);
        QWidget* button = bar->widgetForAction(action);
        ASSERT_NE(button, nullptr) << action->text().toStdString();
        QTest::mouseClick(button, Qt::LeftButton);
    }

    // What the server holds: neither edit was ever sent.
    void expectNothingSaved() {
        EXPECT_EQ(api("GET", m_server.tenant(), u"users/"_s + m_userId)
                      .json()
                      .value("name"_L1)
                      .toString(),
                  u"Ada"_s);
        EXPECT_EQ(api("GET", m_server.tenant(), u"clients/"_s + m_clientId)
                      .json()
                      .value("name"_L1)
                      .toString(),
                  u"Alpha"_s);
    }

    QString m_userId;
    QString m_clientId;
    std::unique_ptr<app::Dashboard> m_dashboard;
    std::unique_ptr<app::MainWindow> m_window;
    app::UsersPage* m_users = nullptr;
    app::ApplicationsPage* m_applications = nullptr;
    std::vector<std::unique_ptr<Tester>> m_testers;
};

// Every page of the tenant loses its edits on a switch, the hidden Applications page as much as
// the Users page shown: one question names both.
TEST_F(UnsavedEditsTest, ATenantSwitchAsksOnceAboutTheEditsOfEveryPage) {
    ASSERT_NO_FATAL_FAILURE(editApplication());
    ASSERT_NO_FATAL_FAILURE(editUser());
    const QString tenant = m_server.tenant();
    ASSERT_EQ(m_window->tenantSwitcher()->currentData().toString(), tenant);
    ASSERT_EQ(m_window->tenantSwitcher()->count(), 2); // the test's tenant and system

    int questions = 0;
    ASSERT_NO_FATAL_FAILURE(answerUnsavedChanges(
        [&] { switchTenantTo(u"system"_s); }, QMessageBox::Cancel, u"ada@example.com"_s,
        [&](QMessageBox& box) {
            ++questions;
            EXPECT_TRUE(box.informativeText().contains(u"Applications: Alpha"_s))
                << box.informativeText().toStdString();
            EXPECT_EQ(box.defaultButton(), box.button(QMessageBox::Cancel));
            saveScreenshot(box, u"unsaved-window-question"_s);
        }));
    EXPECT_EQ(questions, 1);
    EXPECT_EQ(m_dashboard->session().currentTenant(), tenant);
    EXPECT_EQ(m_window->tenantSwitcher()->currentData().toString(), tenant);
    EXPECT_EQ(m_users->detail()->nameEdit()->text(), u"Ada Lovelace"_s);
    EXPECT_EQ(m_applications->detail()->nameEdit()->text(), u"Alpha Renamed"_s);
    EXPECT_TRUE(m_users->hasUnsavedChanges());
    EXPECT_TRUE(m_applications->hasUnsavedChanges());
    saveScreenshot(*m_window, u"unsaved-window-kept"_s);

    ASSERT_NO_FATAL_FAILURE(answerUnsavedChanges([&] { switchTenantTo(u"system"_s); },
                                                 QMessageBox::Discard, u"ada@example.com"_s));
    EXPECT_TRUE(waitFor([&] { return m_dashboard->session().currentTenant() == u"system"_s; }));
    EXPECT_EQ(m_window->tenantSwitcher()->currentData().toString(), u"system"_s);
    EXPECT_FALSE(m_users->hasUnsavedChanges());
    EXPECT_FALSE(m_applications->hasUnsavedChanges());
    expectNothingSaved();

    // Nothing is left to lose: back to the first tenant without a question.
    expectNoQuestion([&] { switchTenantTo(tenant); });
    EXPECT_EQ(m_dashboard->session().currentTenant(), tenant);
}

// Refreshing reloads only the page shown: its edits are asked about, a hidden page's are not.
TEST_F(UnsavedEditsTest, RefreshAsksAboutTheEditsOfThePageShownOnly) {
    ASSERT_NO_FATAL_FAILURE(editApplication());
    m_window->showPage(int(m_window->pages().indexOf(m_users)));
    ASSERT_TRUE(waitFor([&] { return !m_users->usersModel().isLoading(); }));
    expectNoQuestion([&] { clickToolButton(m_window->refreshAction()); });
    EXPECT_TRUE(m_applications->hasUnsavedChanges());

    m_window->showPage(int(m_window->pages().indexOf(m_applications)));
    ASSERT_NO_FATAL_FAILURE(
        answerUnsavedChanges([&] { clickToolButton(m_window->refreshAction()); },
                             QMessageBox::Cancel, u"Alpha on the Applications page"_s));
    EXPECT_EQ(m_applications->detail()->nameEdit()->text(), u"Alpha Renamed"_s);
    EXPECT_EQ(m_applications->selectedId(), m_clientId);
    ASSERT_NO_FATAL_FAILURE(answerUnsavedChanges(
        [&] { clickToolButton(m_window->refreshAction()); }, QMessageBox::Discard, u"Alpha"_s));
    EXPECT_FALSE(m_applications->hasUnsavedChanges());
    expectNothingSaved();
}

// Closing the window with edits asks; Cancel keeps it open with the edits, Discard closes it.
TEST_F(UnsavedEditsTest, ClosingTheWindowAsksAndCancelKeepsItOpen) {
    ASSERT_NO_FATAL_FAILURE(editUser());
    bool closed = true;
    ASSERT_NO_FATAL_FAILURE(answerUnsavedChanges(
        [&] { closed = m_window->close(); }, QMessageBox::Cancel,
        u"Discard the changes to ada@example.com on the Users page?"_s,
        [](QMessageBox& box) { saveScreenshot(box, u"unsaved-window-close-question"_s); }));
    EXPECT_FALSE(closed);
    EXPECT_TRUE(m_window->isVisible());
    EXPECT_EQ(m_users->detail()->nameEdit()->text(), u"Ada Lovelace"_s);
    EXPECT_TRUE(m_users->hasUnsavedChanges());

    ASSERT_NO_FATAL_FAILURE(answerUnsavedChanges([&] { closed = m_window->close(); },
                                                 QMessageBox::Discard, u"ada@example.com"_s));
    EXPECT_TRUE(closed);
    EXPECT_FALSE(m_window->isVisible());
    expectNothingSaved();
}

// Signing out and choosing another server end the session: both ask first.
TEST_F(UnsavedEditsTest, SigningOutAndChoosingAnotherServerAsk) {
    ASSERT_NO_FATAL_FAILURE(editUser());
    ASSERT_NO_FATAL_FAILURE(
        answerUnsavedChanges([&] { clickToolButton(m_window->signOutAction()); },
                             QMessageBox::Cancel, u"ada@example.com"_s));
    EXPECT_TRUE(m_dashboard->session().isSignedIn());
    EXPECT_TRUE(m_users->isVisible());
    EXPECT_TRUE(m_users->hasUnsavedChanges());

    ASSERT_NO_FATAL_FAILURE(
        answerUnsavedChanges([&] { clickToolButton(m_window->connectAction()); },
                             QMessageBox::Cancel, u"ada@example.com"_s));
    EXPECT_TRUE(m_users->isVisible());
    EXPECT_FALSE(m_window->connectPage()->isVisible());
    EXPECT_EQ(m_users->detail()->nameEdit()->text(), u"Ada Lovelace"_s);

    ASSERT_NO_FATAL_FAILURE(
        answerUnsavedChanges([&] { clickToolButton(m_window->signOutAction()); },
                             QMessageBox::Discard, u"ada@example.com"_s));
    EXPECT_TRUE(waitFor([&] { return !m_dashboard->session().isSignedIn(); }));
    EXPECT_FALSE(m_users->hasUnsavedChanges());
    expectNothingSaved();
}

} // namespace
} // namespace gatehouse::gui
