#include "daemon/Gatehoused.h"

#include "config/ConfigLoader.h"
#include "daemon/CommandLine.h"
#include "daemon/DataDirectory.h"
#include "daemon/InitCommand.h"
#include "daemon/InstanceConfig.h"
#include "daemon/ServerRunner.h"
#include "daemon/SignalWatcher.h"
#include "daemon/TokenCommand.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QProcessEnvironment>

#include <cstdio>
#include <sys/stat.h>

namespace gatehouse::daemon {
namespace {

void printOut(const QString& text) {
    std::fputs(text.toLocal8Bit().constData(), stdout);
    std::fflush(stdout);
}

void printError(const QString& text) {
    std::fprintf(stderr, "gatehoused: %s\n", text.toLocal8Bit().constData());
}

int init(const InitRequest& request, const QProcessEnvironment& environment) {
    auto credentials = runInit(request, environment);
    if (!credentials) {
        printError(credentials.error().message);
        return credentials.error().code == "invalid_config" ||
                       credentials.error().code == "invalid_tenant_id"
                   ? ExitUsage
                   : ExitFailure;
    }
    printOut(request.json
                 ? QString::fromUtf8(
                       QJsonDocument(credentials->toJson()).toJson(QJsonDocument::Compact)) +
                       QLatin1Char('\n')
                 : credentials->toText());
    return ExitOk;
}

int token(const TokenRequest& request, const QProcessEnvironment& environment) {
    auto issued = issueLocalToken(request, environment);
    if (!issued) {
        printError(issued.error().message);
        return issued.error().code == "invalid_config" ? ExitUsage : ExitFailure;
    }
    printOut(QString::fromUtf8(QJsonDocument(issued->toJson()).toJson(QJsonDocument::Compact)) +
             QLatin1Char('\n'));
    return ExitOk;
}

int run(QCoreApplication& application, const RunRequest& request,
        const QProcessEnvironment& environment) {
    QElapsedTimer startup;
    startup.start();
    const DataDirectory dir(request.dataDir);
    auto config = loadInstanceConfig(dir, request.flags, environment);
    if (!config) {
        printError(config.error().message);
        return config.error().code == "invalid_config" ? ExitUsage : ExitFailure;
    }
    ServerRunner runner(*config);
    SignalWatcher signals;
    QObject::connect(&signals, &SignalWatcher::terminationRequested, &runner,
                     [&runner](int signalNumber) {
                         printError(QStringLiteral("signal %1: draining").arg(signalNumber));
                         runner.stop();
                     });
    QObject::connect(&runner, &ServerRunner::stopped, &application, &QCoreApplication::quit);
    if (auto started = runner.start(dir); !started) {
        printError(started.error().message);
        return ExitFailure;
    }
    printError(
        QStringLiteral("serving %1 (listening on port %2, data %3, database %4) ready in %5 ms")
            .arg(runner.publicUrl())
            .arg(runner.port())
            .arg(dir.path(), config->resolvedDatabaseUrl().startsWith(QLatin1String("postgres"))
                                 ? QStringLiteral("PostgreSQL")
                                 : QStringLiteral("SQLite"))
            .arg(startup.elapsed()));
    const int status = application.exec();
    printError(QStringLiteral("stopped"));
    return status == 0 ? ExitOk : ExitFailure;
}

} // namespace

int runGatehoused(QCoreApplication& application) {
    // Everything gatehoused writes (keys, the database, logs) is for its own user only.
    ::umask(077);
    const QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    auto command = parseCommandLine(application.arguments(),
                                    environment.value(QStringLiteral("GATEHOUSE_DATA_DIR")));
    if (!command) {
        printError(command.error().message + QStringLiteral(" (see gatehoused --help)"));
        return ExitUsage;
    }
    if (const auto* help = std::get_if<HelpRequest>(&*command)) {
        printOut(help->text);
        return ExitOk;
    }
    if (std::holds_alternative<VersionRequest>(*command)) {
        printOut(QStringLiteral("gatehoused " GATEHOUSE_VERSION "\n"));
        return ExitOk;
    }
    if (const auto* init = std::get_if<InitRequest>(&*command))
        return daemon::init(*init, environment);
    if (const auto* token = std::get_if<TokenRequest>(&*command))
        return daemon::token(*token, environment);
    return run(application, std::get<RunRequest>(*command), environment);
}

} // namespace gatehouse::daemon
