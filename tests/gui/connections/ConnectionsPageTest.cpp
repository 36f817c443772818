// The Connections page as a person uses it: create a database connection, change its password
// policy and the tenant's attack-protection thresholds and the applications that use it; create
// an upstream OIDC connection to this server's own tenant and test its discovery (success, a
// bad URL, a cancelled test); delete a connection only after its name is typed; a support user
// reads and cannot change, and the server refuses a forged edit. Every change is checked
// through the Management API; screenshots go to <build>/gui-artifacts/.
#include "gui/DashboardFixture.h"
#include "gui/DialogDriver.h"

#include "app/MainWindow.h"
#include "app/pages/connections/AttackProtectionGroup.h"
#include "app/pages/connections/ConnectionDetail.h"
#include "app/pages/connections/ConnectionsPage.h"
#include "app/pages/connections/DatabaseOptionsForm.h"
#include "app/pages/connections/DiscoveryTestPanel.h"
#include "app/pages/connections/NewConnectionDialog.h"
#include "app/pages/connections/OidcOptionsForm.h"
#include "models/connections/EnabledClientsModel.h"
#include "models/session/Session.h"
#include "widgets/MessageBar.h"
#include "widgets/TypedConfirmationDialog.h"

#include <QAbstractButton>
#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QDeadlineTimer>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
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

void setText(QLineEdit* edit, const QString& text) {
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Delete);
    QTest::keyClicks(edit, text);
}

void setNumber(QSpinBox* box, int value) {
    box->selectAll();
    QTest::keyClicks(box, QString::number(value));
    ASSERT_EQ(box->value(), value);
}

// A click on the indicator of a check box or radio button (its middle may be past the text).
void clickIndicator(QAbstractButton* button) {
    QTest::mouseClick(button, Qt::LeftButton, {}, QPoint(8, button->height() / 2));
}

// The label's text without the zero-width spaces that let its URLs wrap.
QString plain(const QLabel* label) {
    return label->text().remove(QChar(0x200B));
}

QStringList strings(const QJsonValue& value) {
    QStringList list;
    for (const QJsonValue& item : value.toArray())
        list.append(item.toString());
    return list;
}

class ConnectionsPageTest : public DashboardTest {
protected:
    void TearDown() override {
        m_testers.clear();
        m_window.reset();
        m_dashboard.reset();
        DashboardTest::TearDown();
    }

    // A window signed in (as the owner unless the browser login was set) on the Connections
    // page, its models under QAbstractItemModelTester from the start.
    void openPage(bool owner = true) {
        m_dashboard = makeDashboard();
        m_window = std::make_unique<app::MainWindow>(*m_dashboard);
        m_window->resize(1180, 760);
        m_window->show();
        m_page = qobject_cast<app::ConnectionsPage*>(m_window->page(u"connectionsPage"_s));
        ASSERT_NE(m_page, nullptr);
        for (QAbstractItemModel* model : std::initializer_list<QAbstractItemModel*>{
                 m_page->connectionsModel(), m_page->clientsModel()})
            m_testers.push_back(
                std::make_unique<Tester>(model, Tester::FailureReportingMode::Fatal));
        ASSERT_TRUE(owner ? signInAsOwner(*m_dashboard) : signIn(*m_dashboard));
        m_window->showPage(int(m_window->pages().indexOf(m_page)));
        ASSERT_TRUE(waitFor([&] {
            return m_page->connectionsModel()->rowCount() > 0 &&
                   !m_page->connectionsModel()->isLoading() && !m_page->clientsModel()->isLoading();
        }));
    }

    void select(const QString& id) {
        ASSERT_TRUE(waitFor([&] { return m_page->connectionsModel()->rowOf(id) >= 0; }));
        m_page->selectId(id);
        ASSERT_EQ(m_page->detail()->saved().id, id);
    }

    QString createDatabase(const QString& name, int minLength) {
        const integration::Reply made =
            api("POST", m_server.tenant(), u"connections"_s,
                {{u"name"_s, name},
                 {u"strategy"_s, u"auth0"_s},
                 {u"options"_s,
                  QJsonObject{{u"password_policy"_s, QJsonObject{{u"min_length"_s, minLength}}}}}});
        EXPECT_EQ(made.status, 201) << made.describe();
        return made.json().value("id"_L1).toString();
    }

    int savedMinLength(const QString& id) {
        return api("GET", m_server.tenant(), u"connections/"_s + id)
            .json()
            .value("options"_L1)
            .toObject()
            .value("password_policy"_L1)
            .toObject()
            .value("min_length"_L1)
            .toInt();
    }

    int savedMaxAttempts() {
        return api("GET", m_server.tenant(), u"tenants/settings"_s)
            .json()
            .value("brute_force_protection"_L1)
            .toObject()
            .value("max_attempts"_L1)
            .toInt();
    }

    QJsonObject connectionNamed(const QString& name) {
        const integration::Reply reply =
            api("GET", m_server.tenant(), u"connections?name="_s + name);
        EXPECT_EQ(reply.status, 200) << reply.describe();
        const QJsonArray found = reply.jsonArray();
        return found.isEmpty() ? QJsonObject() : found.first().toObject();
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
    app::ConnectionsPage* m_page = nullptr;
};

TEST_F(ConnectionsPageTest, CreatesADatabaseConnectionAndChangesItsPolicyThresholdsAndApps) {
    const integration::Reply app = api("POST", m_server.tenant(), u"clients"_s,
                                       {{u"name"_s, u"Shop"_s}, {u"app_type"_s, u"spa"_s}});
    ASSERT_EQ(app.status, 201) << app.describe();
    const QString appId = app.json().value("client_id"_L1).toString();
    openPage();
    whenShown<app::NewConnectionDialog>([&](app::NewConnectionDialog* dialog) {
        QTest::keyClicks(dialog->nameEdit(), u"customers"_s);
        clickIndicator(dialog->databaseForm()->signupBox());
        setNumber(dialog->databaseForm()->minLengthBox(), 10);
        QTest::mouseClick(dialog->createButton(), Qt::LeftButton);
    });
    ASSERT_TRUE(m_page->newDatabaseAction()->isEnabled());
    m_page->newDatabaseAction()->trigger();
    QJsonObject created = connectionNamed(u"customers"_s);
    ASSERT_FALSE(created.isEmpty());
    QJsonObject options = created.value("options"_L1).toObject();
    EXPECT_EQ(created.value("strategy"_L1).toString(), u"auth0"_s);
    EXPECT_TRUE(options.value("disable_signup"_L1).toBool());
    EXPECT_EQ(options.value("password_policy"_L1).toObject().value("min_length"_L1).toInt(), 10);

    const QString id = created.value("id"_L1).toString();
    select(id);
    app::ConnectionDetail* detail = m_page->detail();
    app::AttackProtectionGroup* attack = detail->attackProtection();
    ASSERT_TRUE(waitFor([&] { return attack->isLoaded(); }));
    setNumber(detail->databaseForm()->minLengthBox(), 12);
    clickIndicator(detail->databaseForm()->usernameBox());
    setNumber(attack->maxAttemptsBox(), 5);
    setNumber(attack->blockMinutesBox(), 30);
    clickIndicator(attack->ipThrottlingBox());
    EXPECT_FALSE(attack->ipMaxAttemptsBox()->isEnabled()) << "off: its numbers do not apply";
    saveScreenshot(*m_window, u"connections-database"_s);

    detail->tabs()->setCurrentIndex(1);
    const int row = m_page->clientsModel()->rowOf(appId);
    ASSERT_GE(row, 0);
    detail->applicationsView()->setCurrentIndex(m_page->clientsModel()->index(row, 0));
    QTest::keyClick(detail->applicationsView(), Qt::Key_Space);
    EXPECT_TRUE(m_page->clientsModel()->checkedIds().contains(appId));

    ASSERT_TRUE(detail->saveButton()->isEnabled()) << detail->problem().toStdString();
    QTest::mouseClick(detail->saveButton(), Qt::LeftButton);
    ASSERT_TRUE(
        waitFor([&] { return !detail->saveButton()->isEnabled() && !attack->isModified(); }));
    created = api("GET", m_server.tenant(), u"connections/"_s + id).json();
    options = created.value("options"_L1).toObject();
    EXPECT_EQ(options.value("password_policy"_L1).toObject().value("min_length"_L1).toInt(), 12);
    EXPECT_TRUE(options.value("requires_username"_L1).toBool());
    EXPECT_TRUE(options.value("disable_signup"_L1).toBool()) << "kept";
    EXPECT_EQ(strings(created.value("enabled_clients"_L1)), QStringList{appId});
    const QJsonObject settings = api("GET", m_server.tenant(), u"tenants/settings"_s).json();
    const QJsonObject bruteForce = settings.value("brute_force_protection"_L1).toObject();
    EXPECT_EQ(bruteForce.value("max_attempts"_L1).toInt(), 5);
    EXPECT_EQ(bruteForce.value("block_minutes"_L1).toInt(), 30);
    EXPECT_FALSE(
        settings.value("suspicious_ip_throttling"_L1).toObject().value("enabled"_L1).toBool());
    // The list names the application.
    const QModelIndex apps =
        m_page->connectionsModel()->index(m_page->connectionsModel()->rowOf(id), 2);
    EXPECT_EQ(apps.data().toString(), u"Shop"_s);
}

// Choosing another connection with edits unsaved (its policy, the tenant's thresholds shown with
// it) asks first: Cancel keeps the edits and the row, Discard shows the other connection with
// the thresholds as saved; nothing is sent either way.
TEST_F(ConnectionsPageTest, AnotherConnectionIsShownOnlyAfterUnsavedEditsAreDiscarded) {
    const QString alpha = createDatabase(u"alpha-db"_s, 9);
    const QString beta = createDatabase(u"beta-db"_s, 11);
    const int maxAttempts = savedMaxAttempts();
    ASSERT_GT(maxAttempts, 0);
    openPage();
    ASSERT_TRUE(waitFor([&] { return m_page->connectionsModel()->rowOf(beta) >= 0; }));
    app::ConnectionDetail* detail = m_page->detail();
    app::AttackProtectionGroup* attack = detail->attackProtection();
    clickRow(*m_page, alpha);
    ASSERT_EQ(detail->saved().id, alpha);
    ASSERT_TRUE(waitFor([&] { return attack->isLoaded(); }));
    ASSERT_EQ(detail->databaseForm()->minLengthBox()->value(), 9);
    EXPECT_FALSE(detail->isModified());
    setNumber(detail->databaseForm()->minLengthBox(), 14);
    setNumber(attack->maxAttemptsBox(), maxAttempts + 2);
    ASSERT_TRUE(detail->isModified());

    ASSERT_NO_FATAL_FAILURE(
        clickRowAndAnswer(*m_page, beta, QMessageBox::Cancel, u"alpha-db"_s, [](QMessageBox& box) {
            saveScreenshot(box, u"connections-unsaved-question"_s);
        }));
    EXPECT_TRUE(waitFor([&] { return m_page->selectedId() == alpha; }));
    EXPECT_EQ(detail->saved().id, alpha);
    EXPECT_EQ(detail->databaseForm()->minLengthBox()->value(), 14);
    EXPECT_EQ(attack->maxAttemptsBox()->value(), maxAttempts + 2);
    EXPECT_TRUE(detail->isModified());
    EXPECT_TRUE(detail->saveButton()->isEnabled());
    saveScreenshot(*m_window, u"connections-unsaved-kept"_s);

    ASSERT_NO_FATAL_FAILURE(clickRowAndAnswer(*m_page, beta, QMessageBox::Discard, u"alpha-db"_s));
    EXPECT_TRUE(waitFor([&] { return detail->saved().id == beta; }));
    EXPECT_EQ(m_page->selectedId(), beta);
    EXPECT_EQ(detail->databaseForm()->minLengthBox()->value(), 11);
    EXPECT_EQ(attack->maxAttemptsBox()->value(), maxAttempts) << "the thresholds' edit went too";
    EXPECT_FALSE(detail->isModified());
    EXPECT_FALSE(detail->saveButton()->isEnabled());
    EXPECT_EQ(savedMinLength(alpha), 9);
    EXPECT_EQ(savedMaxAttempts(), maxAttempts);
    clickRow(*m_page, alpha);
    EXPECT_EQ(detail->databaseForm()->minLengthBox()->value(), 9);
}

TEST_F(ConnectionsPageTest, TestsAnUpstreamProvidersDiscoveryAndSaysWhatIsWrongWithABadOne) {
    const QString issuer = m_server.issuer(m_server.tenant());
    ASSERT_FALSE(issuer.isEmpty());
    openPage();
    whenShown<app::NewConnectionDialog>([&](app::NewConnectionDialog* dialog) {
        QTest::keyClicks(dialog->nameEdit(), u"upstream"_s);
        EXPECT_FALSE(dialog->createButton()->isEnabled()) << "no issuer yet";
        QTest::keyClicks(dialog->oidcForm()->issuerEdit(), issuer);
        QTest::keyClicks(dialog->oidcForm()->clientIdEdit(), u"gatehouse-upstream"_s);
        QTest::keyClicks(dialog->oidcForm()->secretEdit(), u"upstream secret"_s);
        saveScreenshot(*dialog, u"connections-new-oidc"_s);
        QTest::mouseClick(dialog->createButton(), Qt::LeftButton);
    });
    m_page->newOidcAction()->trigger();
    const QJsonObject created = connectionNamed(u"upstream"_s);
    ASSERT_FALSE(created.isEmpty());
    const QJsonObject options = created.value("options"_L1).toObject();
    EXPECT_EQ(created.value("strategy"_L1).toString(), u"oidc"_s);
    EXPECT_EQ(options.value("issuer"_L1).toString(), issuer);
    EXPECT_EQ(options.value("client_id"_L1).toString(), u"gatehouse-upstream"_s);
    EXPECT_FALSE(options.contains("client_secret"_L1)) << "never shown";

    select(created.value("id"_L1).toString());
    app::ConnectionDetail* detail = m_page->detail();
    app::DiscoveryTestPanel* test = detail->testPanel();
    EXPECT_TRUE(detail->oidcForm()->secretEdit()->text().isEmpty());
    ASSERT_TRUE(test->testButton()->isEnabled());
    QTest::mouseClick(test->testButton(), Qt::LeftButton);
    ASSERT_TRUE(waitFor([&] { return test->succeeded(); }))
        << plain(test->resultLabel()).toStdString();
    EXPECT_TRUE(plain(test->resultLabel()).contains(issuer.toHtmlEscaped()));
    EXPECT_TRUE(plain(test->resultLabel()).contains(u"oauth/token"_s));
    saveScreenshot(*m_window, u"connections-oidc-test"_s);

    // Nothing listens there: a clear error, not a success.
    setText(detail->oidcForm()->issuerEdit(), u"https://127.0.0.1:1/t/nowhere/"_s);
    QTest::mouseClick(test->testButton(), Qt::LeftButton);
    ASSERT_TRUE(waitFor([&] { return plain(test->resultLabel()).contains(u"failed"_s); }));
    EXPECT_FALSE(test->succeeded());
    EXPECT_TRUE(plain(test->resultLabel()).contains(u"No answer"_s))
        << plain(test->resultLabel()).toStdString();
    // A server that answers, but not with a discovery document.
    setText(detail->oidcForm()->issuerEdit(), m_server.servingUrl() + u"/t/no-such-tenant/"_s);
    QTest::mouseClick(test->testButton(), Qt::LeftButton);
    ASSERT_TRUE(waitFor([&] { return plain(test->resultLabel()).contains(u"HTTP 404"_s); }))
        << plain(test->resultLabel()).toStdString();
    saveScreenshot(*m_window, u"connections-oidc-test-failed"_s);
    // Cancelled while on its way.
    setText(detail->oidcForm()->issuerEdit(), issuer);
    QTest::mouseClick(test->testButton(), Qt::LeftButton);
    ASSERT_TRUE(test->cancelButton()->isVisible());
    QTest::mouseClick(test->cancelButton(), Qt::LeftButton);
    EXPECT_TRUE(plain(test->resultLabel()).contains(u"cancelled"_s));
    EXPECT_TRUE(test->testButton()->isEnabled());
}

TEST_F(ConnectionsPageTest, DeletesAConnectionAndItsUsersOnlyAfterItsNameIsTyped) {
    const integration::Reply made = api("POST", m_server.tenant(), u"connections"_s,
                                        {{u"name"_s, u"doomed-db"_s}, {u"strategy"_s, u"auth0"_s}});
    ASSERT_EQ(made.status, 201) << made.describe();
    const QString id = made.json().value("id"_L1).toString();
    const integration::Reply user = api("POST", m_server.tenant(), u"users"_s,
                                        {{u"connection"_s, u"doomed-db"_s},
                                         {u"email"_s, u"leaving@example.com"_s},
                                         {u"password"_s, QString::fromLatin1(kPassword)}});
    ASSERT_EQ(user.status, 201) << user.describe();
    const QString userId = user.json().value("user_id"_L1).toString();
    openPage();
    select(id);
    ASSERT_TRUE(m_page->deleteAction()->isEnabled());
    whenShown<widgets::TypedConfirmationDialog>([&](widgets::TypedConfirmationDialog* dialog) {
        EXPECT_FALSE(dialog->confirmButton()->isEnabled());
        const auto* text = dialog->findChild<QLabel*>();
        ASSERT_NE(text, nullptr);
        EXPECT_TRUE(text->text().contains(u"1 user"_s)) << text->text().toStdString();
        QTest::keyClicks(dialog->input(), u"doomed"_s);
        EXPECT_FALSE(dialog->confirmButton()->isEnabled()) << "not the whole name";
        QTest::keyClicks(dialog->input(), u"-db"_s);
        EXPECT_TRUE(dialog->confirmButton()->isEnabled());
        saveScreenshot(*dialog, u"connections-delete-confirmation"_s);
        QTest::mouseClick(dialog->confirmButton(), Qt::LeftButton);
    });
    m_page->deleteAction()->trigger();
    ASSERT_TRUE(waitFor([&] { return m_page->connectionsModel()->rowOf(id) < 0; }));
    EXPECT_EQ(api("GET", m_server.tenant(), u"connections/"_s + id).status, 404);
    EXPECT_EQ(api("GET", m_server.tenant(), u"users/"_s + userId).status, 404);
}

TEST_F(ConnectionsPageTest, ASupportUserReadsButCannotChangeAndAForgedEditIsRefused) {
    const QJsonObject connection = connectionNamed(u"Username-Password-Authentication"_s);
    const QString id = connection.value("id"_L1).toString();
    ASSERT_FALSE(id.isEmpty());
    makeAdministrator(u"support@example.com"_s, u"support"_s);
    openPage(false);
    select(id);
    app::ConnectionDetail* detail = m_page->detail();
    EXPECT_TRUE(m_page->isEnabled());
    EXPECT_FALSE(m_page->newDatabaseAction()->isEnabled());
    EXPECT_FALSE(m_page->deleteAction()->isEnabled());
    EXPECT_FALSE(detail->databaseForm()->signupBox()->isEnabled());
    EXPECT_TRUE(detail->databaseForm()->minLengthBox()->isReadOnly());
    EXPECT_FALSE(detail->attackProtection()->maxAttemptsBox()->isEnabled());
    EXPECT_FALSE(m_page->clientsModel()->isEditable());
    EXPECT_FALSE(detail->saveButton()->isEnabled());
    saveScreenshot(*m_window, u"connections-support"_s);

    client::ApiCall* forged = m_dashboard->session().managementCall(
        "PATCH", m_server.tenant(), u"connections/"_s + id, {},
        QJsonDocument(QJsonObject{{u"options"_s, QJsonObject{{u"disable_signup"_s, true}}}}));
    std::optional<client::ApiResult> result;
    QObject::connect(forged, &client::ApiCall::finished, m_page,
                     [&, forged] { result = forged->result(); });
    ASSERT_TRUE(waitFor([&] { return result.has_value(); }));
    ASSERT_FALSE(result->ok());
    EXPECT_EQ(result->error->httpStatus, 403);
    EXPECT_FALSE(connectionNamed(u"Username-Password-Authentication"_s)
                     .value("options"_L1)
                     .toObject()
                     .value("disable_signup"_L1)
                     .toBool());
}

} // namespace
} // namespace gatehouse::gui
