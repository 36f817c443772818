// gatehouse: the dashboard. Everything is built by app::Dashboard and app::MainWindow.
#include "app/ConnectPage.h"
#include "app/Dashboard.h"
#include "app/MainWindow.h"

#include <QApplication>

int main(int argc, char** argv) {
    QApplication application(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Gatehouse"));
    QApplication::setApplicationName(QStringLiteral("gatehouse"));
    QApplication::setApplicationVersion(QStringLiteral(GATEHOUSE_VERSION));
    gatehouse::app::Dashboard dashboard({});
    gatehouse::app::MainWindow window(dashboard);
    window.show();
    window.connectPage()->restoreLastSession();
    return application.exec();
}
