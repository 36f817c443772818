// The command line and configuration of the real executable: what an operator types and sees.
#include "GatehousedProcess.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QMap>
#include <QSslCertificate>
#include <QTemporaryDir>

#include <gtest/gtest.h>
#include <sys/stat.h>

namespace gatehouse::integration {
namespace {

// Every file under `dir` with its content hash and permissions.
QMap<QString, QByteArray> snapshot(const QString& dir) {
    QMap<QString, QByteArray> files;
    QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::Dirs | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile file(path);
        QByteArray state = QByteArray::number(int(file.permissions()), 16) + ' ';
        if (QFileInfo(path).isFile() && file.open(QIODevice::ReadOnly))
            state += QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256).toHex();
        files.insert(QDir(dir).relativeFilePath(path), state);
    }
    return files;
}

QString writeFile(const QString& path, const QByteArray& content) {
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        file.write(content) != content.size())
        return QStringLiteral("cannot write ") + path;
    return {};
}

TEST(CommandLine, HelpAndVersionExitZero) {
    const CommandResult help = runGatehoused({QStringLiteral("--help")});
    EXPECT_EQ(help.exitCode, 0) << help.describe();
    EXPECT_TRUE(help.out.contains("Usage: gatehoused")) << help.describe();
    EXPECT_TRUE(help.out.contains("init") && help.out.contains("run")) << help.describe();

    for (const QString& command : {QStringLiteral("init"), QStringLiteral("run")}) {
        const CommandResult commandHelp = runGatehoused({command, QStringLiteral("--help")});
        EXPECT_EQ(commandHelp.exitCode, 0) << commandHelp.describe();
        EXPECT_TRUE(commandHelp.out.contains("--data-dir")) << commandHelp.describe();
        EXPECT_TRUE(commandHelp.out.contains("--listen")) << commandHelp.describe();
    }

    const CommandResult version = runGatehoused({QStringLiteral("--version")});
    EXPECT_EQ(version.exitCode, 0) << version.describe();
    EXPECT_TRUE(version.out.startsWith("gatehoused " GATEHOUSE_VERSION)) << version.describe();
}

TEST(CommandLine, UnknownCommandOrFlagExitsTwoNamingIt) {
    const CommandResult command = runGatehoused({QStringLiteral("frobnicate")});
    EXPECT_EQ(command.exitCode, 2) << command.describe();
    EXPECT_TRUE(command.err.contains("frobnicate")) << command.describe();

    const CommandResult none = runGatehoused({});
    EXPECT_EQ(none.exitCode, 2) << none.describe();

    QTemporaryDir dir;
    const CommandResult runFlag =
        runGatehoused({QStringLiteral("run"), QStringLiteral("--data-dir"), dir.path(),
                       QStringLiteral("--bogus-flag")});
    EXPECT_EQ(runFlag.exitCode, 2) << runFlag.describe();
    EXPECT_TRUE(runFlag.err.contains("bogus-flag")) << runFlag.describe();

    const CommandResult initFlag =
        runGatehoused({QStringLiteral("init"), QStringLiteral("--data-dir"),
                       dir.filePath(QStringLiteral("new")), QStringLiteral("--colour")});
    EXPECT_EQ(initFlag.exitCode, 2) << initFlag.describe();
    EXPECT_TRUE(initFlag.err.contains("colour")) << initFlag.describe();
    EXPECT_FALSE(QFileInfo::exists(dir.filePath(QStringLiteral("new"))));

    const CommandResult missingValue =
        runGatehoused({QStringLiteral("run"), QStringLiteral("--data-dir"), dir.path(),
                       QStringLiteral("--listen")});
    EXPECT_EQ(missingValue.exitCode, 2) << missingValue.describe();
    EXPECT_TRUE(missingValue.err.contains("listen")) << missingValue.describe();

    const CommandResult stray = runGatehoused(
        {QStringLiteral("run"), QStringLiteral("--data-dir"), dir.path(), QStringLiteral("extra")});
    EXPECT_EQ(stray.exitCode, 2) << stray.describe();
    EXPECT_TRUE(stray.err.contains("extra")) << stray.describe();
}

TEST(CommandLine, InitJsonHasEveryField) {
    GatehousedProcess server;
    ASSERT_TRUE(server.init({.tenant = QStringLiteral("acme")}));
    const QJsonObject json = server.credentials();
    for (const char* field :
         {"public_url", "tenant", "issuer", "data_dir", "tls_sha256_fingerprint"})
        EXPECT_FALSE(json.value(QLatin1String(field)).toString().isEmpty())
            << field << " in " << str(json);
    EXPECT_EQ(json.value(QStringLiteral("tenant")).toString(), QStringLiteral("acme"));
    EXPECT_EQ(json.value(QStringLiteral("data_dir")).toString(),
              QDir(server.dataDir()).absolutePath());
    EXPECT_TRUE(
        json.value(QStringLiteral("public_url")).toString().startsWith(QLatin1String("https://")));
    EXPECT_TRUE(json.value(QStringLiteral("issuer")).toString().endsWith(QLatin1String("/t/acme/")))
        << str(json);
    for (const char* client : {"management_client", "system_management_client"}) {
        const ClientCredentials credentials =
            ClientCredentials::fromJson(json.value(QLatin1String(client)).toObject());
        EXPECT_FALSE(credentials.clientId.isEmpty()) << client;
        // >= 128 bits from a CSPRNG: at least 22 base64url characters.
        EXPECT_GE(credentials.clientSecret.size(), 22) << client;
        EXPECT_TRUE(credentials.audience.endsWith(QLatin1String("/api/v2/"))) << client;
    }
    EXPECT_TRUE(server.systemClient().audience.contains(QLatin1String("/t/system/")));
    EXPECT_TRUE(server.managementClient().audience.contains(QLatin1String("/t/acme/")));
    const QJsonObject admin = json.value(QStringLiteral("admin")).toObject();
    EXPECT_TRUE(admin.value(QStringLiteral("email")).toString().contains(QLatin1Char('@')));
    EXPECT_GE(admin.value(QStringLiteral("password")).toString().size(), 16);

    // The fingerprint is the certificate's, so an operator can pin what they were shown.
    const QList<QSslCertificate> certificates = QSslCertificate::fromPath(
        QDir(server.dataDir()).filePath(QStringLiteral("tls/server.crt")));
    ASSERT_EQ(certificates.size(), 1);
    const QString digest =
        QString::fromLatin1(certificates.first().digest(QCryptographicHash::Sha256).toHex());
    EXPECT_EQ(json.value(QStringLiteral("tls_sha256_fingerprint"))
                  .toString()
                  .remove(QLatin1Char(':'))
                  .toLower(),
              digest);
}

TEST(CommandLine, InitWritesSecretsOwnerOnly) {
    GatehousedProcess server;
    ASSERT_TRUE(server.init());
    const QDir dir(server.dataDir());
    for (const char* file : {"master.key", "tls/server.key"}) {
        struct stat status {};
        ASSERT_EQ(::stat(QFile::encodeName(dir.filePath(QLatin1String(file))).constData(), &status),
                  0)
            << file;
        EXPECT_EQ(status.st_mode & 07777, mode_t(0600))
            << file << std::oct << " mode " << (status.st_mode & 07777);
    }
    struct stat directory {};
    ASSERT_EQ(::stat(QFile::encodeName(dir.path()).constData(), &directory), 0);
    EXPECT_EQ(directory.st_mode & 0077, mode_t(0)) << "the data directory is open to others";
    EXPECT_TRUE(QFileInfo::exists(dir.filePath(QStringLiteral("tls/server.crt"))));
    EXPECT_TRUE(QFileInfo::exists(dir.filePath(QStringLiteral("gatehouse.db"))));
    EXPECT_TRUE(QFileInfo::exists(dir.filePath(QStringLiteral("gatehoused.ini"))));
}

TEST(CommandLine, InitHttpMakesNoCertificate) {
    GatehousedProcess server;
    ASSERT_TRUE(server.init({.http = true}));
    EXPECT_FALSE(server.credentials().contains(QStringLiteral("tls_sha256_fingerprint")));
    EXPECT_TRUE(server.credentials()
                    .value(QStringLiteral("public_url"))
                    .toString()
                    .startsWith(QLatin1String("http://")));
    EXPECT_FALSE(
        QFileInfo::exists(QDir(server.dataDir()).filePath(QStringLiteral("tls/server.crt"))));
    EXPECT_FALSE(
        QFileInfo::exists(QDir(server.dataDir()).filePath(QStringLiteral("tls/server.key"))));
}

TEST(CommandLine, InitRefusesNonEmptyDirectoryAndChangesNothing) {
    GatehousedProcess server;
    ASSERT_TRUE(server.init());
    const QMap<QString, QByteArray> before = snapshot(server.dataDir());
    ASSERT_FALSE(before.isEmpty());

    const CommandResult again = runGatehoused({QStringLiteral("init"), QStringLiteral("--data-dir"),
                                               server.dataDir(), QStringLiteral("--json")});
    EXPECT_EQ(again.exitCode, 1) << again.describe();
    EXPECT_TRUE(again.out.isEmpty()) << again.describe();
    EXPECT_TRUE(again.err.contains(server.dataDir().toUtf8())) << again.describe();
    EXPECT_EQ(snapshot(server.dataDir()), before);

    // Someone else's files: left exactly as they were.
    QTemporaryDir other;
    ASSERT_TRUE(writeFile(other.filePath(QStringLiteral("notes.txt")), "mine\n").isEmpty());
    const QMap<QString, QByteArray> otherBefore = snapshot(other.path());
    const CommandResult foreign =
        runGatehoused({QStringLiteral("init"), QStringLiteral("--data-dir"), other.path()});
    EXPECT_EQ(foreign.exitCode, 1) << foreign.describe();
    EXPECT_EQ(snapshot(other.path()), otherBefore);
}

TEST(CommandLine, InitWithBadTenantNameLeavesNoDirectory) {
    QTemporaryDir dir;
    const QString target = dir.filePath(QStringLiteral("data"));
    const CommandResult result =
        runGatehoused({QStringLiteral("init"), QStringLiteral("--data-dir"), target,
                       QStringLiteral("--tenant"), QStringLiteral("Not A Tenant!")});
    EXPECT_EQ(result.exitCode, 2) << result.describe();
    EXPECT_FALSE(QFileInfo::exists(target));
}

TEST(CommandLine, RunOnUninitialisedDirectoryExplainsInit) {
    QTemporaryDir dir;
    for (const QString& path : {dir.path(), dir.filePath(QStringLiteral("missing"))}) {
        const CommandResult result =
            runGatehoused({QStringLiteral("run"), QStringLiteral("--data-dir"), path,
                           QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")});
        EXPECT_EQ(result.exitCode, 1) << result.describe();
        EXPECT_TRUE(result.err.contains("gatehoused init")) << result.describe();
        EXPECT_TRUE(result.err.contains(QDir(path).absolutePath().toUtf8())) << result.describe();
        EXPECT_FALSE(result.err.contains("serving")) << result.describe();
    }
    const CommandResult noDir = runGatehoused({QStringLiteral("run")});
    EXPECT_EQ(noDir.exitCode, 2) << noDir.describe();
    EXPECT_TRUE(noDir.err.contains("--data-dir")) << noDir.describe();
}

TEST(CommandLine, BadConfigValueInFileExitsTwoNamingTheKey) {
    GatehousedProcess server;
    ASSERT_TRUE(server.init());
    const QString ini = QDir(server.dataDir()).filePath(QStringLiteral("gatehoused.ini"));
    QFile file(ini);
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    const QByteArray original = file.readAll();
    file.close();

    struct Case {
        QByteArray append;
        QByteArray named;
    };
    const Case cases[] = {
        {"\n[limits]\nbody_bytes = lots\n", "body_bytes"},
        {"\n[timeouts]\nread = forever\n", "read"},
        {"\n[limits]\nfavourite_colour = blue\n", "favourite_colour"},
    };
    for (const Case& c : cases) {
        ASSERT_TRUE(writeFile(ini, original + c.append).isEmpty());
        const CommandResult result =
            runGatehoused({QStringLiteral("run"), QStringLiteral("--data-dir"), server.dataDir()});
        EXPECT_EQ(result.exitCode, 2) << c.append.toStdString() << result.describe();
        EXPECT_TRUE(result.err.contains(c.named)) << result.describe();
        EXPECT_TRUE(result.err.contains("gatehoused.ini")) << result.describe();
        EXPECT_FALSE(result.err.contains("serving")) << result.describe();
    }
}

TEST(CommandLine, BadConfigValueInEnvironmentExitsTwoNamingTheVariable) {
    GatehousedProcess server;
    ASSERT_TRUE(server.init());
    const std::pair<QString, QString> cases[] = {
        {QStringLiteral("GATEHOUSE_LIMITS_BODY_BYTES"), QStringLiteral("lots")},
        {QStringLiteral("GATEHOUSE_LIMITS_BODY_BYTES"), QStringLiteral("1")}, // below the minimum
        {QStringLiteral("GATEHOUSE_TIMEOUTS_READ"), QStringLiteral("0s")},
        {QStringLiteral("GATEHOUSE_LIMITS_FAVOURITE_COLOUR"), QStringLiteral("blue")},
        {QStringLiteral("GATEHOUSE_TOKENS_SIGNING_ALGORITHM"), QStringLiteral("HS256")},
    };
    for (const auto& [name, value] : cases) {
        QProcessEnvironment environment = gatehousedEnvironment();
        environment.insert(name, value);
        const CommandResult result = runGatehoused(
            {QStringLiteral("run"), QStringLiteral("--data-dir"), server.dataDir()}, environment);
        EXPECT_EQ(result.exitCode, 2) << str(name) << '=' << str(value) << ' ' << result.describe();
        EXPECT_TRUE(result.err.contains(name.toUtf8())) << result.describe();
        EXPECT_FALSE(result.err.contains("serving")) << result.describe();
    }

    const CommandResult badFlag =
        runGatehoused({QStringLiteral("run"), QStringLiteral("--data-dir"), server.dataDir(),
                       QStringLiteral("--listen"), QStringLiteral("nowhere")});
    EXPECT_EQ(badFlag.exitCode, 2) << badFlag.describe();
    EXPECT_TRUE(badFlag.err.contains("--listen")) << badFlag.describe();
}

TEST(CommandLine, FlagBeatsEnvironmentBeatsFile) {
    // [server] listen is in the file (127.0.0.1:0 from init); the environment names an address
    // that cannot be parsed, the flag a good one: the flag wins, so the server starts.
    GatehousedProcess server;
    ASSERT_TRUE(server.init());
    server.setEnvironment(QStringLiteral("GATEHOUSE_SERVER_LISTEN"), QStringLiteral("127.0.0.1:1"));
    ASSERT_TRUE(server.start({QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")}));
    EXPECT_NE(server.port(), 1);
    EXPECT_EQ(server.get("/health").status, 200);
    EXPECT_EQ(server.stop(), 0) << str(server.standardError());

    // Environment over file: a limit from the environment applies.
    GatehousedProcess limited;
    ASSERT_TRUE(limited.initFromCopyOf(server));
    limited.setEnvironment(QStringLiteral("GATEHOUSE_LIMITS_URL_BYTES"), QStringLiteral("300"));
    ASSERT_TRUE(limited.start());
    EXPECT_EQ(limited.get("/health?" + QByteArray(400, 'a')).status, 414);
    EXPECT_EQ(limited.get("/health").status, 200);
    EXPECT_EQ(limited.stop(), 0);
}

TEST(CommandLine, SecondInstanceOnTheSamePortIsRefused) {
    // The listeners use SO_REUSEPORT (one per worker thread); a second gatehoused on the same
    // port must still fail to start instead of silently sharing the port's connections.
    GatehousedProcess first;
    ASSERT_TRUE(first.init({.http = true}));
    ASSERT_TRUE(first.start());
    GatehousedProcess second;
    ASSERT_TRUE(second.init({.http = true}));
    const CommandResult result = runGatehoused({QStringLiteral("run"), QStringLiteral("--data-dir"),
                                                second.dataDir(), QStringLiteral("--listen"),
                                                QStringLiteral("127.0.0.1:%1").arg(first.port())},
                                               gatehousedEnvironment(), 15000);
    EXPECT_EQ(result.exitCode, 1) << result.describe();
    EXPECT_TRUE(result.err.contains(QByteArray::number(first.port()))) << result.describe();
    EXPECT_FALSE(result.err.contains("serving")) << result.describe();
    EXPECT_EQ(first.get("/health").status, 200);
    EXPECT_EQ(first.stop(), 0);
}

// `--listen HOST:0` must publish the port it bound, or the issuer (https://localhost:0/t/T/)
// names a URL no client can reach.
TEST(CommandLine, ListenOnPortZeroServesTheRealPortInIssuer) {
    // `--listen 127.0.0.1:0` lets the kernel pick the port; the issuer, the discovery document
    // and the ready line must name the port clients can actually reach.
    GatehousedProcess server;
    ASSERT_TRUE(server.init());
    ASSERT_TRUE(server.start());
    ASSERT_NE(server.port(), 0);
    const QString port = QStringLiteral(":%1").arg(server.port());
    EXPECT_TRUE(server.servingUrl().endsWith(port)) << str(server.servingUrl());
    const QString issuer = server.issuer(server.tenant());
    EXPECT_TRUE(issuer.contains(QString(port + QStringLiteral("/t/")))) << str(issuer);
}

} // namespace
} // namespace gatehouse::integration
