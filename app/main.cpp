// gatehouse: the dashboard. Everything is built by app::Dashboard and app::MainWindow.
#include "app/ConnectPage.h"
#include "app/Dashboard.h"
#include "app/MainWindow.h"
#include "app/pages/local/LocalServerPage.h"

#include <QApplication>
#include <QCommandLineParser>

int main(int argc, char** argv) {
    QApplication application(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Gatehouse"));
    QApplication::setApplicationName(QStringLiteral("gatehouse"));
    QApplication::setApplicationVersion(QStringLiteral(GATEHOUSE_VERSION));

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
    parser.process(application);

    gatehouse::app::Dashboard dashboard({});
    gatehouse::app::MainWindow window(dashboard);
    auto* localServer = qobject_cast<gatehouse::app::LocalServerPage*>(
        window.page(QStringLiteral("localServerPage")));
    if (parser.isSet(dataDir))
        localServer->server().setDataDirectory(parser.value(dataDir));
    if (parser.isSet(gatehoused))
        localServer->server().setExecutable(parser.value(gatehoused));
    window.show();
    if (parser.isSet(local)) {
        window.showPage(int(window.pages().indexOf(localServer)));
        localServer->startAndSignIn();
    } else {
        window.connectPage()->restoreLastSession();
    }
    return application.exec();
}
