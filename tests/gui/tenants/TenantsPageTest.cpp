// The Tenants page as an owner uses it: the list, a new tenant, its settings, a key rotation
// and its deletion behind the typed confirmation, each done through the widgets and checked
// through the Management API.
#include "gui/DashboardFixture.h"
#include "gui/DialogDriver.h"

#include "app/MainWindow.h"
#include "app/pages/tenants/DurationEdit.h"
#include "app/pages/tenants/NewTenantDialog.h"
#include "app/pages/tenants/RotateKeysDialog.h"
#include "app/pages/tenants/TenantSettingsPanel.h"
#include "app/pages/tenants/TenantsPage.h"
#include "models/api/ApiCall.h"
#include "models/session/Session.h"
#include "models/tenants/SigningKeysModel.h"
#include "widgets/TypedConfirmationDialog.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QColorDialog>
#include <QComboBox>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QTimer>
#include <QToolButton>

namespace gatehouse::gui {
namespace {

using namespace Qt::StringLiterals;

// universal_login.colors.primary in an answer of GET tenants/settings.
QString primaryColorOf(const integration::Reply& settings) {
    return settings.json()
        .value("universal_login"_L1)
        .toObject()
        .value("colors"_L1)
        .toObject()
        .value("primary"_L1)
        .toString();
}

// The kids of the keys with `status` in the API's answer.
QStringList kidsWithStatus(const integration::Reply& keys, const QString& status) {
    QStringList kids;
    for (const QJsonValue& key : keys.jsonArray()) {
        if (key.toObject().value("status"_L1).toString() == status)
            kids.append(key.toObject().value("kid"_L1).toString());
    }
    return kids;
}

QString kidWithStatus(const integration::Reply& keys, const QString& status) {
    return kidsWithStatus(keys, status).value(0);
}

// Waits for a call's answer.
client::ApiResult resultOf(client::ApiCall* call) {
    std::optional<client::ApiResult> result;
    QObject::connect(call, &client::ApiCall::finished, call,
                     [&, call] { result = call->result(); });
    EXPECT_TRUE(QTest::qWaitFor([&] { return result.has_value(); }, 15000));
    return result.value_or(client::ApiResult{});
}

// refresh_token in an answer of GET or PATCH tenants/settings.
QJsonObject refreshTokenOf(const integration::Reply& settings) {
    return settings.json().value("refresh_token"_L1).toObject();
}

// Types `number` over what the spin box holds, as a user does.
void typeInto(QSpinBox* box, int number) {
    box->setFocus();
    box->selectAll();
    QTest::keyClicks(box, QString::number(number));
    QTest::keyClick(box, Qt::Key_Tab);
}

void typeInto(QLineEdit* edit, const QString& text) {
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Delete);
    QTest::keyClicks(edit, text);
}

class TenantsPageTest : public DashboardTest {
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
        m_page = qobject_cast<app::TenantsPage*>(m_window->page(u"tenantsPage"_s));
        ASSERT_NE(m_page, nullptr);
        m_window->showPage(int(m_window->pages().indexOf(m_page)));
        ASSERT_TRUE(waitFor([&] { return m_page->tenantsModel()->rowCount() >= 2; }));
        m_panel = m_page->settingsPanel();
    }

    void TearDown() override {
        m_window.reset();
        m_dashboard.reset();
        DashboardTest::TearDown();
    }

    // Selects `tenant` and waits for its settings and keys.
    void select(const QString& tenant) {
        m_page->selectId(tenant);
        ASSERT_EQ(m_page->selectedId(), tenant);
        ASSERT_TRUE(
            waitFor([&] { return m_panel->isReady() && m_panel->keysModel()->rowCount() > 0; }));
    }

    // Create: the id is checked as it is typed; the server answers with the new tenant.
    void createTenant(const QString& id) {
        whenModal<app::NewTenantDialog>([&](app::NewTenantDialog& dialog) {
            EXPECT_FALSE(dialog.createButton()->isEnabled());
            QTest::keyClicks(dialog.idEdit(), u"Acme -"_s); // uppercase and space are refused
            EXPECT_EQ(dialog.idEdit()->text(), u"cme-"_s);
            EXPECT_FALSE(dialog.createButton()->isEnabled()); // ends with '-'
            typeInto(dialog.idEdit(), id);
            QTest::keyClicks(dialog.nameEdit(), u"Acme Test"_s);
            dialog.algorithmBox()->setCurrentText(u"ES256"_s);
            EXPECT_TRUE(dialog.createButton()->isEnabled());
            saveScreenshot(dialog, u"tenants-new"_s);
            QTest::mouseClick(dialog.createButton(), Qt::LeftButton);
        });
        m_page->createAction()->trigger();
        ASSERT_GE(m_page->tenantsModel()->rowOf(id), 0);
        const integration::Reply created = api("GET", u"system"_s, u"tenants/"_s + id);
        ASSERT_EQ(created.status, 200) << created.describe();
        EXPECT_EQ(created.json().value("friendly_name"_L1).toString(), u"Acme Test"_s);
        EXPECT_EQ(created.json().value("signing_alg"_L1).toString(), u"ES256"_s);
        // The tenant switcher offers it once the profile is read again.
        EXPECT_TRUE(waitFor([&] { return m_window->tenantSwitcher()->findData(id) >= 0; }));
    }

    // Edit: the panel shows the new tenant; a bad URL keeps Save disabled.
    void editSettings(const QString& id) {
        ASSERT_NO_FATAL_FAILURE(select(id));
        typeInto(m_panel->nameEdit(), u"Acme Renamed"_s);
        typeInto(m_panel->logoEdit(), u"not a url"_s);
        EXPECT_FALSE(m_panel->saveButton()->isEnabled());
        EXPECT_FALSE(m_panel->problem().isEmpty());
        typeInto(m_panel->logoEdit(), u"https://acme.example/logo.png"_s);
        typeInto(m_panel->supportEmailEdit(), u"help@acme.example"_s);
        m_panel->sessionLifetimeBox()->setValue(48);
        m_panel->idleLifetimeBox()->setValue(12);
        ASSERT_TRUE(m_panel->saveButton()->isEnabled());
        // Clicking another tenant asks first; Cancel keeps the edits and the selection.
        whenModal<QMessageBox>([](QMessageBox& box) { box.button(QMessageBox::Cancel)->click(); });
        m_page->selectId(u"system"_s);
        ASSERT_TRUE(waitFor([&] { return m_page->selectedId() == id; }));
        EXPECT_EQ(m_panel->tenant(), id);
        EXPECT_EQ(m_panel->nameEdit()->text(), u"Acme Renamed"_s);
        saveScreenshot(*m_window, u"tenants-settings"_s);
        QTest::mouseClick(m_panel->saveButton(), Qt::LeftButton);
        ASSERT_TRUE(waitFor([&] { return !m_panel->isBusy() && !m_panel->isModified(); }));
        const integration::Reply settings = api("GET", id, u"tenants/settings"_s);
        ASSERT_EQ(settings.status, 200) << settings.describe();
        EXPECT_EQ(settings.json().value("friendly_name"_L1).toString(), u"Acme Renamed"_s);
        EXPECT_EQ(settings.json().value("picture_url"_L1).toString(),
                  u"https://acme.example/logo.png"_s);
        EXPECT_EQ(settings.json().value("support_email"_L1).toString(), u"help@acme.example"_s);
        EXPECT_EQ(settings.json().value("session_lifetime"_L1).toInt(), 48);
        EXPECT_EQ(settings.json().value("idle_session_lifetime"_L1).toInt(), 12);
        const int row = m_page->tenantsModel()->rowOf(id);
        EXPECT_EQ(m_page->tenantsModel()->index(row, 1).data().toString(), u"Acme Renamed"_s);
    }

    // The algorithm changes after its own confirmation, with new keys at once.
    void changeAlgorithm(const QString& id) {
        m_panel->algorithmBox()->setCurrentText(u"EdDSA"_s);
        whenModal<QMessageBox>([](QMessageBox& box) {
            for (QAbstractButton* button : box.buttons()) {
                if (button->text() == "Switch to EdDSA"_L1)
                    return button->click();
            }
            ADD_FAILURE() << "no button to confirm";
            box.reject();
        });
        QTest::mouseClick(m_panel->saveButton(), Qt::LeftButton);
        ASSERT_TRUE(waitFor([&] { return !m_panel->isBusy() && !m_panel->isModified(); }));
        EXPECT_EQ(api("GET", id, u"tenants/settings"_s).json().value("signing_alg"_L1).toString(),
                  u"EdDSA"_s);
    }

    // Rotate: the confirmation shows the keys; afterwards the next key signs.
    void rotateKeys(const QString& id) {
        ASSERT_TRUE(waitFor([&] { return !m_panel->keysModel()->isLoading(); }));
        const integration::Reply before = api("GET", id, u"keys/signing"_s);
        ASSERT_EQ(before.status, 200) << before.describe();
        const QString oldCurrent = kidWithStatus(before, u"current"_s);
        const QString oldNext = kidWithStatus(before, u"next"_s);
        ASSERT_FALSE(oldNext.isEmpty());
        whenModal<app::RotateKeysDialog>([&](app::RotateKeysDialog& dialog) {
            EXPECT_GE(dialog.keysView()->model()->rowCount(), 2);
            saveScreenshot(dialog, u"tenants-rotate-confirmation"_s);
            QTest::mouseClick(dialog.rotateButton(), Qt::LeftButton);
        });
        ASSERT_TRUE(m_page->rotateAction()->isEnabled());
        m_page->rotateAction()->trigger();
        ASSERT_TRUE(waitFor([&] {
            return !m_panel->isBusy() &&
                   m_panel->keysModel()->kidWithStatus(u"current"_s) == oldNext;
        }));
        const integration::Reply after = api("GET", id, u"keys/signing"_s);
        EXPECT_EQ(kidWithStatus(after, u"current"_s), oldNext);
        EXPECT_NE(kidWithStatus(after, u"next"_s), oldNext);
        // The algorithm change left the ES256 key as previous too.
        EXPECT_TRUE(kidsWithStatus(after, u"previous"_s).contains(oldCurrent));
    }

    // Delete: the button stays disabled until the id is typed exactly.
    void deleteTenant(const QString& id) {
        whenModal<widgets::TypedConfirmationDialog>([&](widgets::TypedConfirmationDialog& dialog) {
            EXPECT_FALSE(dialog.confirmButton()->isEnabled());
            QTest::keyClicks(dialog.input(), id.chopped(1));
            EXPECT_FALSE(dialog.confirmButton()->isEnabled());
            QTest::keyClicks(dialog.input(), id.right(1));
            EXPECT_TRUE(dialog.confirmButton()->isEnabled());
            saveScreenshot(dialog, u"tenants-delete-confirmation"_s);
            QTest::mouseClick(dialog.confirmButton(), Qt::LeftButton);
        });
        m_page->deleteAction()->trigger();
        ASSERT_TRUE(waitFor([&] { return m_page->tenantsModel()->rowOf(id) < 0; }));
        EXPECT_EQ(api("GET", u"system"_s, u"tenants/"_s + id).status, 404);
        EXPECT_TRUE(waitFor([&] { return m_window->tenantSwitcher()->findData(id) < 0; }));
    }

    std::unique_ptr<app::Dashboard> m_dashboard;
    std::unique_ptr<app::MainWindow> m_window;
    app::TenantsPage* m_page = nullptr;
    app::TenantSettingsPanel* m_panel = nullptr;
};

TEST_F(TenantsPageTest, TheListShowsEveryTenantWithItsAlgorithmAndTheSystemTenantCannotBeDeleted) {
    client::TenantsModel& model = *m_page->tenantsModel();
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    const int row = model.rowOf(m_server.tenant());
    ASSERT_GE(row, 0);
    EXPECT_EQ(model.index(row, 3).data().toString(), u"ES256"_s); // the Signing column
    EXPECT_EQ(model.recordAt(row).signingAlg, u"ES256"_s);

    select(u"system"_s);
    EXPECT_FALSE(m_page->deleteAction()->isEnabled());
    EXPECT_TRUE(m_page->createAction()->isEnabled());
    EXPECT_TRUE(m_page->rotateAction()->isEnabled());

    select(m_server.tenant());
    EXPECT_TRUE(m_page->deleteAction()->isEnabled());
    EXPECT_FALSE(m_panel->saveButton()->isEnabled()); // nothing changed yet
    QAbstractItemModelTester keysTester(m_panel->keysModel(),
                                        QAbstractItemModelTester::FailureReportingMode::Fatal);
    EXPECT_FALSE(m_panel->keysModel()->kidWithStatus(u"current"_s).isEmpty());
    EXPECT_FALSE(m_panel->keysModel()->kidWithStatus(u"next"_s).isEmpty());
    m_panel->tabs()->setCurrentIndex(app::TenantSettingsPanel::SigningTab);
    saveScreenshot(*m_window, u"tenants-list"_s);
}

TEST_F(TenantsPageTest, ATenantIsCreatedEditedRotatedAndDeletedThroughTheWidgets) {
    QAbstractItemModelTester tester(m_page->tenantsModel(),
                                    QAbstractItemModelTester::FailureReportingMode::Fatal);
    const QString id = u"acme-test"_s;
    ASSERT_NO_FATAL_FAILURE(createTenant(id));
    ASSERT_NO_FATAL_FAILURE(editSettings(id));
    ASSERT_NO_FATAL_FAILURE(changeAlgorithm(id));
    ASSERT_NO_FATAL_FAILURE(rotateKeys(id));
    ASSERT_NO_FATAL_FAILURE(deleteTenant(id));
}

// The login pages' colour: a colour that is not #rrggbb is named as the problem and nothing is
// sent; one picked with the colour dialog is saved, shown by the API, and cleared again by
// emptying the field.
TEST_F(TenantsPageTest, ThePrimaryColourIsCheckedPickedSavedAndCleared) {
    const QString tenant = m_server.tenant();
    ASSERT_NO_FATAL_FAILURE(select(tenant));
    ASSERT_EQ(primaryColorOf(api("GET", tenant, u"tenants/settings"_s)), QString());
    EXPECT_TRUE(m_panel->colorEdit()->text().isEmpty());
    ASSERT_TRUE(m_panel->colorButton()->isEnabled());

    // Typed wrong: the problem is shown, Save stays off, and a save asked anyway sends nothing.
    m_panel->colorEdit()->setFocus();
    QTest::keyClicks(m_panel->colorEdit(), u"#12zz45"_s);
    EXPECT_TRUE(m_panel->isModified());
    EXPECT_FALSE(m_panel->saveButton()->isEnabled());
    auto* problem = m_panel->findChild<QLabel*>(u"problem"_s);
    ASSERT_NE(problem, nullptr);
    EXPECT_TRUE(problem->isVisible());
    EXPECT_TRUE(problem->text().contains(u"primary colour"_s)) << problem->text().toStdString();
    saveScreenshot(*m_window, u"tenants-branding-invalid"_s);
    m_panel->save();
    EXPECT_FALSE(m_panel->isBusy());
    EXPECT_EQ(primaryColorOf(api("GET", tenant, u"tenants/settings"_s)), QString());

    // Picked with the swatch's colour dialog: the field gets it as #rrggbb.
    whenModal<QColorDialog>([](QColorDialog& dialog) {
        dialog.setCurrentColor(QColor(0x1a, 0x2b, 0x3c));
        dialog.accept();
    });
    QTest::mouseClick(m_panel->colorButton(), Qt::LeftButton);
    ASSERT_TRUE(waitFor([&] { return m_panel->colorEdit()->text() == "#1a2b3c"_L1; }));
    EXPECT_FALSE(problem->isVisible());
    ASSERT_TRUE(m_panel->saveButton()->isEnabled());
    saveScreenshot(*m_window, u"tenants-branding"_s);
    QTest::mouseClick(m_panel->saveButton(), Qt::LeftButton);
    ASSERT_TRUE(waitFor([&] { return !m_panel->isBusy() && !m_panel->isModified(); }));
    const integration::Reply saved = api("GET", tenant, u"tenants/settings"_s);
    ASSERT_EQ(saved.status, 200) << saved.describe();
    EXPECT_EQ(primaryColorOf(saved), u"#1a2b3c"_s);

    // Emptied: the default colour again.
    typeInto(m_panel->colorEdit(), QString());
    ASSERT_TRUE(m_panel->saveButton()->isEnabled());
    QTest::mouseClick(m_panel->saveButton(), Qt::LeftButton);
    ASSERT_TRUE(waitFor([&] { return !m_panel->isBusy() && !m_panel->isModified(); }));
    EXPECT_EQ(primaryColorOf(api("GET", tenant, u"tenants/settings"_s)), QString());
}

// Refresh-token lifetimes: what the server holds is shown in a unit that keeps it exact; an idle
// lifetime longer than the absolute one is named as the problem and sends nothing; Save sends
// only the fields that changed (a reuse interval set meanwhile through the API survives).
TEST_F(TenantsPageTest, RefreshTokenLifetimesAreCheckedAndSavedThroughTheWidgets) {
    const QString tenant = m_server.tenant();
    const auto refreshToken = [&] {
        return refreshTokenOf(api("GET", tenant, u"tenants/settings"_s));
    };
    // 90 minutes: neither whole hours nor days. The idle lifetime, unset, follows it.
    ASSERT_EQ(api("PATCH", tenant, u"tenants/settings"_s,
                  {{u"refresh_token"_s, QJsonObject{{u"token_lifetime"_s, 5400}}}})
                  .status,
              200);
    ASSERT_NO_FATAL_FAILURE(select(tenant));
    app::DurationEdit* absolute = m_panel->refreshLifetimeEdit();
    app::DurationEdit* idle = m_panel->idleRefreshLifetimeEdit();
    EXPECT_EQ(absolute->spinBox()->value(), 90);
    EXPECT_EQ(absolute->unit(), app::DurationEdit::Minutes);
    EXPECT_EQ(absolute->unitBox()->currentText(), u"minutes"_s);
    EXPECT_EQ(idle->seconds(), 5400);
    EXPECT_EQ(m_panel->reuseIntervalBox()->text(), u"Off"_s);
    EXPECT_FALSE(m_panel->isModified());

    // Absolute 2 days (the unit first: 90 minutes are about 0 days, shown as 1), idle 3 days.
    absolute->unitBox()->setCurrentIndex(app::DurationEdit::Days);
    EXPECT_EQ(absolute->seconds(), 86400);
    typeInto(absolute->spinBox(), 2);
    idle->unitBox()->setCurrentIndex(app::DurationEdit::Days);
    typeInto(idle->spinBox(), 3);
    EXPECT_EQ(absolute->seconds(), 172800);
    EXPECT_EQ(idle->seconds(), 259200);
    EXPECT_TRUE(m_panel->isModified());
    EXPECT_FALSE(m_panel->saveButton()->isEnabled());
    auto* problem = m_panel->findChild<QLabel*>(u"problem"_s);
    ASSERT_NE(problem, nullptr);
    EXPECT_TRUE(problem->isVisible());
    EXPECT_TRUE(problem->text().contains(u"idle lifetime"_s)) << problem->text().toStdString();
    // The group is at the bottom of the form: scrolled to, as a user does, for the screenshots.
    auto* form = m_panel->findChild<QScrollArea*>();
    ASSERT_NE(form, nullptr);
    form->ensureWidgetVisible(m_panel->reuseIntervalBox());
    saveScreenshot(*m_window, u"tenants-refresh-tokens-invalid"_s);
    m_panel->save();
    EXPECT_FALSE(m_panel->isBusy());
    EXPECT_EQ(refreshToken().value("token_lifetime"_L1).toInt(), 5400);

    // Idle 36 hours: valid. Meanwhile someone sets the reuse interval through the API.
    idle->unitBox()->setCurrentIndex(app::DurationEdit::Hours);
    typeInto(idle->spinBox(), 36);
    EXPECT_FALSE(problem->isVisible());
    ASSERT_TRUE(m_panel->saveButton()->isEnabled());
    EXPECT_EQ(m_panel->editedSettings().changesSince(m_panel->savedSettings()),
              (QJsonObject{{u"refresh_token"_s, QJsonObject{{u"token_lifetime"_s, 172800},
                                                            {u"idle_token_lifetime"_s, 129600}}}}));
    ASSERT_EQ(api("PATCH", tenant, u"tenants/settings"_s,
                  {{u"refresh_token"_s, QJsonObject{{u"leeway"_s, 7}}}})
                  .status,
              200);
    form->ensureWidgetVisible(m_panel->reuseIntervalBox());
    saveScreenshot(*m_window, u"tenants-refresh-tokens"_s);
    QTest::mouseClick(m_panel->saveButton(), Qt::LeftButton);
    ASSERT_TRUE(waitFor([&] { return !m_panel->isBusy() && !m_panel->isModified(); }));
    EXPECT_EQ(refreshToken(), (QJsonObject{{u"token_lifetime"_s, 172800},
                                           {u"idle_token_lifetime"_s, 129600},
                                           {u"leeway"_s, 7}}));
    EXPECT_EQ(idle->unit(), app::DurationEdit::Hours);
    EXPECT_EQ(m_panel->reuseIntervalBox()->value(), 7);

    // The reuse interval typed back to 0: off.
    typeInto(m_panel->reuseIntervalBox(), 0);
    ASSERT_TRUE(m_panel->saveButton()->isEnabled());
    QTest::mouseClick(m_panel->saveButton(), Qt::LeftButton);
    ASSERT_TRUE(waitFor([&] { return !m_panel->isBusy() && !m_panel->isModified(); }));
    EXPECT_EQ(refreshToken().value("leeway"_L1), QJsonValue(0));
}

// An admin's role covers ordinary tenants only: the page is gone from their window, its actions
// are off, and a create sent anyway (through the page's own model) is refused by the server.
TEST_F(TenantsPageTest, AnAdminHasNoTenantsPageAndTheServerRefusesAForgedCreate) {
    const QString email = u"admin@acme.example"_s;
    const QString userId = createUser(u"system"_s, email);
    ASSERT_FALSE(userId.isEmpty());
    // The owner signed in by SetUp gives the role, as a person would.
    const client::ApiResult granted = resultOf(m_dashboard->session().managementCall(
        "PUT", u"system"_s, u"administrators/"_s + userId, {},
        QJsonDocument(
            QJsonObject{{u"role"_s, u"admin"_s}, {u"tenants"_s, QJsonArray{m_server.tenant()}}})));
    ASSERT_TRUE(granted.ok()) << granted.error->summary().toStdString();

    auto dashboard = makeDashboard();
    app::MainWindow window(*dashboard);
    window.show();
    setBrowserLogin(email, QString::fromLatin1(kPassword));
    ASSERT_TRUE(signIn(*dashboard));
    auto* page = qobject_cast<app::TenantsPage*>(window.page(u"tenantsPage"_s));
    ASSERT_NE(page, nullptr);
    EXPECT_FALSE(page->isEnabled());
    EXPECT_TRUE(window.navigation()->item(int(window.pages().indexOf(page)))->isHidden());
    EXPECT_FALSE(page->createAction()->isEnabled());
    EXPECT_FALSE(page->deleteAction()->isEnabled());

    page->tenantsModel()->setTenant(u"system"_s);
    client::TenantRecord forged;
    forged.id = u"forged"_s;
    const client::ApiResult refused = resultOf(page->tenantsModel()->create(forged));
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.httpStatus, 403) << refused.error->summary().toStdString();
    EXPECT_EQ(api("GET", u"system"_s, u"tenants/forged"_s).status, 404);
}

} // namespace
} // namespace gatehouse::gui
