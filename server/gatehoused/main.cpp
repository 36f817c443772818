// gatehoused: the Gatehouse server daemon. Everything lives in the libraries; see
// daemon/Gatehoused.h.
#include "daemon/Gatehoused.h"

#include <QCoreApplication>

int main(int argc, char** argv) {
    // Qt's own event dispatcher instead of GLib's: one HTTP worker's loop does measurably more
    // requests per second without GLib's source bookkeeping. An operator's setting wins.
    if (!qEnvironmentVariableIsSet("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
    QCoreApplication application(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("gatehoused"));
    QCoreApplication::setApplicationVersion(QStringLiteral(GATEHOUSE_VERSION));
    return gatehouse::daemon::runGatehoused(application);
}
