// The Users page against a live gatehoused: searching with the server's query syntax, pages
// fetched as the view scrolls, sorting by the server, the profile and metadata edited in the
// form, block and unblock, attack-protection blocks, a new user, deletion, and a support
// administrator who may only read. Changes go through the widgets and are checked through the
// API; screenshots go to <build>/gui-artifacts/users-*.png.
#include "gui/DashboardFixture.h"
#include "gui/DialogDriver.h"

#include "app/MainWindow.h"
#include "app/pages/users/CreateUserDialog.h"
#include "app/pages/users/UserDetailPanel.h"
#include "app/pages/users/UsersPage.h"
#include "models/users/UserSearch.h"
#include "widgets/JsonEditor.h"
#include "widgets/MessageBar.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLineEdit>
#include <QMessageBox>
#include <QNetworkReply>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QToolBar>
#include <QTreeWidget>
#include <QUrlQuery>
#include <QUuid>
#include <iostream>

namespace gatehouse::gui {
namespace {

using namespace Qt::StringLiterals;

constexpr auto kDatabase = "Username-Password-Authentication"_L1;

QString segment(const QString& id) {
    return QString::fromLatin1(QUrl::toPercentEncoding(id));
}

class UsersPageTest : public DashboardTest {
protected:
    [[nodiscard]] QString tenant() const { return m_server.tenant(); }

    QString createUser(const QString& email, const QJsonObject& extra = {}) {
        QJsonObject body{{u"connection"_s, kDatabase},
                         {u"email"_s, email},
                         {u"password"_s, QString::fromLatin1(kPassword)}};
        for (auto it = extra.begin(); it != extra.end(); ++it)
            body.insert(it.key(), it.value());
        const integration::Reply reply = api("POST", tenant(), u"users"_s, body);
        EXPECT_EQ(reply.status, 201) << reply.describe();
        return reply.json().value("user_id"_L1).toString();
    }

    // `count` users (userNNN@example.com, "User NNN") through the dashboard's own session, all
    // at once: the network manager keeps several connections busy, which the tests' one
    // blocking client cannot (~35 ms a call).
    void createUsersAtOnce(client::Session& session, int count) {
        QElapsedTimer timer;
        timer.start();
        int created = 0;
        QStringList failures;
        for (int i = 0; i < count; ++i) {
            const QString number = u"%1"_s.arg(i, 3, 10, QLatin1Char('0'));
            client::ApiCall* call = session.managementCall(
                "POST", tenant(), u"users"_s, {},
                QJsonDocument(QJsonObject{{u"connection"_s, kDatabase},
                                          {u"email"_s, u"user%1@example.com"_s.arg(number)},
                                          {u"name"_s, QString(u"User "_s + number)},
                                          {u"password"_s, QString::fromLatin1(kPassword)}}));
            QObject::connect(call, &client::ApiCall::finished, call, [&, call] {
                if (call->result().ok())
                    ++created;
                else
                    failures << call->result().error->summary();
            });
        }
        ASSERT_TRUE(waitFor([&] { return created + failures.size() == count; }, 60000));
        ASSERT_TRUE(failures.isEmpty()) << failures.join(u'\n').toStdString();
        std::cout << "[ figures  ] " << count << " users created through the API in "
                  << timer.elapsed() << " ms\n";
    }

    QJsonObject user(const QString& id) {
        const integration::Reply reply = api("GET", tenant(), u"users/"_s + segment(id));
        EXPECT_EQ(reply.status, 200) << reply.describe();
        return reply.json();
    }

    // Hundreds of users through the API in a second or two: the cheapest argon2id the server
    // accepts (the default costs ~55 ms a user).
    void restartWithCheapHashing() {
        ASSERT_EQ(m_server.stop(), 0);
        m_server.setEnvironment(u"GATEHOUSE_CRYPTO_PASSWORD_ITERATIONS"_s, u"1"_s);
        m_server.setEnvironment(u"GATEHOUSE_CRYPTO_PASSWORD_MEMORY_KIB"_s, u"8"_s);
        ASSERT_TRUE(m_server.start());
    }

    // Statements on the server's SQLite database, for what the API cannot do quickly
    // (100,000 users) or at all (attack-protection counters come from failed logins).
    void sql(const QString& statement, const QList<QVariantList>& rows) {
        const QString name = QUuid::createUuid().toString();
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
            db.setDatabaseName(QDir(m_server.dataDir()).filePath(u"gatehouse.db"_s));
            db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=10000"_s);
            ASSERT_TRUE(db.open()) << db.lastError().text().toStdString();
            ASSERT_TRUE(db.transaction());
            QSqlQuery query(db);
            ASSERT_TRUE(query.prepare(statement)) << query.lastError().text().toStdString();
            for (const QVariantList& row : rows) {
                for (int i = 0; i < row.size(); ++i)
                    query.bindValue(i, row.at(i));
                ASSERT_TRUE(query.exec()) << query.lastError().text().toStdString();
            }
            query.finish();
            ASSERT_TRUE(db.commit()) << db.lastError().text().toStdString();
        }
        QSqlDatabase::removeDatabase(name);
    }

    // A support administrator of the test tenant. DashboardTest::createAdministrator() cannot
    // grant the role (the system management client's token lacks update:administrators: 403),
    // so the owner grants it in a dashboard session of their own, as they would.
    void grantSupportRole(const QString& email) {
        const integration::Reply created = api("POST", u"system"_s, u"users"_s,
                                               {{u"connection"_s, kDatabase},
                                                {u"email"_s, email},
                                                {u"password"_s, QString::fromLatin1(kPassword)}});
        ASSERT_EQ(created.status, 201) << created.describe();
        const QString id = created.json().value("user_id"_L1).toString();
        auto owner = makeDashboard();
        ASSERT_TRUE(signInAsOwner(*owner));
        std::optional<client::ApiResult> granted;
        client::ApiCall* call = owner->session().managementCall(
            "PUT", u"system"_s, u"administrators/"_s + id, {},
            QJsonDocument(
                QJsonObject{{u"role"_s, u"support"_s}, {u"tenants"_s, QJsonArray{tenant()}}}));
        QObject::connect(call, &client::ApiCall::finished, call,
                         [&granted, call] { granted = call->result(); });
        ASSERT_TRUE(waitFor([&] { return granted.has_value(); }));
        ASSERT_TRUE(granted->ok()) << granted->error->summary().toStdString();
    }

    struct Window {
        std::unique_ptr<app::Dashboard> dashboard;
        std::unique_ptr<app::MainWindow> window;
        app::UsersPage* page = nullptr;
        QList<QUrl> userLists; // every GET …/users the dashboard sent, in order
    };

    // A signed-in window (the owner, unless setBrowserLogin() said otherwise) before the Users
    // page is opened; every users list request is recorded.
    std::unique_ptr<Window> signedInWindow(bool asOwner = true) {
        auto shown = std::make_unique<Window>();
        shown->dashboard = makeDashboard();
        shown->window = std::make_unique<app::MainWindow>(*shown->dashboard);
        shown->window->resize(1180, 760);
        shown->window->show();
        const bool signedIn =
            asOwner ? signInAsOwner(*shown->dashboard) : signIn(*shown->dashboard);
        EXPECT_TRUE(signedIn);
        shown->page = qobject_cast<app::UsersPage*>(shown->window->page(u"usersPage"_s));
        EXPECT_NE(shown->page, nullptr);
        Window* raw = shown.get();
        QObject::connect(&shown->dashboard->network(), &QNetworkAccessManager::finished,
                         shown->window.get(), [raw](QNetworkReply* reply) {
                             if (reply->operation() == QNetworkAccessManager::GetOperation &&
                                 reply->url().path().endsWith("/api/v2/users"_L1))
                                 raw->userLists.append(reply->url());
                         });
        return shown;
    }

    // Shows the Users page and waits for its first page.
    static bool openUsersPage(Window& shown) {
        shown.window->showPage(int(shown.window->pages().indexOf(shown.page)));
        return waitForList(*shown.page);
    }

    static bool waitForList(app::UsersPage& page) {
        return waitFor([&] { return !page.usersModel().isLoading(); });
    }

    // Types a search into the filter and presses Enter, as a person would.
    static bool search(app::UsersPage& page, const QString& text) {
        QLineEdit* filter = page.filterEdit();
        retype(filter, text);
        QTest::keyClick(filter, Qt::Key_Return);
        return waitForList(page);
    }

    static QString cell(const app::UsersPage& page, int row, int column) {
        return page.usersModel().index(row, column).data().toString();
    }

    static void clickRow(app::UsersPage& page, int row) { gui::clickRow(*page.view(), row); }

    static void clickHeader(app::UsersPage& page, int column) {
        QHeaderView* header = page.view()->horizontalHeader();
        QTest::mouseClick(
            header->viewport(), Qt::LeftButton, {},
            QPoint(header->sectionViewportPosition(column) + 12, header->height() / 2));
    }

    static void clickAction(app::UsersPage& page, QAction* action) {
        QWidget* button = page.toolBar()->widgetForAction(action);
        ASSERT_NE(button, nullptr);
        QTest::mouseClick(button, Qt::LeftButton);
    }

    // Blocks the last row's user with the toolbar, then deletes them after the question.
    static void blockAndDeleteLastRow(app::UsersPage& page) {
        const int last = page.usersModel().rowCount() - 1;
        clickRow(page, last);
        ASSERT_TRUE(page.detail()->hasUser());
        clickAction(page, page.blockAction());
        ASSERT_TRUE(waitForWrite(page));
        EXPECT_EQ(cell(page, last, 4), u"yes"_s);
        clickAction(page, page.deleteAction());
        QMessageBox* question = page.deleteQuestion();
        ASSERT_NE(question, nullptr);
        for (QAbstractButton* button : question->buttons()) {
            if (question->buttonRole(button) == QMessageBox::DestructiveRole)
                QTest::mouseClick(button, Qt::LeftButton);
        }
        ASSERT_TRUE(waitForWrite(page));
    }

    static bool waitForWrite(app::UsersPage& page) {
        return waitFor([&] { return !page.isBusy(); });
    }
};

TEST(UserSearchQuery, PlainWordsSearchByPrefixAndQueriesGoAsTyped) {
    EXPECT_EQ(client::userSearchQuery(u"  alice "_s), u"alice*"_s);
    EXPECT_EQ(client::userSearchQuery(u"alice  smith"_s), u"alice\\ smith*"_s);
    EXPECT_EQ(client::userSearchQuery(u"who?"_s), u"who\\?*"_s);
    EXPECT_EQ(client::userSearchQuery(u"email:a@b.c"_s), u"email:a@b.c"_s);
    EXPECT_EQ(client::userSearchQuery(u"name:\"A  B\""_s), u"name:\"A  B\""_s);
    EXPECT_EQ(client::userSearchQuery(u"ann OR bob"_s), u"ann OR bob"_s);
    EXPECT_EQ(client::userSearchQuery(u"jo*"_s), u"jo*"_s);
    EXPECT_EQ(client::userSearchQuery(u"   "_s), QString());
}

TEST_F(UsersPageTest, SearchesWithTheServersQuerySyntax) {
    createUser(u"alice@example.com"_s, {{u"name"_s, u"Alice Liddell"_s},
                                        {u"app_metadata"_s, QJsonObject{{u"plan"_s, u"gold"_s}}}});
    createUser(u"bob@example.com"_s, {{u"name"_s, u"Bob Builder"_s}});
    createUser(u"carol+test@example.com"_s, {{u"name"_s, u"Carol Danvers"_s}});
    auto shown = signedInWindow();
    app::UsersPage& page = *shown->page;
    ASSERT_TRUE(openUsersPage(*shown));
    ASSERT_EQ(page.usersModel().rowCount(), 3);
    EXPECT_EQ(cell(page, 0, 0), u"alice@example.com"_s); // the server's default order

    const auto emails = [&] {
        QStringList found;
        for (int row = 0; row < page.usersModel().rowCount(); ++row)
            found << cell(page, row, 0);
        return found;
    };
    ASSERT_TRUE(search(page, u"ali"_s));
    EXPECT_EQ(emails(), QStringList{u"alice@example.com"_s});
    ASSERT_TRUE(search(page, u"bob build"_s)); // a name with a space, as typed
    EXPECT_EQ(emails(), QStringList{u"bob@example.com"_s});
    ASSERT_TRUE(search(page, u"app_metadata.plan:gold"_s));
    EXPECT_EQ(emails(), QStringList{u"alice@example.com"_s});
    ASSERT_TRUE(search(page, u"email:carol+test@example.com"_s)); // '+' is not a space
    EXPECT_EQ(emails(), QStringList{u"carol+test@example.com"_s});
    ASSERT_TRUE(search(page, u"NOT name:Alice*"_s));
    EXPECT_EQ(emails(), (QStringList{u"bob@example.com"_s, u"carol+test@example.com"_s}));
    ASSERT_TRUE(search(page, u"(name:bob* OR name:carol*) AND email_verified:false"_s));
    EXPECT_EQ(emails(), (QStringList{u"bob@example.com"_s, u"carol+test@example.com"_s}));
    EXPECT_FALSE(page.messageBar()->isVisible());
    saveScreenshot(*shown->window, u"users-search"_s);

    // A query the server does not understand: its own message, in the page's message bar.
    ASSERT_TRUE(search(page, u"name:( OR"_s));
    EXPECT_EQ(page.usersModel().rowCount(), 0);
    ASSERT_TRUE(page.messageBar()->isVisible());
    EXPECT_EQ(page.messageBar()->kind(), widgets::MessageBar::Kind::Error);
    EXPECT_TRUE(page.messageBar()->text().contains(u"The search is not valid"_s))
        << page.messageBar()->text().toStdString();
    EXPECT_TRUE(page.messageBar()->text().contains(u"no value for field 'name'"_s))
        << page.messageBar()->text().toStdString();
    EXPECT_TRUE(page.messageBar()->text().contains(u"invalid_query, HTTP 400"_s))
        << page.messageBar()->text().toStdString();
    saveScreenshot(*shown->window, u"users-search-error"_s);

    // Clearing the search lists everyone again and the error goes.
    page.filterEdit()->clear();
    ASSERT_TRUE(waitForList(page));
    EXPECT_EQ(page.usersModel().rowCount(), 3);
    EXPECT_FALSE(page.messageBar()->isVisible());
}

TEST_F(UsersPageTest, FetchesPagesAsTheViewScrollsAndSortsOnTheServer) {
    restartWithCheapHashing();
    auto shown = signedInWindow();
    app::UsersPage& page = *shown->page;
    client::UsersModel& model = page.usersModel();
    createUsersAtOnce(shown->dashboard->session(), 250);

    QElapsedTimer opening;
    opening.start();
    ASSERT_TRUE(openUsersPage(*shown));
    std::cout << "[ figures  ] first page of 250 users shown in " << opening.elapsed() << " ms\n";
    // One request for the first page, and nothing more until the view scrolls.
    QCoreApplication::processEvents();
    QCoreApplication::processEvents();
    EXPECT_FALSE(model.isLoading());
    ASSERT_EQ(shown->userLists.size(), 1);
    const QUrlQuery first(shown->userLists.at(0));
    EXPECT_EQ(first.queryItemValue(u"page"_s), u"0"_s);
    EXPECT_EQ(first.queryItemValue(u"per_page"_s), u"100"_s);
    EXPECT_EQ(first.queryItemValue(u"include_totals"_s), u"true"_s);
    EXPECT_EQ(first.queryItemValue(u"sort"_s), u"email:1"_s);
    EXPECT_EQ(model.rowCount(), 100);
    EXPECT_EQ(model.totalCount(), 250);
    EXPECT_TRUE(model.canFetchMore({}));
    saveScreenshot(*shown->window, u"users-list"_s);

    page.view()->scrollToBottom();
    ASSERT_TRUE(waitFor([&] { return model.rowCount() == 200 && !model.isLoading(); }));
    ASSERT_EQ(shown->userLists.size(), 2);
    EXPECT_EQ(QUrlQuery(shown->userLists.at(1)).queryItemValue(u"page"_s), u"1"_s);
    EXPECT_TRUE(model.canFetchMore({}));
    page.view()->scrollToBottom();
    ASSERT_TRUE(waitFor([&] { return model.rowCount() == 250 && !model.isLoading(); }));
    EXPECT_EQ(shown->userLists.size(), 3);
    EXPECT_FALSE(model.canFetchMore({}));
    EXPECT_EQ(cell(page, 249, 0), u"user249@example.com"_s);

    {
        // Every page loaded: writes change the rows in place, checked as they happen.
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::Fatal);
        blockAndDeleteLastRow(page);
        EXPECT_EQ(model.rowCount(), 249);
        EXPECT_EQ(model.totalCount(), 249);
    }

    // The Email header is the server's default order (ascending): a click turns it around.
    clickHeader(page, 0);
    ASSERT_TRUE(waitFor([&] { return shown->userLists.size() == 4 && !model.isLoading(); }));
    EXPECT_EQ(QUrlQuery(shown->userLists.last()).queryItemValue(u"sort"_s), u"email:-1"_s);
    EXPECT_EQ(model.rowCount(), 100);
    EXPECT_EQ(cell(page, 0, 0), u"user248@example.com"_s);
    EXPECT_EQ(page.view()->horizontalHeader()->sortIndicatorOrder(), Qt::DescendingOrder);
    clickHeader(page, 1);
    ASSERT_TRUE(waitFor([&] { return shown->userLists.size() == 5 && !model.isLoading(); }));
    EXPECT_EQ(QUrlQuery(shown->userLists.last()).queryItemValue(u"sort"_s), u"name:1"_s);
    EXPECT_EQ(cell(page, 0, 1), u"User 000"_s);

    // Every column sorts on a field the server sorts users by (UserRepository::sortColumns()).
    for (int column = 0; column < model.columnCount(); ++column) {
        const QString field = model.sortField(column);
        SCOPED_TRACE(
            model.headerData(column, Qt::Horizontal, Qt::DisplayRole).toString().toStdString());
        ASSERT_FALSE(field.isEmpty());
        const integration::Reply sorted =
            api("GET", tenant(), u"users?per_page=1&sort=%1:-1"_s.arg(field));
        EXPECT_EQ(sorted.status, 200) << sorted.describe();
    }
    EXPECT_EQ(api("GET", tenant(), u"users?sort=last_ip:1"_s).status, 400);
}

// QAbstractItemModelTester while pages are still to come. It calls fetchMore() from modelReset
// and rowsInserted: PagedListModel must have settled the next page before it notifies, or the
// same page is asked for twice and its rows come twice (they did, before that was fixed).
TEST_F(UsersPageTest, TheModelStaysConsistentWhilePagesArriveAndTheSortChanges) {
    restartWithCheapHashing();
    auto shown = signedInWindow();
    app::UsersPage& page = *shown->page;
    client::UsersModel& model = page.usersModel();
    createUsersAtOnce(shown->dashboard->session(), 250);
    ASSERT_TRUE(openUsersPage(*shown));
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    ASSERT_TRUE(waitFor([&] { return !model.canFetchMore({}) && !model.isLoading(); }));
    EXPECT_EQ(model.rowCount(), 250);
    clickHeader(page, 0);
    ASSERT_TRUE(waitFor([&] { return !model.canFetchMore({}) && !model.isLoading(); }));
    EXPECT_EQ(model.rowCount(), 250);
    EXPECT_EQ(cell(page, 0, 0), u"user249@example.com"_s);
}

TEST_F(UsersPageTest, EditsTheProfileAndTheMetadataInTheForm) {
    const QString id = createUser(u"dora@example.com"_s, {{u"name"_s, u"Dora"_s}});
    auto shown = signedInWindow();
    app::UsersPage& page = *shown->page;
    ASSERT_TRUE(openUsersPage(*shown));
    app::UserDetailPanel* detail = page.detail();
    EXPECT_FALSE(detail->hasUser());
    clickRow(page, 0);
    ASSERT_TRUE(detail->hasUser());
    EXPECT_EQ(detail->emailEdit()->text(), u"dora@example.com"_s);
    EXPECT_FALSE(detail->saveButton()->isEnabled()); // nothing changed yet

    retype(detail->nameEdit(), u"Dora Explorer"_s);
    QTest::mouseClick(detail->verifiedBox(), Qt::LeftButton, {},
                      QPoint(8, detail->verifiedBox()->height() / 2));
    detail->tabs()->setCurrentIndex(1);
    detail->userMetadataEditor()->editor()->setPlainText(
        u"{\"theme\": \"dark\", \"languages\": [\"en\", \"es\"]}"_s);
    ASSERT_TRUE(detail->saveButton()->isEnabled());
    QTest::mouseClick(detail->saveButton(), Qt::LeftButton);
    ASSERT_TRUE(waitForWrite(page));
    EXPECT_FALSE(page.messageBar()->isVisible()) << page.messageBar()->text().toStdString();

    const QJsonObject saved = user(id);
    EXPECT_EQ(saved.value("name"_L1).toString(), u"Dora Explorer"_s);
    EXPECT_TRUE(saved.value("email_verified"_L1).toBool());
    EXPECT_EQ(
        saved.value("user_metadata"_L1).toObject(),
        (QJsonObject{{u"theme"_s, u"dark"_s}, {u"languages"_s, QJsonArray{u"en"_s, u"es"_s}}}));
    EXPECT_EQ(saved.value("app_metadata"_L1).toObject(), QJsonObject());
    // The list and the form show the server's version; nothing is left to save.
    EXPECT_EQ(cell(page, 0, 1), u"Dora Explorer"_s);
    EXPECT_FALSE(detail->isModified());
    EXPECT_FALSE(detail->saveButton()->isEnabled());
    detail->tabs()->setCurrentIndex(0);
    saveScreenshot(*shown->window, u"users-detail"_s);

    // JSON that does not parse: Save stays disabled and the editor says where.
    detail->tabs()->setCurrentIndex(1);
    detail->appMetadataEditor()->editor()->setFocus();
    QTest::keyClicks(detail->appMetadataEditor()->editor(), u"\"plan\": "_s);
    EXPECT_FALSE(detail->appMetadataEditor()->isValid());
    EXPECT_TRUE(detail->isModified());
    EXPECT_FALSE(detail->saveButton()->isEnabled());
    EXPECT_TRUE(detail->problem().startsWith(u"App metadata: Not valid JSON"_s))
        << detail->problem().toStdString();
    saveScreenshot(*shown->window, u"users-json-invalid"_s);
    QTest::mouseClick(detail->saveButton(), Qt::LeftButton); // disabled: nothing is sent
    EXPECT_FALSE(page.isBusy());
    QTest::mouseClick(detail->revertButton(), Qt::LeftButton);
    EXPECT_TRUE(detail->appMetadataEditor()->isValid());
    EXPECT_FALSE(detail->saveButton()->isEnabled());
    EXPECT_EQ(user(id).value("app_metadata"_L1).toObject(), QJsonObject());
}

TEST_F(UsersPageTest, BlocksUnblocksAndRemovesAttackProtectionBlocks) {
    const QString id = createUser(u"eve@example.com"_s);
    // Two addresses blocked for an hour, as AttackProtection leaves them after failed logins.
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QList<QVariantList> counters;
    for (const QString& ip : {u"203.0.113.7"_s, u"198.51.100.4"_s})
        counters.append(
            QVariantList{tenant(), QString(id + u'|' + ip), id, 10, now, now, now + 3'600'000});
    sql(u"INSERT INTO attack_counters (tenant, kind, subject, user_id, failures, "
        u"first_failure_at, last_failure_at, blocked_until) VALUES (?, 'user_ip', ?, ?, ?, ?, ?, ?)"_s,
        counters);
    auto shown = signedInWindow();
    app::UsersPage& page = *shown->page;
    ASSERT_TRUE(openUsersPage(*shown));
    app::UserDetailPanel* detail = page.detail();
    clickRow(page, 0);
    ASSERT_TRUE(waitFor([&] { return detail->blocksView()->topLevelItemCount() == 2; }));
    EXPECT_TRUE(detail->removeBlocksButton()->isEnabled());

    EXPECT_TRUE(page.blockAction()->isVisible());
    EXPECT_FALSE(page.unblockAction()->isVisible());
    clickAction(page, page.blockAction());
    ASSERT_TRUE(waitForWrite(page));
    EXPECT_TRUE(user(id).value("blocked"_L1).toBool());
    EXPECT_EQ(cell(page, 0, 4), u"yes"_s);
    EXPECT_TRUE(detail->blockedBox()->isChecked());
    ASSERT_TRUE(page.unblockAction()->isVisible());
    ASSERT_TRUE(page.unblockAction()->isEnabled());
    EXPECT_FALSE(page.blockAction()->isVisible());
    clickAction(page, page.unblockAction());
    ASSERT_TRUE(waitForWrite(page));
    EXPECT_FALSE(user(id).value("blocked"_L1).toBool());
    EXPECT_FALSE(detail->blockedBox()->isChecked());

    detail->tabs()->setCurrentIndex(2);
    saveScreenshot(*shown->window, u"users-attack-protection"_s);
    QTest::mouseClick(detail->removeBlocksButton(), Qt::LeftButton);
    ASSERT_TRUE(waitForWrite(page));
    const integration::Reply blocks = api("GET", tenant(), u"user-blocks/"_s + segment(id));
    ASSERT_EQ(blocks.status, 200) << blocks.describe();
    EXPECT_TRUE(blocks.json().value("blocked_for"_L1).toArray().isEmpty()) << blocks.describe();
    EXPECT_EQ(detail->blocksView()->topLevelItemCount(), 0);
    EXPECT_FALSE(detail->removeBlocksButton()->isEnabled());
}

TEST_F(UsersPageTest, CreatesAUserAndShowsThePasswordPolicy) {
    auto shown = signedInWindow();
    app::UsersPage& page = *shown->page;
    ASSERT_TRUE(openUsersPage(*shown));
    clickAction(page, page.newAction());
    app::CreateUserDialog* dialog = page.createDialog();
    ASSERT_NE(dialog, nullptr);
    ASSERT_TRUE(waitFor([&] { return dialog->isReady(); }));
    EXPECT_EQ(dialog->connectionBox()->currentText(), kDatabase);
    EXPECT_FALSE(dialog->usernameEdit()->isEnabled()); // the connection has no usernames
    EXPECT_FALSE(dialog->createButton()->isEnabled());
    QTest::keyClicks(dialog->emailEdit(), u"frank@example.com"_s);
    QTest::keyClicks(dialog->passwordEdit(), u"short"_s);
    QTest::keyClicks(dialog->confirmEdit(), u"shorter"_s);
    EXPECT_FALSE(dialog->createButton()->isEnabled()); // the two passwords differ
    QTest::keyClick(dialog->confirmEdit(), Qt::Key_Backspace);
    QTest::keyClick(dialog->confirmEdit(), Qt::Key_Backspace);
    ASSERT_TRUE(dialog->createButton()->isEnabled());

    QTest::mouseClick(dialog->createButton(), Qt::LeftButton);
    ASSERT_TRUE(waitFor([&] { return !dialog->isBusy(); }));
    ASSERT_TRUE(dialog->isVisible());
    ASSERT_TRUE(dialog->messageBar()->isVisible());
    EXPECT_TRUE(dialog->messageBar()->text().contains(u"The password is too short"_s))
        << dialog->messageBar()->text().toStdString();
    EXPECT_TRUE(dialog->messageBar()->text().contains(u"password_too_short"_s))
        << dialog->messageBar()->text().toStdString();
    saveScreenshot(*dialog, u"users-create"_s);
    EXPECT_EQ(api("GET", tenant(), u"users"_s).jsonArray().size(), 0);

    for (QLineEdit* edit : {dialog->passwordEdit(), dialog->confirmEdit()}) {
        edit->selectAll();
        QTest::keyClicks(edit, QString::fromLatin1(kPassword));
    }
    QTest::mouseClick(dialog->createButton(), Qt::LeftButton);
    ASSERT_TRUE(waitFor([&] { return page.createDialog() == nullptr; }));
    // The list searches for the new user and selects them.
    ASSERT_TRUE(waitForList(page));
    EXPECT_EQ(page.filterEdit()->text(), u"email:\"frank@example.com\""_s);
    ASSERT_EQ(page.usersModel().rowCount(), 1);
    ASSERT_TRUE(waitFor([&] { return page.detail()->hasUser(); }));
    EXPECT_EQ(page.detail()->user().email, u"frank@example.com"_s);
    const QJsonArray users = api("GET", tenant(), u"users"_s).jsonArray();
    ASSERT_EQ(users.size(), 1);
    EXPECT_EQ(users.at(0).toObject().value("email"_L1).toString(), u"frank@example.com"_s);
}

// Choosing another user with edits unsaved asks first: Cancel keeps the edits and the row,
// Discard shows the other user.
TEST_F(UsersPageTest, AnotherUserIsShownOnlyAfterUnsavedEditsAreDiscarded) {
    const QString ada = createUser(u"ada@example.com"_s, {{u"name"_s, u"Ada"_s}});
    createUser(u"bob@example.com"_s, {{u"name"_s, u"Bob"_s}});
    auto shown = signedInWindow();
    app::UsersPage& page = *shown->page;
    ASSERT_TRUE(openUsersPage(*shown));
    app::UserDetailPanel* detail = page.detail();
    clickRow(page, 0);
    ASSERT_EQ(detail->emailEdit()->text(), u"ada@example.com"_s);
    retype(detail->nameEdit(), u"Ada Lovelace"_s);
    ASSERT_TRUE(detail->isModified());

    const QString bob = page.usersModel().idAt(1);
    ASSERT_NO_FATAL_FAILURE(
        clickRowAndAnswer(page, bob, QMessageBox::Cancel, u"ada@example.com"_s));
    EXPECT_TRUE(waitFor([&] { return page.selectedId() == detail->user().userId; }));
    EXPECT_EQ(detail->emailEdit()->text(), u"ada@example.com"_s);
    EXPECT_EQ(detail->nameEdit()->text(), u"Ada Lovelace"_s);
    EXPECT_TRUE(detail->isModified());

    ASSERT_NO_FATAL_FAILURE(
        clickRowAndAnswer(page, bob, QMessageBox::Discard, u"ada@example.com"_s));
    EXPECT_TRUE(waitFor([&] { return detail->emailEdit()->text() == u"bob@example.com"_s; }));
    EXPECT_FALSE(detail->isModified());
    EXPECT_EQ(user(ada).value("name"_L1).toString(), u"Ada"_s);
}

TEST_F(UsersPageTest, DeletesAUserAfterAsking) {
    const QString id = createUser(u"gus@example.com"_s);
    auto shown = signedInWindow();
    app::UsersPage& page = *shown->page;
    ASSERT_TRUE(openUsersPage(*shown));
    clickRow(page, 0);
    ASSERT_TRUE(page.deleteAction()->isEnabled());

    const auto answer = [&](QMessageBox::ButtonRole role) {
        clickAction(page, page.deleteAction());
        QMessageBox* question = page.deleteQuestion();
        ASSERT_NE(question, nullptr);
        EXPECT_TRUE(question->text().contains(u"gus@example.com"_s));
        for (QAbstractButton* button : question->buttons()) {
            if (question->buttonRole(button) == role) {
                QTest::mouseClick(button, Qt::LeftButton);
                return;
            }
        }
        FAIL() << "no button with role " << int(role);
    };
    answer(QMessageBox::RejectRole);
    EXPECT_FALSE(page.isBusy());
    EXPECT_EQ(api("GET", tenant(), u"users/"_s + segment(id)).status, 200);

    answer(QMessageBox::DestructiveRole);
    ASSERT_TRUE(waitForWrite(page));
    EXPECT_EQ(api("GET", tenant(), u"users/"_s + segment(id)).status, 404);
    EXPECT_EQ(page.usersModel().rowCount(), 0);
    EXPECT_FALSE(page.detail()->hasUser());
    EXPECT_TRUE(page.messageBar()->text().contains(u"Deleted gus@example.com"_s));
}

TEST_F(UsersPageTest, ASupportAdministratorOnlyReadsAndTheServerRefusesAForgedEdit) {
    const QString email = u"support@example.com"_s;
    grantSupportRole(email);
    const QString id = createUser(u"hank@example.com"_s, {{u"name"_s, u"Hank"_s}});
    setBrowserLogin(email, QString::fromLatin1(kPassword));
    auto shown = signedInWindow(false);
    app::UsersPage& page = *shown->page;
    ASSERT_TRUE(openUsersPage(*shown));
    ASSERT_EQ(page.usersModel().rowCount(), 1);
    clickRow(page, 0);
    app::UserDetailPanel* detail = page.detail();
    ASSERT_TRUE(detail->hasUser());

    EXPECT_TRUE(page.isEnabled());
    EXPECT_TRUE(page.filterEdit()->isEnabled()); // searching is reading
    for (QAction* action :
         {page.newAction(), page.blockAction(), page.unblockAction(), page.deleteAction()})
        EXPECT_FALSE(action->isEnabled()) << action->text().toStdString();
    for (QLineEdit* edit :
         {detail->emailEdit(), detail->usernameEdit(), detail->nameEdit(), detail->givenNameEdit(),
          detail->familyNameEdit(), detail->nicknameEdit(), detail->pictureEdit()})
        EXPECT_TRUE(edit->isReadOnly()) << edit->objectName().toStdString();
    EXPECT_FALSE(detail->verifiedBox()->isEnabled());
    EXPECT_FALSE(detail->blockedBox()->isEnabled());
    EXPECT_TRUE(detail->userMetadataEditor()->isReadOnly());
    EXPECT_TRUE(detail->appMetadataEditor()->isReadOnly());
    EXPECT_FALSE(detail->saveButton()->isEnabled());
    EXPECT_FALSE(detail->saveButton()->isVisible());
    EXPECT_FALSE(detail->removeBlocksButton()->isEnabled());
    // Typing changes nothing.
    QTest::keyClicks(detail->nameEdit(), u"xyz"_s);
    EXPECT_EQ(detail->nameEdit()->text(), u"Hank"_s);
    EXPECT_FALSE(detail->isModified());
    saveScreenshot(*shown->window, u"users-support-readonly"_s);

    // A forged edit with the support administrator's own token: the server refuses it.
    std::optional<client::ApiResult> forged;
    client::ApiCall* call = shown->dashboard->session().managementCall(
        "PATCH", tenant(), u"users/"_s + id, {},
        QJsonDocument(QJsonObject{{u"name"_s, u"Forged"_s}}));
    QObject::connect(call, &client::ApiCall::finished, call, [&] { forged = call->result(); });
    ASSERT_TRUE(waitFor([&] { return forged.has_value(); }));
    ASSERT_FALSE(forged->ok());
    EXPECT_EQ(forged->error->httpStatus, 403) << forged->error->summary().toStdString();
    EXPECT_EQ(user(id).value("name"_L1).toString(), u"Hank"_s);
}

// The figure: the Users page over 100,000 users opens in <= 500 ms and scrolls by
// fetching pages on demand. The users are written straight into the database (the API would
// take minutes); the figures are printed, not asserted (STYLE.md: benchmarks are not timed
// tests), the one-request-per-page behaviour is.
TEST_F(UsersPageTest, AHundredThousandUsersOpenWithOnePageAndScrollOnDemand) {
    constexpr int kUsers = 100'000;
    QElapsedTimer timer;
    timer.start();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QList<QVariantList> rows;
    rows.reserve(kUsers);
    for (int i = 0; i < kUsers; ++i) {
        const QString number = u"%1"_s.arg(i, 6, 10, QLatin1Char('0'));
        rows.append(QVariantList{tenant(), QString(u"auth0|bulk"_s + number), QString(kDatabase),
                                 u"bulk%1@example.com"_s.arg(number),
                                 QString(u"Bulk User "_s + number), QString(u"bulk"_s + number),
                                 now, now});
    }
    sql(u"INSERT INTO users (tenant, user_id, connection, email, email_verified, name, nickname, "
        u"app_metadata, user_metadata, created_at, updated_at) "
        u"VALUES (?, ?, ?, ?, FALSE, ?, ?, '{}', '{}', ?, ?)"_s,
        rows);
    std::cout << "[ figures  ] " << kUsers << " users written to SQLite in " << timer.elapsed()
              << " ms\n";

    // The server alone: a page with and without the total (SQLite COUNT over the tenant).
    for (const QString& query :
         {u"users?per_page=100"_s, u"users?per_page=100&include_totals=true"_s,
          u"users?per_page=100&include_totals=true&page=999"_s,
          u"users?per_page=100&include_totals=true&q=bulk05*"_s}) {
        api("GET", tenant(), query); // warm
        timer.restart();
        const integration::Reply reply = api("GET", tenant(), query);
        EXPECT_EQ(reply.status, 200) << reply.describe();
        std::cout << "[ figures  ] GET " << query.toStdString() << ": " << timer.elapsed()
                  << " ms over HTTPS\n";
    }

    auto shown = signedInWindow();
    app::UsersPage& page = *shown->page;
    client::UsersModel& model = page.usersModel();
    timer.restart();
    ASSERT_TRUE(openUsersPage(*shown));
    const qint64 opened = timer.elapsed();
    QCoreApplication::processEvents();
    std::cout << "[ figures  ] the Users page over " << kUsers << " users showed its first "
              << model.rowCount() << " rows in " << opened << " ms (issue: <= 500 ms)\n";
    RecordProperty("first_page_ms", int(opened));
    EXPECT_EQ(shown->userLists.size(), 1);
    EXPECT_EQ(model.rowCount(), 100);
    EXPECT_EQ(model.totalCount(), kUsers);
    EXPECT_TRUE(model.canFetchMore({}));

    timer.restart();
    page.view()->scrollToBottom();
    ASSERT_TRUE(waitFor([&] { return model.rowCount() == 200 && !model.isLoading(); }));
    std::cout << "[ figures  ] the next page after scrolling: " << timer.elapsed() << " ms\n";
    EXPECT_EQ(shown->userLists.size(), 2);
    timer.restart();
    ASSERT_TRUE(search(page, u"bulk0999"_s));
    std::cout << "[ figures  ] a search over " << kUsers << " users: " << timer.elapsed() << " ms, "
              << model.rowCount() << " rows\n";
    EXPECT_EQ(model.totalCount(), 100);
}

} // namespace
} // namespace gatehouse::gui
