// The APIs page: a new API with its scopes, its scopes edited, a machine-to-machine application
// authorized for it with one scope, and its deletion, each done through the widgets and checked
// through the Management API.
#include "gui/DashboardFixture.h"
#include "gui/DialogDriver.h"

#include "app/MainWindow.h"
#include "app/pages/apis/ApiDetailPanel.h"
#include "app/pages/apis/ApisPage.h"
#include "app/pages/apis/MachineGrantsPanel.h"
#include "app/pages/apis/NewApiDialog.h"
#include "app/pages/apis/ScopesEditor.h"
#include "models/apis/MachineGrantsModel.h"
#include "models/apis/ScopesModel.h"
#include "models/session/Session.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QJsonArray>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QTimer>
#include <QUrlQuery>

namespace gatehouse::gui {
namespace {

using namespace Qt::StringLiterals;

// Adds a scope through the editor's two fields and its Add button.
void addScope(app::ScopesEditor& editor, const QString& value, const QString& description) {
    QTest::keyClicks(editor.valueEdit(), value);
    QTest::keyClicks(editor.descriptionEdit(), description);
    ASSERT_TRUE(editor.addButton()->isEnabled());
    QTest::mouseClick(editor.addButton(), Qt::LeftButton);
}

QStringList scopeValues(const QJsonObject& server) {
    QStringList values;
    for (const QJsonValue& scope : server.value("scopes"_L1).toArray())
        values.append(scope.toObject().value("value"_L1).toString());
    return values;
}

class ApisPageTest : public DashboardTest {
protected:
    void SetUp() override {
        DashboardTest::SetUp();
        if (HasFatalFailure())
            return;
        m_dashboard = makeDashboard();
        m_window = std::make_unique<app::MainWindow>(*m_dashboard);
        m_window->resize(1280, 800);
        m_window->show();
        ASSERT_TRUE(signInAsOwner(*m_dashboard));
        m_page = qobject_cast<app::ApisPage*>(m_window->page(u"apisPage"_s));
        ASSERT_NE(m_page, nullptr);
        m_window->showPage(int(m_window->pages().indexOf(m_page)));
        ASSERT_TRUE(waitFor([&] { return m_page->serversModel()->rowCount() >= 1; }));
        m_panel = m_page->detailPanel();
    }

    void TearDown() override {
        m_window.reset();
        m_dashboard.reset();
        DashboardTest::TearDown();
    }

    // An API made through the Management API, with `scopes` (without descriptions); its id.
    QString createApiThroughApi(const QString& name, const QString& identifier,
                                const QStringList& scopes) {
        QJsonArray scopeArray;
        for (const QString& scope : scopes)
            scopeArray.append(QJsonObject{{u"value"_s, scope}, {u"description"_s, scope}});
        const integration::Reply made =
            api("POST", m_server.tenant(), u"resource-servers"_s,
                {{u"name"_s, name}, {u"identifier"_s, identifier}, {u"scopes"_s, scopeArray}});
        EXPECT_EQ(made.status, 201) << made.describe();
        return made.json().value("id"_L1).toString();
    }

    // Create with two scopes; a scope defined twice is refused in the dialog. `id`: the new API's.
    void createApi(const QString& identifier, QString& id) {
        whenModal<app::NewApiDialog>([&](app::NewApiDialog& dialog) {
            QAbstractItemModelTester scopesTester(
                dialog.scopesEditor()->view()->model(),
                QAbstractItemModelTester::FailureReportingMode::Fatal);
            EXPECT_FALSE(dialog.createButton()->isEnabled());
            QTest::keyClicks(dialog.nameEdit(), u"Invoices"_s);
            QTest::keyClicks(dialog.identifierEdit(), identifier);
            dialog.lifetimeBox()->setValue(3600);
            addScope(*dialog.scopesEditor(), u"read:invoices"_s, u"Read invoices"_s);
            addScope(*dialog.scopesEditor(), u"write:invoices"_s, u"Create and change invoices"_s);
            addScope(*dialog.scopesEditor(), u"read:invoices"_s, u"Again"_s);
            EXPECT_EQ(dialog.scopesEditor()->view()->model()->rowCount(), 2);
            saveScreenshot(dialog, u"apis-new"_s); // the refusal shown
            dialog.scopesEditor()->clearInput();
            ASSERT_TRUE(dialog.createButton()->isEnabled());
            QTest::mouseClick(dialog.createButton(), Qt::LeftButton);
        });
        m_page->createAction()->trigger();
        ASSERT_TRUE(m_panel->api().has_value());
        id = m_panel->api()->id;
        EXPECT_EQ(m_page->selectedId(), id);
        const integration::Reply created =
            api("GET", m_server.tenant(), u"resource-servers/"_s + id);
        ASSERT_EQ(created.status, 200) << created.describe();
        EXPECT_EQ(created.json().value("identifier"_L1).toString(), identifier);
        EXPECT_EQ(created.json().value("token_lifetime"_L1).toInt(), 3600);
        EXPECT_EQ(scopeValues(created.json()),
                  (QStringList{u"read:invoices"_s, u"write:invoices"_s}));
        saveScreenshot(*m_window, u"apis-list"_s);
    }

    // Scopes: one removed, one added, saved with the API.
    void editScopes(const QString& id) {
        m_panel->tabs()->setCurrentIndex(app::ApiDetailPanel::ScopesTab);
        app::ScopesEditor& editor = *m_panel->scopesEditor();
        QAbstractItemModelTester scopesTester(
            editor.view()->model(), QAbstractItemModelTester::FailureReportingMode::Fatal);
        editor.view()->selectRow(1);
        ASSERT_TRUE(editor.removeButton()->isEnabled());
        QTest::mouseClick(editor.removeButton(), Qt::LeftButton);
        addScope(editor, u"pay:invoices"_s, u"Mark invoices paid"_s);
        saveScreenshot(*m_window, u"apis-scopes"_s);
        ASSERT_TRUE(m_panel->saveButton()->isEnabled());
        QTest::mouseClick(m_panel->saveButton(), Qt::LeftButton);
        ASSERT_TRUE(waitFor([&] { return !m_panel->isBusy() && !m_panel->isModified(); }));
        const integration::Reply edited =
            api("GET", m_server.tenant(), u"resource-servers/"_s + id);
        EXPECT_EQ(scopeValues(edited.json()), (QStringList{u"read:invoices"_s, u"pay:invoices"_s}));
    }

    // Grants: a machine-to-machine application authorized with one scope.
    void grantToMachine(const QString& identifier) {
        const integration::Reply client =
            api("POST", m_server.tenant(), u"clients"_s,
                {{u"name"_s, u"Billing worker"_s}, {u"app_type"_s, u"non_interactive"_s}});
        ASSERT_EQ(client.status, 201) << client.describe();
        const QString clientId = client.json().value("client_id"_L1).toString();
        m_panel->tabs()->setCurrentIndex(app::ApiDetailPanel::GrantsTab);
        app::MachineGrantsPanel& grants = *m_panel->grantsPanel();
        grants.reload();
        ASSERT_TRUE(waitFor([&] {
            return !grants.model()->isLoading() && grants.model()->rowOfClient(clientId) >= 0;
        }));
        QAbstractItemModelTester grantsTester(
            grants.model(), QAbstractItemModelTester::FailureReportingMode::Fatal);
        grants.selectClient(clientId);
        ASSERT_EQ(grants.scopeList()->count(), 2);
        EXPECT_EQ(grants.saveButton()->text(), u"&Authorize"_s);
        grants.scopeList()->item(0)->setCheckState(Qt::Checked); // read:invoices
        ASSERT_TRUE(grants.saveButton()->isEnabled());
        QTest::mouseClick(grants.saveButton(), Qt::LeftButton);
        ASSERT_TRUE(waitFor([&] { return !grants.isBusy() && grants.isGranted(); }));
        saveScreenshot(*m_window, u"apis-grants"_s);
        QUrlQuery query;
        query.addQueryItem(u"client_id"_s, clientId);
        query.addQueryItem(u"audience"_s, identifier);
        const integration::Reply granted =
            api("GET", m_server.tenant(), u"client-grants?"_s + query.toString(QUrl::FullyEncoded));
        ASSERT_EQ(granted.status, 200) << granted.describe();
        ASSERT_EQ(granted.jsonArray().size(), 1) << granted.describe();
        EXPECT_EQ(granted.jsonArray().first().toObject().value("scope"_L1).toArray(),
                  QJsonArray{u"read:invoices"_s});
        EXPECT_TRUE(grants.revokeButton()->isEnabled());
    }

    // Delete, after the confirmation; the tenant's Management API cannot be deleted.
    void deleteApi(const QString& id) {
        client::ResourceServersModel& servers = *m_page->serversModel();
        whenModal<QMessageBox>([](QMessageBox& box) {
            for (QAbstractButton* button : box.buttons()) {
                if (button->text() == "Delete API"_L1)
                    return button->click();
            }
            ADD_FAILURE() << "no button to confirm";
            box.reject();
        });
        ASSERT_TRUE(m_page->deleteAction()->isEnabled());
        m_page->deleteAction()->trigger();
        ASSERT_TRUE(waitFor([&] { return servers.rowOf(id) < 0; }));
        EXPECT_EQ(api("GET", m_server.tenant(), u"resource-servers/"_s + id).status, 404);
        for (int row = 0; row < servers.rowCount(); ++row) {
            if (servers.record(servers.idAt(row))->isSystem) {
                m_page->selectId(servers.idAt(row));
                EXPECT_FALSE(m_page->deleteAction()->isEnabled());
            }
        }
    }

    std::unique_ptr<app::Dashboard> m_dashboard;
    std::unique_ptr<app::MainWindow> m_window;
    app::ApisPage* m_page = nullptr;
    app::ApiDetailPanel* m_panel = nullptr;
};

TEST_F(ApisPageTest, AnApiIsCreatedWithScopesEditedGrantedAndDeletedThroughTheWidgets) {
    QAbstractItemModelTester tester(m_page->serversModel(),
                                    QAbstractItemModelTester::FailureReportingMode::Fatal);
    const QString identifier = u"https://invoices.example.com/"_s;
    QString id;
    ASSERT_NO_FATAL_FAILURE(createApi(identifier, id));
    ASSERT_NO_FATAL_FAILURE(editScopes(id));
    ASSERT_NO_FATAL_FAILURE(grantToMachine(identifier));
    ASSERT_NO_FATAL_FAILURE(deleteApi(id));
}

// Choosing another API with edits unsaved asks first: Cancel keeps the edits and the row,
// Discard shows the other API; nothing is sent either way. Scopes ticked for an application in
// the grants tab, not yet written, count as edits too.
TEST_F(ApisPageTest, AnotherApiIsShownOnlyAfterUnsavedEditsAreDiscarded) {
    const QString alpha =
        createApiThroughApi(u"Alpha API"_s, u"https://alpha.example.com/"_s, {u"read:alpha"_s});
    const QString beta = createApiThroughApi(u"Beta API"_s, u"https://beta.example.com/"_s, {});
    const integration::Reply worker =
        api("POST", m_server.tenant(), u"clients"_s,
            {{u"name"_s, u"Alpha worker"_s}, {u"app_type"_s, u"non_interactive"_s}});
    ASSERT_EQ(worker.status, 201) << worker.describe();
    const QString workerId = worker.json().value("client_id"_L1).toString();
    m_page->reload();
    client::ResourceServersModel& servers = *m_page->serversModel();
    ASSERT_TRUE(waitFor([&] {
        return !servers.isLoading() && servers.rowOf(alpha) >= 0 && servers.rowOf(beta) >= 0;
    }));
    QAbstractItemModelTester tester(&servers,
                                    QAbstractItemModelTester::FailureReportingMode::Fatal);
    clickRow(*m_page, alpha);
    ASSERT_TRUE(m_panel->api().has_value());
    ASSERT_EQ(m_panel->api()->id, alpha);
    EXPECT_FALSE(m_panel->hasUnsavedChanges());
    retype(m_panel->nameEdit(), u"Alpha Renamed"_s);
    ASSERT_TRUE(m_panel->hasUnsavedChanges());

    ASSERT_NO_FATAL_FAILURE(
        clickRowAndAnswer(*m_page, beta, QMessageBox::Cancel, u"Alpha API"_s, [](QMessageBox& box) {
            saveScreenshot(box, u"apis-unsaved-question"_s);
        }));
    EXPECT_TRUE(waitFor([&] { return m_page->selectedId() == alpha; }));
    EXPECT_EQ(m_panel->api()->id, alpha);
    EXPECT_EQ(m_panel->nameEdit()->text(), u"Alpha Renamed"_s);
    EXPECT_TRUE(m_panel->saveButton()->isEnabled());
    saveScreenshot(*m_window, u"apis-unsaved-kept"_s);

    ASSERT_NO_FATAL_FAILURE(clickRowAndAnswer(*m_page, beta, QMessageBox::Discard, u"Alpha API"_s));
    EXPECT_TRUE(waitFor([&] { return m_panel->api() && m_panel->api()->id == beta; }));
    EXPECT_EQ(m_page->selectedId(), beta);
    EXPECT_EQ(m_panel->nameEdit()->text(), u"Beta API"_s);
    EXPECT_FALSE(m_panel->hasUnsavedChanges());
    EXPECT_EQ(api("GET", m_server.tenant(), u"resource-servers/"_s + alpha)
                  .json()
                  .value("name"_L1)
                  .toString(),
              u"Alpha API"_s);

    // A scope typed and not added is an edit; so is a tick in the grants tab not written.
    clickRow(*m_page, alpha);
    ASSERT_EQ(m_panel->nameEdit()->text(), u"Alpha API"_s);
    m_panel->tabs()->setCurrentIndex(app::ApiDetailPanel::ScopesTab);
    QTest::keyClicks(m_panel->scopesEditor()->valueEdit(), u"write:alpha"_s);
    EXPECT_TRUE(m_panel->hasUnsavedChanges());
    m_panel->scopesEditor()->clearInput();
    EXPECT_FALSE(m_panel->hasUnsavedChanges());
    m_panel->tabs()->setCurrentIndex(app::ApiDetailPanel::GrantsTab);
    app::MachineGrantsPanel& grants = *m_panel->grantsPanel();
    ASSERT_TRUE(waitFor([&] {
        return !grants.model()->isLoading() && grants.model()->rowOfClient(workerId) >= 0;
    }));
    grants.selectClient(workerId);
    ASSERT_EQ(grants.scopeList()->count(), 1);
    grants.scopeList()->item(0)->setCheckState(Qt::Checked); // read:alpha, not authorized yet
    EXPECT_TRUE(m_panel->hasUnsavedChanges());
    ASSERT_NO_FATAL_FAILURE(clickRowAndAnswer(*m_page, beta, QMessageBox::Discard, u"Alpha API"_s));
    EXPECT_TRUE(waitFor([&] { return m_panel->api() && m_panel->api()->id == beta; }));
    QUrlQuery query;
    query.addQueryItem(u"client_id"_s, workerId);
    const integration::Reply granted =
        api("GET", m_server.tenant(), u"client-grants?"_s + query.toString(QUrl::FullyEncoded));
    ASSERT_EQ(granted.status, 200) << granted.describe();
    EXPECT_TRUE(granted.jsonArray().isEmpty()) << granted.describe();
}

} // namespace
} // namespace gatehouse::gui
