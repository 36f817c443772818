// Closing the window never cuts off a save on its way to the server without saying so: the
// first close waits for the answer and then closes, the change saved; a second close asks
// whether to stop waiting. The save is held back by a relay between the dashboard and a live
// gatehoused (HoldingProxy), so that it is really in flight; the server's state is checked
// through the API. Screenshots: <build>/gui-artifacts/closing-*.png.
#include "gui/DashboardFixture.h"
#include "gui/DialogDriver.h"
#include "gui/HoldingProxy.h"

#include "app/MainWindow.h"
#include "app/pages/users/UserDetailPanel.h"
#include "app/pages/users/UsersPage.h"
#include "models/session/Session.h"
#include "widgets/MessageBar.h"

#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QTest>

namespace gatehouse::gui {
namespace {

using namespace Qt::StringLiterals;

class ChangesInFlightTest : public DashboardTest {
protected:
    void SetUp() override {
        DashboardTest::SetUp();
        if (HasFatalFailure())
            return;
        m_userId = createUser(m_server.tenant(), u"ada@example.com"_s, u"Ada"_s);
        ASSERT_FALSE(m_userId.isEmpty());

        m_proxy = std::make_unique<HoldingProxy>(QUrl(m_server.servingUrl()).port());
        ASSERT_TRUE(m_proxy->listen());
        m_dashboard = makeDashboard();
        m_window = std::make_unique<app::MainWindow>(*m_dashboard);
        m_window->resize(1180, 760);
        m_window->show();
        client::ServerProfile profile = serverProfile();
        profile.primaryUrl.setPort(m_proxy->port());
        m_dashboard->useProfile(profile);
        setBrowserLogin(ownerEmail(), ownerPassword());
        m_dashboard->browserSignIn().start();
        ASSERT_TRUE(waitFor([&] { return m_dashboard->session().isSignedIn(); }));
        m_users = qobject_cast<app::UsersPage*>(m_window->page(u"usersPage"_s));
        ASSERT_NE(m_users, nullptr);
    }

    void TearDown() override {
        m_window.reset();
        m_dashboard.reset();
        m_proxy.reset();
        DashboardTest::TearDown();
    }

    // Ada renamed on the Users page and saved while the relay holds the request back.
    void saveWhileHeld(const QString& name) {
        m_window->showPage(int(m_window->pages().indexOf(m_users)));
        ASSERT_TRUE(waitFor([&] { return m_users->usersModel().rowOf(m_userId) >= 0; }));
        clickRow(*m_users, m_userId);
        app::UserDetailPanel* detail = m_users->detail();
        ASSERT_EQ(detail->user().userId, m_userId);
        retype(detail->nameEdit(), name);
        m_proxy->hold();
        ASSERT_TRUE(detail->saveButton()->isEnabled());
        QTest::mouseClick(detail->saveButton(), Qt::LeftButton);
        ASSERT_TRUE(waitFor([&] { return m_proxy->heldBytes() > 0; }));
        ASSERT_EQ(m_dashboard->session().changesInFlight(), 1);
    }

    [[nodiscard]] QString savedName() {
        return api("GET", m_server.tenant(), u"users/"_s + m_userId)
            .json()
            .value("name"_L1)
            .toString();
    }

    QString m_userId;
    std::unique_ptr<HoldingProxy> m_proxy;
    std::unique_ptr<app::Dashboard> m_dashboard;
    std::unique_ptr<app::MainWindow> m_window;
    app::UsersPage* m_users = nullptr;
};

// The first close waits and says so; the answer closes the window, and the change is saved.
TEST_F(ChangesInFlightTest, ClosingWaitsForTheSaveOnItsWayAndThenCloses) {
    ASSERT_NO_FATAL_FAILURE(saveWhileHeld(u"Ada Lovelace"_s));
    EXPECT_FALSE(m_window->close());
    EXPECT_TRUE(m_window->isVisible());
    EXPECT_TRUE(m_window->banner()->isVisible());
    EXPECT_TRUE(
        m_window->banner()->text().contains(u"Closing once the server has answered 1 change"_s))
        << m_window->banner()->text().toStdString();
    saveScreenshot(*m_window, u"closing-waits-for-a-save"_s);
    EXPECT_EQ(savedName(), u"Ada"_s); // still held: the server has seen nothing

    m_proxy->release();
    EXPECT_TRUE(waitFor([&] { return !m_window->isVisible(); }));
    EXPECT_EQ(m_dashboard->session().changesInFlight(), 0);
    EXPECT_EQ(savedName(), u"Ada Lovelace"_s);
}

// Closing again while waiting asks, once, naming the edit on its way; Keep Waiting keeps the
// window, Close Without Waiting closes it at once without a second question.
TEST_F(ChangesInFlightTest, ClosingAgainAsksWhetherToStopWaiting) {
    ASSERT_NO_FATAL_FAILURE(saveWhileHeld(u"Ada Lovelace"_s));
    EXPECT_FALSE(m_window->close());

    auto answer = [&](const QString& button) {
        bool closed = true;
        bool asked = false;
        whenModal<QMessageBox>([&](QMessageBox& box) {
            asked = true;
            EXPECT_EQ(box.objectName(), u"changesInFlightQuestion"_s);
            EXPECT_TRUE(box.text().contains(u"1 change"_s)) << box.text().toStdString();
            // The edit being saved is not known to be saved: the question names it.
            EXPECT_TRUE(box.informativeText().contains(u"ada@example.com"_s))
                << box.informativeText().toStdString();
            EXPECT_EQ(box.defaultButton()->text(), u"Keep Waiting"_s);
            if (button == u"Keep Waiting"_s)
                saveScreenshot(box, u"closing-question"_s);
            for (QAbstractButton* candidate : box.buttons()) {
                if (candidate->text() == button)
                    return candidate->click();
            }
            ADD_FAILURE() << "no button " << button.toStdString();
            box.reject();
        });
        closed = m_window->close();
        EXPECT_TRUE(asked);
        return closed;
    };
    EXPECT_FALSE(answer(u"Keep Waiting"_s));
    EXPECT_TRUE(m_window->isVisible());
    EXPECT_EQ(m_dashboard->session().changesInFlight(), 1);

    EXPECT_TRUE(answer(u"Close Without Waiting"_s));
    EXPECT_FALSE(m_window->isVisible());
    // The answer arriving later does not bring anything back.
    m_proxy->release();
    EXPECT_TRUE(waitFor([&] { return m_dashboard->session().changesInFlight() == 0; }));
    QTest::qWait(50);
    EXPECT_FALSE(m_window->isVisible());
}

} // namespace
} // namespace gatehouse::gui
