#include "daemon/CommandLine.h"

#include <QCommandLineParser>

namespace gatehouse::daemon {
namespace {

Error usage(const QString& message) {
    return Error::badRequest(QByteArrayLiteral("usage"), message);
}

const QCommandLineOption kDataDir(
    {QStringLiteral("d"), QStringLiteral("data-dir")},
    QStringLiteral("Data directory (config, keys, database). Default: $GATEHOUSE_DATA_DIR."),
    QStringLiteral("DIR"));
const QCommandLineOption kListen(QStringLiteral("listen"),
                                 QStringLiteral("Address to listen on, HOST:PORT."),
                                 QStringLiteral("HOST:PORT"));
const QCommandLineOption
    kHttp(QStringLiteral("http"),
          QStringLiteral("Plain HTTP instead of HTTPS (only behind a TLS-terminating proxy)."));
const QCommandLineOption
    kDatabase(QStringLiteral("database"),
              QStringLiteral("Database URL: postgres://user:pass@host:port/db or sqlite:///path."),
              QStringLiteral("URL"));
const QCommandLineOption kTenant(QStringLiteral("tenant"),
                                 QStringLiteral("Name of the first tenant (default: default)."),
                                 QStringLiteral("NAME"));
const QCommandLineOption kJson(QStringLiteral("json"),
                               QStringLiteral("Print the credentials as one JSON object."));
const QCommandLineOption kHelp({QStringLiteral("h"), QStringLiteral("help")},
                               QStringLiteral("Show this help."));

QString commandHelp(const QString& command, const QString& summary,
                    const QList<QCommandLineOption>& options) {
    QString text =
        QStringLiteral("Usage: gatehoused %1 [options]\n\n%2\n\nOptions:\n").arg(command, summary);
    for (const QCommandLineOption& option : options) {
        QStringList names;
        for (const QString& name : option.names())
            names.append(name.size() == 1 ? QStringLiteral("-") + name
                                          : QStringLiteral("--") + name);
        QString left = names.join(QStringLiteral(", "));
        if (!option.valueName().isEmpty())
            left += QLatin1Char(' ') + option.valueName();
        text += QStringLiteral("  %1  %2\n").arg(left.leftJustified(28), option.description());
    }
    return text;
}

Result<QCommandLineParser*> parse(QCommandLineParser& parser,
                                  const QList<QCommandLineOption>& options,
                                  const QStringList& arguments) {
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.addOptions(options);
    if (!parser.parse(arguments))
        return usage(parser.errorText());
    if (!parser.positionalArguments().isEmpty())
        return usage(QStringLiteral("unexpected argument '%1'")
                         .arg(parser.positionalArguments().constFirst()));
    return &parser;
}

Result<QString> dataDirectory(const QCommandLineParser& parser, const QString& environmentDataDir) {
    const QString dir = parser.isSet(kDataDir) ? parser.value(kDataDir) : environmentDataDir;
    if (dir.isEmpty())
        return usage(QStringLiteral("--data-dir is required (or set GATEHOUSE_DATA_DIR)"));
    return dir;
}

QList<config::ConfigFlag> configFlags(const QCommandLineParser& parser) {
    QList<config::ConfigFlag> flags;
    if (parser.isSet(kListen))
        flags.append({QStringLiteral("--listen"), QStringLiteral("server"),
                      QStringLiteral("listen"), parser.value(kListen)});
    if (parser.isSet(kHttp))
        flags.append({QStringLiteral("--http"), QStringLiteral("server"), QStringLiteral("http"),
                      QStringLiteral("true")});
    if (parser.isSet(kDatabase))
        flags.append({QStringLiteral("--database"), QStringLiteral("database"),
                      QStringLiteral("url"), parser.value(kDatabase)});
    return flags;
}

Result<Command> parseInit(const QStringList& arguments, const QString& environmentDataDir) {
    const QList<QCommandLineOption> options{kDataDir, kListen, kHttp, kDatabase,
                                            kTenant,  kJson,   kHelp};
    QCommandLineParser parser;
    if (auto parsed = parse(parser, options, arguments); !parsed)
        return parsed.error();
    if (parser.isSet(kHelp))
        return Command{HelpRequest{
            commandHelp(QStringLiteral("init"),
                        QStringLiteral("Create a data directory: config, master key, TLS "
                                       "certificate, database, the system tenant, a first "
                                       "tenant, its management client and the owner "
                                       "administrator. Refuses an existing directory. With "
                                       "--database the store is that database (it must be "
                                       "empty) and the URL is written into the config."),
                        options)}};
    auto dir = dataDirectory(parser, environmentDataDir);
    if (!dir)
        return dir.error();
    InitRequest request;
    request.dataDir = *dir;
    request.json = parser.isSet(kJson);
    request.flags = configFlags(parser);
    if (parser.isSet(kTenant))
        request.tenant = parser.value(kTenant);
    return Command{request};
}

Result<Command> parseRun(const QStringList& arguments, const QString& environmentDataDir) {
    const QList<QCommandLineOption> options{kDataDir, kListen, kHttp, kDatabase, kHelp};
    QCommandLineParser parser;
    if (auto parsed = parse(parser, options, arguments); !parsed)
        return parsed.error();
    if (parser.isSet(kHelp))
        return Command{HelpRequest{
            commandHelp(QStringLiteral("run"),
                        QStringLiteral("Serve the data directory made by init. Settings: "
                                       "flags > GATEHOUSE_SECTION_KEY environment > "
                                       "DIR/gatehoused.ini > defaults. SIGTERM drains."),
                        options)}};
    auto dir = dataDirectory(parser, environmentDataDir);
    if (!dir)
        return dir.error();
    return Command{RunRequest{*dir, configFlags(parser)}};
}

Result<Command> parseToken(const QStringList& arguments, const QString& environmentDataDir) {
    const QList<QCommandLineOption> options{kDataDir, kListen, kHttp, kDatabase, kHelp};
    QCommandLineParser parser;
    if (auto parsed = parse(parser, options, arguments); !parsed)
        return parsed.error();
    if (parser.isSet(kHelp))
        return Command{HelpRequest{commandHelp(
            QStringLiteral("token"),
            QStringLiteral("Print a short-lived access token of the system management client "
                           "for the system tenant's Management API (every tenant), as JSON: "
                           "{\"access_token\", \"expires_in\", \"token_type\"}. Whoever can "
                           "read the data directory's master key may run it. Give the flags "
                           "run is given, so that the token's issuer is the one run serves."),
            options)}};
    auto dir = dataDirectory(parser, environmentDataDir);
    if (!dir)
        return dir.error();
    return Command{TokenRequest{*dir, configFlags(parser)}};
}

} // namespace

QString generalHelp() {
    return QStringLiteral(
        "Usage: gatehoused <command> [options]\n\n"
        "Gatehouse, a self-hosted OAuth 2.0 / OpenID Connect server.\n\n"
        "Commands:\n"
        "  init    create a data directory and print its first credentials\n"
        "  run     serve a data directory\n"
        "  token   print a short-lived Management API token of the system management client\n\n"
        "Options:\n"
        "  -h, --help     show this help (gatehoused <command> --help for a command's options)\n"
        "  -v, --version  show the version\n\n"
        "Exit status: 0 success, 1 failure while running, 2 bad command line or configuration.\n");
}

Result<Command> parseCommandLine(const QStringList& arguments, const QString& environmentDataDir) {
    if (arguments.size() < 2)
        return usage(QStringLiteral("no command given"));
    const QString command = arguments.at(1);
    if (command == QLatin1String("-h") || command == QLatin1String("--help") ||
        command == QLatin1String("help"))
        return Command{HelpRequest{generalHelp()}};
    if (command == QLatin1String("-v") || command == QLatin1String("--version") ||
        command == QLatin1String("version"))
        return Command{VersionRequest{}};
    // QCommandLineParser treats its first argument as the program name.
    QStringList rest = arguments.mid(1);
    if (command == QLatin1String("init"))
        return parseInit(rest, environmentDataDir);
    if (command == QLatin1String("run"))
        return parseRun(rest, environmentDataDir);
    if (command == QLatin1String("token"))
        return parseToken(rest, environmentDataDir);
    if (command.startsWith(QLatin1Char('-')))
        return usage(
            QStringLiteral("unknown option '%1' (a command comes first: init, run or token)")
                .arg(command));
    return usage(QStringLiteral("unknown command '%1' (commands: init, run, token)").arg(command));
}

} // namespace gatehouse::daemon
