#pragma once

#include "config/ConfigLoader.h"
#include "core/Result.h"

#include <QStringList>
#include <variant>

namespace gatehouse::daemon {

// Exit statuses of gatehoused, documented in --help.
enum ExitStatus : int { ExitOk = 0, ExitFailure = 1, ExitUsage = 2 };

struct HelpRequest {
    QString text;
};
struct VersionRequest {};
struct InitRequest {
    QString dataDir;
    QString tenant = QStringLiteral("default");
    bool json = false;
    QList<config::ConfigFlag>
        flags; // --listen, --http, --database: written into the new config file
};
struct RunRequest {
    QString dataDir;
    QList<config::ConfigFlag> flags; // --listen, --http, --database
};
// `gatehoused token`: takes the flags of `run`, so that its issuer is the one run serves.
struct TokenRequest {
    QString dataDir;
    QList<config::ConfigFlag> flags; // --listen, --http, --database
};
using Command = std::variant<HelpRequest, VersionRequest, InitRequest, RunRequest, TokenRequest>;

// Parses `gatehoused <command> [options]`. Errors (unknown command or flag, missing value, missing
// data directory) name the offending word; the caller prints them with a pointer to --help and
// exits with ExitUsage. The data directory may also come from GATEHOUSE_DATA_DIR.
[[nodiscard]] Result<Command> parseCommandLine(const QStringList& arguments,
                                               const QString& environmentDataDir);

[[nodiscard]] QString generalHelp();

} // namespace gatehouse::daemon
