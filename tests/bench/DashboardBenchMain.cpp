// The dashboard's figures for dashboard-bench.sh (issue 4), built like `gatehouse` (app/main.cpp:
// the same Dashboard and MainWindow) and run on the offscreen platform. Prints one JSON line:
//   start_ms       process start (the kernel's start time) -> the window's first paint
//   signin_ms      client-credentials sign-in -> permissions and tenants loaded
//   users_open_ms  Users page shown -> its first page of rows painted
//   users_next_ms  scrolled to the bottom -> the next page of rows painted
//   users_total    the server's total for the tenant; rss_mb: resident memory at the end
//
//   dashboard_bench --url URL --fingerprint SHA256 --client-id ID --client-secret S --tenant T
#include "app/Dashboard.h"
#include "app/MainWindow.h"
#include "models/items/PagedListModel.h"
#include "models/session/Session.h"

#include <QAbstractItemModel>
#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>
#include <ctime>
#include <unistd.h>

namespace {

// Milliseconds since this process started, from /proc/self/stat's start time (clock ticks after
// boot) against CLOCK_BOOTTIME: it includes loading the libraries, which a timer in main cannot.
double msSinceProcessStart() {
    QFile stat(QStringLiteral("/proc/self/stat"));
    if (!stat.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray text = stat.readAll();
    const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
    const double startTicks = fields.value(19).toDouble(); // field 22 of the whole line
    timespec now{};
    clock_gettime(CLOCK_BOOTTIME, &now);
    const double nowMs = double(now.tv_sec) * 1000 + double(now.tv_nsec) / 1e6;
    return nowMs - startTicks * 1000.0 / double(sysconf(_SC_CLK_TCK));
}

double residentMegabytes() {
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toDouble() / 1024.0;
    }
    return -1;
}

// Waits until `done` holds and the event loop has painted what changed.
bool settle(const std::function<bool()>& done, int timeoutMs = 30000) {
    const bool ok = QTest::qWaitFor(done, timeoutMs);
    QCoreApplication::processEvents();
    return ok;
}

} // namespace

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication application(argc, argv);
    QCommandLineParser parser;
    for (const char* name : {"url", "fingerprint", "client-id", "client-secret", "tenant"})
        parser.addOption(
            QCommandLineOption(QString::fromLatin1(name), QString(), QStringLiteral("value")));
    parser.process(application);

    QTemporaryDir scratch;
    gatehouse::app::Dashboard::Options options;
    options.settingsFile = scratch.filePath(QStringLiteral("dashboard.ini"));
    gatehouse::app::Dashboard dashboard(std::move(options));
    gatehouse::app::MainWindow window(dashboard);
    window.resize(1180, 760);
    window.show();
    settle([&] { return window.isVisible(); });
    window.grab(); // the first complete paint
    const double startMs = msSinceProcessStart();

    gatehouse::client::ServerProfile profile;
    profile.name = QStringLiteral("bench");
    profile.primaryUrl = QUrl(parser.value(QStringLiteral("url")));
    profile.pinnedFingerprint = parser.value(QStringLiteral("fingerprint"));
    dashboard.useProfile(profile);
    QElapsedTimer timer;
    timer.start();
    gatehouse::client::Session& session = dashboard.session();
    session.signInAsClient(parser.value(QStringLiteral("client-id")),
                           parser.value(QStringLiteral("client-secret")));
    if (!settle([&] { return session.isSignedIn(); })) {
        std::fprintf(stderr, "dashboard_bench: sign-in failed\n");
        return 1;
    }
    const double signInMs = double(timer.nsecsElapsed()) / 1e6;
    session.setCurrentTenant(parser.value(QStringLiteral("tenant")));

    gatehouse::app::Page* users = window.page(QStringLiteral("usersPage"));
    auto* view = users->findChild<QTableView*>();
    auto* model = qobject_cast<gatehouse::client::PagedListModel*>(view->model());
    const int pages = int(window.pages().indexOf(users));
    timer.restart();
    window.showPage(pages);
    if (!settle(
            [&] { return model->rowCount() >= gatehouse::client::PagedListModel::kPageSize; })) {
        std::fprintf(stderr, "dashboard_bench: the users page did not fill\n");
        return 1;
    }
    window.grab();
    const double openMs = double(timer.nsecsElapsed()) / 1e6;

    timer.restart();
    const int before = model->rowCount();
    view->scrollToBottom();
    if (!settle([&] { return model->rowCount() > before; })) {
        std::fprintf(stderr, "dashboard_bench: scrolling fetched nothing\n");
        return 1;
    }
    window.grab();
    const double nextMs = double(timer.nsecsElapsed()) / 1e6;

    std::printf("{\"start_ms\":%.1f,\"signin_ms\":%.1f,\"users_open_ms\":%.1f,"
                "\"users_next_ms\":%.1f,\"users_total\":%d,\"rows_loaded\":%d,\"rss_mb\":%.1f}\n",
                startMs, signInMs, openMs, nextMs, model->totalCount(), model->rowCount(),
                residentMegabytes());
    return 0;
}
