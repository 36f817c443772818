// gatehouse: the dashboard. Everything is built by app::Dashboard and app::MainWindow.
#include "app/ConnectPage.h"
#include "app/Dashboard.h"
#include "app/MainWindow.h"
#include "app/pages/local/LocalServerPage.h"

#include <QApplication>
#include <QCommandLineParser>

namespace {

struct Options {
    bool local = false;
    QString dataDirectory;
    QString gatehoused;
};

void describeApplication() {
    QCoreApplication::setOrganizationName(QStringLiteral("Gatehouse"));
    QCoreApplication::setApplicationName(QStringLiteral("gatehouse"));
    QCoreApplication::setApplicationVersion(QStringLiteral(GATEHOUSE_VERSION));
}

// Parsed under a QCoreApplication of its own, so that --help and --version work on a machine
// without a display (a QApplication would stop there first, unable to open one).
Options parseOptions(int argc, char** argv) {
    QCoreApplication parsing(argc, argv);
    describeApplication();
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("The Gatehouse dashboard."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption local(
        QStringLiteral("local"),
        QStringLiteral("Start the local server (creating its data directory the first time) and "
                       "sign in to it."));
    const QCommandLineOption dataDir(
        QStringLiteral("local-data-dir"),
        QStringLiteral("The local server's data directory (default: %1).")
            .arg(gatehouse::client::LocalServer::defaultDataDirectory()),
        QStringLiteral("DIR"));
    const QCommandLineOption gatehoused(
        QStringLiteral("gatehoused"),
        QStringLiteral("The gatehoused the local server runs (default: beside the dashboard, or "
                       "on PATH)."),
        QStringLiteral("PATH"));
    parser.addOptions({local, dataDir, gatehoused});
    parser.process(parsing);
    return Options{parser.isSet(local), parser.value(dataDir), parser.value(gatehoused)};
}

} // namespace

int main(int argc, char** argv) {
    const Options options = parseOptions(argc, argv);
    QApplication application(argc, argv);
    describeApplication();

    gatehouse::app::Dashboard dashboard({});
    gatehouse::app::MainWindow window(dashboard);
    auto* localServer = qobject_cast<gatehouse::app::LocalServerPage*>(
        window.page(QStringLiteral("localServerPage")));
    if (!options.dataDirectory.isEmpty())
        localServer->server().setDataDirectory(options.dataDirectory);
    if (!options.gatehoused.isEmpty())
        localServer->server().setExecutable(options.gatehoused);
    window.show();
    if (options.local) {
        window.showPage(int(window.pages().indexOf(localServer)));
        localServer->startAndSignIn();
    } else {
        window.connectPage()->restoreLastSession();
    }
    return application.exec();
}
