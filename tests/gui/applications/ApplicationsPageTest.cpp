// The Applications page as a person uses it: create an application of each kind, edit its
// URLs, grant types and connections (a wrong URL is pointed at and nothing is sent), rotate and
// reveal its secret, delete it; the dashboard's own client cannot be deleted or reshaped; a
// support user does not see the page and the server refuses a forged edit. Every change is
// checked through the Management API; screenshots go to <build>/gui-artifacts/.
#include "gui/DashboardFixture.h"
#include "gui/DialogDriver.h"

#include "app/MainWindow.h"
#include "app/pages/applications/ApplicationDetail.h"
#include "app/pages/applications/ApplicationsPage.h"
#include "app/pages/applications/NewApplicationDialog.h"
#include "app/pages/applications/SecretDialog.h"
#include "models/applications/EnabledConnectionsModel.h"
#include "models/session/Session.h"
#include "widgets/MessageBar.h"
#include "widgets/StringListEditor.h"

#include <QAbstractButton>
#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QDeadlineTimer>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QRadioButton>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QTimer>
#include <QToolButton>
#include <QTreeView>

namespace gatehouse::gui {
namespace {

using namespace Qt::StringLiterals;
using Tester = QAbstractItemModelTester;

void confirmMessageBox() {
    whenShown<QMessageBox>([](QMessageBox* box) {
        auto* confirm = box->findChild<QPushButton*>(u"confirm"_s);
        ASSERT_NE(confirm, nullptr) << box->text().toStdString();
        QTest::mouseClick(confirm, Qt::LeftButton);
    });
}

// Types `text` into the entry editor that Add opened in `editor`, and commits it with Enter.
void addEntry(widgets::StringListEditor* editor, const QString& text) {
    QTest::mouseClick(editor->addButton(), Qt::LeftButton);
    QLineEdit* line = nullptr; // earlier editors may linger, hidden, until deleted
    for (QLineEdit* candidate : editor->list()->findChildren<QLineEdit*>()) {
        if (candidate->isVisible())
            line = candidate;
    }
    ASSERT_NE(line, nullptr) << "Add did not open an editor";
    QTest::keyClicks(line, text);
    QTest::keyClick(line, Qt::Key_Return);
    QTest::qWait(0); // the closed editor is handled from the event loop
}

QJsonObject findByName(const QJsonArray& items, const QString& name) {
    for (const QJsonValue& item : items) {
        if (item.toObject().value("name"_L1).toString() == name)
            return item.toObject();
    }
    return {};
}

// A click on the indicator of a check box or radio button (its middle may be past the text).
void clickIndicator(QAbstractButton* button) {
    QTest::mouseClick(button, Qt::LeftButton, {}, QPoint(8, button->height() / 2));
}

QStringList strings(const QJsonValue& value) {
    QStringList list;
    for (const QJsonValue& item : value.toArray())
        list.append(item.toString());
    return list;
}

class ApplicationsPageTest : public DashboardTest {
protected:
    void TearDown() override {
        m_testers.clear();
        m_window.reset();
        m_dashboard.reset();
        DashboardTest::TearDown();
    }

    // A window signed in as `email` (the owner by default) on the Applications page, its
    // models under QAbstractItemModelTester from the start.
    void openPage(bool owner = true) {
        m_dashboard = makeDashboard();
        m_window = std::make_unique<app::MainWindow>(*m_dashboard);
        m_window->resize(1180, 760);
        m_window->show();
        m_page = qobject_cast<app::ApplicationsPage*>(m_window->page(u"applicationsPage"_s));
        ASSERT_NE(m_page, nullptr);
        for (QAbstractItemModel* model : std::initializer_list<QAbstractItemModel*>{
                 m_page->clientsModel(), m_page->connectionsModel()})
            m_testers.push_back(
                std::make_unique<Tester>(model, Tester::FailureReportingMode::Fatal));
        ASSERT_TRUE(owner ? signInAsOwner(*m_dashboard) : signIn(*m_dashboard));
        if (!owner)
            return;
        m_window->showPage(int(m_window->pages().indexOf(m_page)));
        ASSERT_TRUE(waitFor([&] {
            return m_page->clientsModel()->rowCount() > 0 &&
                   m_page->connectionsModel()->rowCount() > 0 &&
                   !m_page->clientsModel()->isLoading() && !m_page->connectionsModel()->isLoading();
        }));
    }

    void select(const QString& clientId) {
        m_page->selectId(clientId);
        ASSERT_EQ(m_page->selectedId(), clientId);
        ASSERT_EQ(m_page->detail()->saved().clientId, clientId);
    }

    QJsonArray clients() {
        const integration::Reply reply = api("GET", m_server.tenant(), u"clients"_s);
        EXPECT_EQ(reply.status, 200) << reply.describe();
        return reply.jsonArray();
    }

    QJsonObject createClient(const QString& name, const QString& type) {
        const integration::Reply reply = api("POST", m_server.tenant(), u"clients"_s,
                                             {{u"name"_s, name}, {u"app_type"_s, type}});
        EXPECT_EQ(reply.status, 201) << reply.describe();
        return reply.json();
    }

    // A system-tenant user with `role` over the test's tenant, to sign in with through the
    // browser next.
    void makeAdministrator(const QString& email, const QString& role) {
        createAdministrator(email, role, {m_server.tenant()});
        setBrowserLogin(email, QString::fromLatin1(kPassword));
    }

    std::unique_ptr<app::Dashboard> m_dashboard;
    std::unique_ptr<app::MainWindow> m_window;
    std::vector<std::unique_ptr<Tester>> m_testers;
    app::ApplicationsPage* m_page = nullptr;
};

TEST_F(ApplicationsPageTest, CreatesAnApplicationOfEachKindThroughTheDialog) {
    openPage();
    int index = 0;
    for (const client::AppTypeInfo& info : client::AppTypeInfo::all()) {
        const QString name = u"Created %1"_s.arg(++index);
        whenShown<app::NewApplicationDialog>([&](app::NewApplicationDialog* dialog) {
            EXPECT_FALSE(dialog->createButton()->isEnabled()) << "no name yet";
            QTest::keyClicks(dialog->nameEdit(), name);
            clickIndicator(dialog->typeButton(info.type));
            EXPECT_TRUE(dialog->typeButton(info.type)->isChecked());
            if (index == 1)
                saveScreenshot(*dialog, u"applications-new"_s);
            QTest::mouseClick(dialog->createButton(), Qt::LeftButton);
        });
        ASSERT_TRUE(m_page->newAction()->isEnabled());
        m_page->newAction()->trigger();

        const QJsonObject created = findByName(clients(), name);
        ASSERT_FALSE(created.isEmpty()) << name.toStdString();
        EXPECT_EQ(created.value("app_type"_L1).toString(), info.code);
        EXPECT_EQ(strings(created.value("grant_types"_L1)), info.defaultGrantTypes);
        // The new application is selected, and its secret (if it has one) is at hand.
        EXPECT_EQ(m_page->selectedId(), created.value("client_id"_L1).toString());
        EXPECT_EQ(m_page->detail()->nameEdit()->text(), name);
        EXPECT_EQ(m_page->detail()->hasSecret(), !info.isPublic) << info.code.toStdString();
    }
    saveScreenshot(*m_window, u"applications-list"_s);
}

TEST_F(ApplicationsPageTest, PointsAtAWrongUrlAndSendsNothing) {
    const QString id =
        createClient(u"Edit Me"_s, u"regular_web"_s).value("client_id"_L1).toString();
    openPage();
    select(id);
    app::ApplicationDetail* detail = m_page->detail();

    // A callback that is not a URL: marked, named below the list, Save stays disabled.
    addEntry(detail->callbacksEditor(), u"not a url"_s);
    EXPECT_FALSE(detail->callbacksEditor()->isValid());
    EXPECT_TRUE(detail->callbacksEditor()->problem().startsWith(u"Entry 1"_s));
    auto* status = detail->callbacksEditor()->findChild<QLabel*>(u"entriesStatus"_s);
    ASSERT_NE(status, nullptr);
    EXPECT_TRUE(status->isVisible());
    EXPECT_FALSE(detail->saveButton()->isEnabled());
    EXPECT_FALSE(detail->saveButton()->toolTip().isEmpty()) << "the button says why";
    // Even asked to save (a shortcut, a stale button), the page refuses and says why.
    Q_EMIT detail->saveRequested();
    EXPECT_EQ(m_page->messageBar()->kind(), widgets::MessageBar::Kind::Error);
    EXPECT_TRUE(m_page->messageBar()->text().contains(u"Callback URLs"_s))
        << m_page->messageBar()->text().toStdString();
    QTest::qWait(200);
    const QJsonObject unchanged = api("GET", m_server.tenant(), u"clients/"_s + id).json();
    EXPECT_TRUE(strings(unchanged.value("callbacks"_L1)).isEmpty()) << "nothing may be sent";

    // An origin with a path: the form a browser sends is named.
    addEntry(detail->webOriginsEditor(), u"https://app.example.com/"_s);
    EXPECT_TRUE(detail->webOriginsEditor()->problem().contains(u"write https://app.example.com"_s))
        << detail->webOriginsEditor()->problem().toStdString();
}

TEST_F(ApplicationsPageTest, SavesUrlsGrantTypesAndEnabledConnections) {
    const QString id =
        createClient(u"Edit Me"_s, u"regular_web"_s).value("client_id"_L1).toString();
    const integration::Reply extra = api("POST", m_server.tenant(), u"connections"_s,
                                         {{u"name"_s, u"extra-db"_s}, {u"strategy"_s, u"auth0"_s}});
    ASSERT_EQ(extra.status, 201) << extra.describe();
    const QString extraId = extra.json().value("id"_L1).toString();
    openPage();
    select(id);
    app::ApplicationDetail* detail = m_page->detail();

    // A wrong entry corrected: removed, and a right one added.
    addEntry(detail->callbacksEditor(), u"https://app.example.com/cb#fragment"_s);
    EXPECT_FALSE(detail->callbacksEditor()->isValid());
    detail->callbacksEditor()->list()->setCurrentRow(0);
    QTest::mouseClick(detail->callbacksEditor()->removeButton(), Qt::LeftButton);
    addEntry(detail->callbacksEditor(), u"https://app.example.com/callback"_s);
    addEntry(detail->logoutUrlsEditor(), u"https://app.example.com/"_s);
    addEntry(detail->webOriginsEditor(), u"https://app.example.com"_s);
    EXPECT_EQ(detail->callbacksEditor()->values(),
              QStringList{u"https://app.example.com/callback"_s});
    EXPECT_TRUE(detail->isValid()) << detail->problem().toStdString();
    clickIndicator(detail->grantTypeBox(u"client_credentials"_s));

    // The connection tab: tick extra-db (Space on the row, as with the keyboard).
    detail->tabs()->setCurrentIndex(2);
    const int row = m_page->connectionsModel()->rowOf(extraId);
    ASSERT_GE(row, 0);
    QTreeView* view = detail->connectionsView();
    view->setCurrentIndex(m_page->connectionsModel()->index(row, 0));
    QTest::keyClick(view, Qt::Key_Space);
    EXPECT_TRUE(m_page->connectionsModel()->isEnabled(extraId));
    detail->tabs()->setCurrentIndex(0);
    saveScreenshot(*m_window, u"applications-detail"_s);

    ASSERT_TRUE(detail->saveButton()->isEnabled()) << detail->problem().toStdString();
    QTest::mouseClick(detail->saveButton(), Qt::LeftButton);
    ASSERT_TRUE(waitFor([&] { return !detail->isModified(); }));
    const QJsonObject saved = api("GET", m_server.tenant(), u"clients/"_s + id).json();
    EXPECT_EQ(strings(saved.value("callbacks"_L1)),
              QStringList{u"https://app.example.com/callback"_s});
    EXPECT_EQ(strings(saved.value("allowed_logout_urls"_L1)),
              QStringList{u"https://app.example.com/"_s});
    EXPECT_EQ(strings(saved.value("web_origins"_L1)), QStringList{u"https://app.example.com"_s});
    EXPECT_EQ(strings(saved.value("grant_types"_L1)),
              (QStringList{u"authorization_code"_s, u"refresh_token"_s}));
    const QJsonObject connection =
        api("GET", m_server.tenant(), u"connections/"_s + extraId).json();
    EXPECT_TRUE(strings(connection.value("enabled_clients"_L1)).contains(id));
    EXPECT_EQ(m_page->messageBar()->kind(), widgets::MessageBar::Kind::Information);
}

// Choosing another application with edits unsaved asks first: Cancel keeps the edits and the
// row, Discard shows the other application; nothing is sent either way.
TEST_F(ApplicationsPageTest, AnotherApplicationIsShownOnlyAfterUnsavedEditsAreDiscarded) {
    const QString alpha =
        createClient(u"Alpha"_s, u"regular_web"_s).value("client_id"_L1).toString();
    const QString beta = createClient(u"Beta"_s, u"spa"_s).value("client_id"_L1).toString();
    openPage();
    app::ApplicationDetail* detail = m_page->detail();
    clickRow(*m_page, alpha);
    ASSERT_EQ(detail->saved().clientId, alpha);
    retype(detail->nameEdit(), u"Alpha Renamed"_s);
    ASSERT_TRUE(detail->isModified());

    ASSERT_NO_FATAL_FAILURE(
        clickRowAndAnswer(*m_page, beta, QMessageBox::Cancel, u"Alpha"_s, [](QMessageBox& box) {
            saveScreenshot(box, u"applications-unsaved-question"_s);
        }));
    EXPECT_TRUE(waitFor([&] { return m_page->selectedId() == alpha; }));
    EXPECT_EQ(detail->saved().clientId, alpha);
    EXPECT_EQ(detail->nameEdit()->text(), u"Alpha Renamed"_s);
    EXPECT_TRUE(detail->isModified());
    saveScreenshot(*m_window, u"applications-unsaved-kept"_s);

    ASSERT_NO_FATAL_FAILURE(clickRowAndAnswer(*m_page, beta, QMessageBox::Discard, u"Alpha"_s));
    EXPECT_TRUE(waitFor([&] { return detail->saved().clientId == beta; }));
    EXPECT_EQ(m_page->selectedId(), beta);
    EXPECT_EQ(detail->nameEdit()->text(), u"Beta"_s);
    EXPECT_FALSE(detail->isModified());
    EXPECT_EQ(
        api("GET", m_server.tenant(), u"clients/"_s + alpha).json().value("name"_L1).toString(),
        u"Alpha"_s);
    // Back on the first one: the saved name, not the discarded edit.
    clickRow(*m_page, alpha);
    EXPECT_EQ(detail->nameEdit()->text(), u"Alpha"_s);
}

TEST_F(ApplicationsPageTest, RotatesTheSecretSoThatTheOldOneStopsWorkingAndRevealsTheNewOne) {
    const QJsonObject client = createClient(u"Worker"_s, u"non_interactive"_s);
    const QString id = client.value("client_id"_L1).toString();
    const QString oldSecret = client.value("client_secret"_L1).toString();
    const QString audience = m_server.managementAudience(m_server.tenant());
    const auto tokenStatus = [&](const QString& secret) {
        return m_server.requestToken(m_server.tenant(), {id, secret, audience}, audience).status;
    };
    ASSERT_NE(tokenStatus(oldSecret), 401) << "the first secret authenticates";
    openPage();
    select(id);
    app::ApplicationDetail* detail = m_page->detail();
    detail->tabs()->setCurrentIndex(1);
    EXPECT_FALSE(detail->hasSecret()) << "the server shows no secret of an existing client";
    EXPECT_FALSE(detail->revealButton()->isEnabled());
    ASSERT_TRUE(detail->rotateButton()->isEnabled());

    QString shown;
    confirmMessageBox();
    whenShown<app::SecretDialog>([&](app::SecretDialog* dialog) {
        shown = dialog->secretEdit()->text();
        saveScreenshot(*dialog, u"applications-new-secret"_s);
        dialog->accept();
    });
    QTest::mouseClick(detail->rotateButton(), Qt::LeftButton);
    ASSERT_TRUE(waitFor([&] { return !shown.isEmpty(); }));
    EXPECT_NE(shown, oldSecret);
    EXPECT_EQ(tokenStatus(oldSecret), 401) << "the old secret no longer works";
    EXPECT_NE(tokenStatus(shown), 401) << "the new one does";

    // Hidden until revealed behind a question; copied as it is.
    EXPECT_EQ(detail->secretEdit()->echoMode(), QLineEdit::Password);
    ASSERT_TRUE(detail->revealButton()->isEnabled());
    confirmMessageBox();
    QTest::mouseClick(detail->revealButton(), Qt::LeftButton);
    EXPECT_EQ(detail->secretEdit()->echoMode(), QLineEdit::Normal);
    EXPECT_EQ(detail->secretEdit()->text(), shown);
    saveScreenshot(*m_window, u"applications-secret"_s);
    QTest::mouseClick(detail->copySecretButton(), Qt::LeftButton);
    EXPECT_EQ(QApplication::clipboard()->text(), shown);
    QTest::mouseClick(detail->revealButton(), Qt::LeftButton);
    EXPECT_EQ(detail->secretEdit()->echoMode(), QLineEdit::Password) << "hiding needs no question";
}

TEST_F(ApplicationsPageTest, DeletesAfterConfirmationButNeverTheDashboardsOwnClient) {
    const QString id = createClient(u"Doomed"_s, u"spa"_s).value("client_id"_L1).toString();
    openPage();
    select(id);
    ASSERT_TRUE(m_page->deleteAction()->isEnabled());
    confirmMessageBox();
    m_page->deleteAction()->trigger();
    ASSERT_TRUE(waitFor([&] { return m_page->clientsModel()->rowOf(id) < 0; }))
        << m_page->messageBar()->text().toStdString() << [&] {
               std::string ids;
               for (int r = 0; r < m_page->clientsModel()->rowCount(); ++r)
                   ids += m_page->clientsModel()->idAt(r).toStdString() + " ";
               return ids;
           }();
    EXPECT_EQ(api("GET", m_server.tenant(), u"clients/"_s + id).status, 404);

    // The system tenant: the dashboard's client is not offered for deletion, and the server's
    // refusal of a callback change is shown.
    m_dashboard->session().setCurrentTenant(u"system"_s);
    ASSERT_TRUE(
        waitFor([&] { return m_page->clientsModel()->rowOf(u"gatehouse-dashboard"_s) >= 0; }));
    select(u"gatehouse-dashboard"_s);
    EXPECT_FALSE(m_page->deleteAction()->isEnabled());
    const QStringList before = m_page->detail()->saved().callbacks;
    addEntry(m_page->detail()->callbacksEditor(), u"https://elsewhere.example.com/cb"_s);
    QTest::mouseClick(m_page->detail()->saveButton(), Qt::LeftButton);
    ASSERT_TRUE(waitFor([&] { return m_page->messageBar()->isVisible(); }));
    EXPECT_EQ(m_page->messageBar()->kind(), widgets::MessageBar::Kind::Error);
    EXPECT_TRUE(m_page->messageBar()->text().contains(u"cannot be changed"_s))
        << m_page->messageBar()->text().toStdString();
    const QJsonObject dashboard = api("GET", u"system"_s, u"clients/gatehouse-dashboard"_s).json();
    EXPECT_EQ(strings(dashboard.value("callbacks"_L1)), before);
}

TEST_F(ApplicationsPageTest, ASupportUserDoesNotSeeThePageAndAForgedEditIsRefused) {
    const QString id =
        createClient(u"Guarded"_s, u"regular_web"_s).value("client_id"_L1).toString();
    makeAdministrator(u"support@example.com"_s, u"support"_s);
    openPage(false);
    EXPECT_FALSE(m_page->isEnabled());
    EXPECT_FALSE(m_page->newAction()->isEnabled());
    EXPECT_TRUE(m_window->navigation()->item(int(m_window->pages().indexOf(m_page)))->isHidden());

    client::ApiCall* forged =
        m_dashboard->session().managementCall("PATCH", m_server.tenant(), u"clients/"_s + id, {},
                                              QJsonDocument(QJsonObject{{u"name"_s, u"Forged"_s}}));
    std::optional<client::ApiResult> result;
    QObject::connect(forged, &client::ApiCall::finished, m_page,
                     [&, forged] { result = forged->result(); });
    ASSERT_TRUE(waitFor([&] { return result.has_value(); }));
    ASSERT_FALSE(result->ok());
    EXPECT_EQ(result->error->httpStatus, 403);
    EXPECT_EQ(api("GET", m_server.tenant(), u"clients/"_s + id).json().value("name"_L1).toString(),
              u"Guarded"_s);
}

} // namespace
} // namespace gatehouse::gui
