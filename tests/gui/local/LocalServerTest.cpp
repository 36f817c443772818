// The Local server page as a self-hoster uses it: Start creates and serves a data directory of its
// own (a temporary one here), the dashboard signs in to it without a password, Stop ends the
// process, a second Start serves the same data without a second init, and closing the dashboard
// stops the server it started.
#include "gui/DashboardFixture.h"

#include "app/MainWindow.h"
#include "app/pages/local/LocalServerPage.h"
#include "models/api/CertificateInfo.h"
#include "models/session/Session.h"
#include "widgets/MessageBar.h"

#include <QClipboard>
#include <QDir>
#include <QFile>
#include <QGuiApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSslCertificate>
#include <QTableView>
#include <QTest>
#include <QToolButton>

#include <cerrno>
#include <signal.h>

namespace gatehouse::gui {
namespace {

using namespace Qt::StringLiterals;
using State = client::LocalServer::State;

// Whether a process with this id still exists (QProcess has reaped ours once it reports the exit).
bool processExists(qint64 pid) {
    return pid > 0 && (::kill(pid_t(pid), 0) == 0 || errno != ESRCH);
}

class LocalServerTest : public DashboardTest {
protected:
    void SetUp() override {
        DashboardTest::SetUp();
        ASSERT_TRUE(m_local.isValid());
    }

    // The window's Local server page, running the gatehoused under test in a temporary data
    // directory (ES256 keys: init makes them in milliseconds, RSA ones take seconds).
    app::LocalServerPage* localPage(app::MainWindow& window) {
        auto* page = qobject_cast<app::LocalServerPage*>(window.page(u"localServerPage"_s));
        EXPECT_NE(page, nullptr);
        if (page == nullptr)
            return nullptr;
        client::LocalServer& server = page->server();
        server.setDataDirectory(dataDir());
        server.setExecutable(integration::gatehousedExecutable());
        QProcessEnvironment environment = integration::gatehousedEnvironment();
        environment.insert(u"GATEHOUSE_TOKENS_SIGNING_ALGORITHM"_s, u"ES256"_s);
        server.setEnvironment(environment);
        page->activate();
        return page;
    }

    [[nodiscard]] QString dataDir() const { return m_local.filePath(u"server"_s); }

    [[nodiscard]] static bool waitForState(app::LocalServerPage& page, State state) {
        const bool reached = waitFor([&] { return page.server().state() == state; }, 20000);
        EXPECT_TRUE(reached) << "state " << int(page.server().state()) << ", console:\n"
                             << page.console()->toPlainText().toStdString();
        return reached;
    }

    [[nodiscard]] static int row(app::MainWindow& window, const QString& objectName) {
        return int(window.pages().indexOf(window.page(objectName)));
    }

    [[nodiscard]] static bool isChoosable(app::MainWindow& window, const QString& objectName) {
        const QListWidgetItem* item = window.navigation()->item(row(window, objectName));
        return item != nullptr && item->flags().testFlag(Qt::ItemIsEnabled) && !item->isHidden();
    }

    QTemporaryDir m_local;
};

TEST_F(LocalServerTest, StartSignsInWithoutAPasswordStopEndsItAndAStartAgainKeepsTheData) {
    auto dashboard = makeDashboard();
    app::MainWindow window(*dashboard);
    window.resize(1180, 760);
    window.show();
    app::LocalServerPage* page = localPage(window);
    ASSERT_NE(page, nullptr);

    // Signed out, the Local server is the one page that can be chosen.
    EXPECT_TRUE(isChoosable(window, u"localServerPage"_s));
    EXPECT_FALSE(isChoosable(window, u"tenantsPage"_s));
    window.navigation()->setCurrentRow(row(window, u"localServerPage"_s));
    ASSERT_TRUE(page->isVisible());
    EXPECT_TRUE(page->startButton()->isEnabled());
    EXPECT_FALSE(page->stopButton()->isEnabled());
    EXPECT_TRUE(page->statusLabel()->text().contains(u"Stopped"_s));

    // Start: init, then run; the console shows both; the dashboard signs in by itself.
    QTest::mouseClick(page->startButton(), Qt::LeftButton);
    ASSERT_TRUE(waitForState(*page, State::Running));
    EXPECT_TRUE(QFile::exists(QDir(dataDir()).filePath(u"gatehoused.ini"_s)));
    const QString console = page->console()->toPlainText();
    EXPECT_EQ(console.count(u"gatehoused init"_s), 1) << console.toStdString();
    EXPECT_TRUE(console.contains(u"serving https://localhost:"_s)) << console.toStdString();
    // init's secrets are never shown.
    EXPECT_FALSE(console.contains(u"client_secret"_s) || console.contains(u"password\""_s))
        << console.toStdString();
    EXPECT_TRUE(page->statusLabel()->text().contains(u"Running"_s));
    EXPECT_FALSE(page->startButton()->isEnabled());
    EXPECT_TRUE(page->stopButton()->isEnabled());

    const QString url = page->serverUrlEdit()->text();
    EXPECT_TRUE(url.startsWith(u"https://localhost:"_s)) << url.toStdString();
    EXPECT_EQ(page->issuerEdit()->text(), url + u"/t/system/"_s);
    const QList<QSslCertificate> certificate =
        QSslCertificate::fromPath(QDir(dataDir()).filePath(u"tls/server.crt"_s));
    ASSERT_EQ(certificate.size(), 1);
    const QString fingerprint = client::CertificateInfo::fingerprintOf(certificate.first());
    EXPECT_EQ(page->fingerprintEdit()->text(), fingerprint);
    auto* copyUrl = page->findChild<QToolButton*>(u"localServerUrlCopy"_s);
    ASSERT_NE(copyUrl, nullptr);
    ASSERT_TRUE(copyUrl->isEnabled());
    QTest::mouseClick(copyUrl, Qt::LeftButton);
    EXPECT_EQ(QGuiApplication::clipboard()->text(), url);

    client::Session& session = dashboard->session();
    ASSERT_TRUE(waitFor([&] { return session.isSignedIn(); }))
        << page->messageBar()->text().toStdString();
    EXPECT_TRUE(dashboard->profile().localServer);
    EXPECT_EQ(dashboard->profile().pinnedFingerprint, fingerprint);
    EXPECT_EQ(dashboard->profile().primaryUrl.toString(), url);
    EXPECT_FALSE(session.permissions().isAdministrator()); // the system management client
    EXPECT_TRUE(session.permissions().coversEveryTenant());
    EXPECT_FALSE(page->signInButton()->isEnabled()); // signed in to it already
    EXPECT_TRUE(window.connectionLabel()->text().contains(u"Connected"_s));
    // The status bar is complete once /health has answered and the layout has caught up.
    ASSERT_TRUE(waitFor([&] { return !session.datacenterRole().isEmpty(); }));
    QCoreApplication::processEvents();
    saveScreenshot(window, u"local-running"_s);

    // The Tenants page lists the local server's tenants.
    window.navigation()->setCurrentRow(row(window, u"tenantsPage"_s));
    auto* tenants = window.page(u"tenantsPage"_s)->findChild<QTableView*>();
    ASSERT_NE(tenants, nullptr);
    ASSERT_TRUE(waitFor([&] { return tenants->model()->rowCount() >= 2; }));
    QStringList listed;
    for (int i = 0; i < tenants->model()->rowCount(); ++i)
        listed.append(tenants->model()->index(i, 0).data().toString());
    EXPECT_TRUE(listed.contains(u"system"_s) && listed.contains(u"default"_s))
        << listed.join(u' ').toStdString();

    // Data to find again after a restart: a tenant made with the session's token.
    client::ApiCall* made = session.managementCall(
        "POST", u"system"_s, u"tenants"_s, {}, QJsonDocument(QJsonObject{{u"id"_s, u"kept"_s}}));
    std::optional<client::ApiResult> created;
    QObject::connect(made, &client::ApiCall::finished, made,
                     [&created, made] { created = made->result(); });
    ASSERT_TRUE(waitFor([&] { return created.has_value(); }));
    ASSERT_TRUE(created->ok()) << created->error->summary().toStdString();

    // Stop: the process is gone, the page stays, the session is signed out.
    window.navigation()->setCurrentRow(row(window, u"localServerPage"_s));
    const qint64 pid = page->server().processId();
    ASSERT_TRUE(processExists(pid));
    QTest::mouseClick(page->stopButton(), Qt::LeftButton);
    ASSERT_TRUE(waitForState(*page, State::Stopped));
    EXPECT_FALSE(processExists(pid));
    EXPECT_TRUE(page->statusLabel()->text().contains(u"Stopped"_s));
    EXPECT_TRUE(page->isVisible());
    EXPECT_FALSE(session.isSignedIn());
    EXPECT_TRUE(page->startButton()->isEnabled());
    EXPECT_FALSE(page->stopButton()->isEnabled());
    EXPECT_TRUE(page->console()->toPlainText().contains(u"gatehoused stopped."_s));
    QCoreApplication::processEvents();
    saveScreenshot(window, u"local-stopped"_s);

    // Start again: no second init, the same URL, the same data.
    QTest::mouseClick(page->startButton(), Qt::LeftButton);
    ASSERT_TRUE(waitForState(*page, State::Running));
    EXPECT_EQ(page->console()->toPlainText().count(u"gatehoused init"_s), 1);
    EXPECT_EQ(page->serverUrlEdit()->text(), url);
    ASSERT_TRUE(waitFor([&] { return session.isSignedIn(); }))
        << page->messageBar()->text().toStdString();
    EXPECT_TRUE(session.tenants().contains(u"kept"_s))
        << session.tenants().join(u' ').toStdString();
}

TEST_F(LocalServerTest, StartAndSignInIsOneStepAndClosingTheDashboardStopsTheServer) {
    auto dashboard = makeDashboard();
    auto window = std::make_unique<app::MainWindow>(*dashboard);
    window->show();
    app::LocalServerPage* page = localPage(*window);
    ASSERT_NE(page, nullptr);

    page->startAndSignIn(); // what `gatehouse --local` does
    ASSERT_TRUE(waitFor([&] { return dashboard->session().isSignedIn(); }, 20000))
        << page->console()->toPlainText().toStdString();
    const qint64 pid = page->server().processId();
    ASSERT_TRUE(processExists(pid));
    // The identity is the system management client's id, from its token.
    EXPECT_FALSE(dashboard->session().identity().isEmpty());

    window.reset();
    EXPECT_FALSE(processExists(pid));
}

TEST_F(LocalServerTest, AServerThatCannotStartSaysWhy) {
    auto dashboard = makeDashboard();
    app::MainWindow window(*dashboard);
    window.show();
    app::LocalServerPage* page = localPage(window);
    ASSERT_NE(page, nullptr);
    window.navigation()->setCurrentRow(row(window, u"localServerPage"_s));

    // A directory with someone else's files: init refuses it and changes nothing.
    ASSERT_TRUE(QDir().mkpath(dataDir()));
    QFile other(QDir(dataDir()).filePath(u"notes.txt"_s));
    ASSERT_TRUE(other.open(QIODevice::WriteOnly));
    other.close();
    QTest::mouseClick(page->startButton(), Qt::LeftButton);
    ASSERT_TRUE(waitForState(*page, State::Exited));
    EXPECT_TRUE(page->messageBar()->isVisible());
    EXPECT_EQ(page->messageBar()->kind(), widgets::MessageBar::Kind::Error);
    EXPECT_TRUE(page->messageBar()->text().contains(u"init failed"_s))
        << page->messageBar()->text().toStdString();
    EXPECT_TRUE(page->statusLabel()->text().contains(u"Exited with code"_s));
    EXPECT_EQ(QDir(dataDir()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries),
              QStringList{u"notes.txt"_s});
    EXPECT_TRUE(page->startButton()->isEnabled());
    EXPECT_FALSE(dashboard->session().isSignedIn());

    // No gatehoused at all: the page says where it looked.
    page->server().setExecutable(m_local.filePath(u"missing/gatehoused"_s));
    QTest::mouseClick(page->startButton(), Qt::LeftButton);
    ASSERT_TRUE(waitForState(*page, State::Exited));
    EXPECT_TRUE(page->messageBar()->text().contains(u"could not be started"_s))
        << page->messageBar()->text().toStdString();
}

} // namespace
} // namespace gatehouse::gui
