#include "config/ConfigLoader.h"
#include "config/ConfigSchema.h"

#include <QFile>
#include <gtest/gtest.h>

using namespace std::chrono_literals;
using namespace gatehouse::config;

namespace {

IniFile ini(const char* text) {
    auto file = IniFile::parse(QString::fromLatin1(text), QStringLiteral("gatehoused.ini"));
    EXPECT_TRUE(file.ok());
    return *file;
}

ConfigSources sources() {
    ConfigSources s;
    s.dataDir = QStringLiteral("/var/lib/gatehouse");
    return s;
}

} // namespace

TEST(ConfigLoader, DefaultsAreSane) {
    const auto config = loadConfig(sources());
    ASSERT_TRUE(config.ok());
    EXPECT_EQ(config->listenAddress, QHostAddress(QHostAddress::LocalHost));
    EXPECT_EQ(config->listenPort, 8443);
    EXPECT_FALSE(config->plainHttp);
    EXPECT_EQ(config->headerBytes, 16 * 1024);
    EXPECT_EQ(config->headerCount, 100);
    EXPECT_EQ(config->urlBytes, 8 * 1024);
    EXPECT_EQ(config->bodyBytes, 1024 * 1024);
    EXPECT_EQ(config->publicBaseUrl(), QStringLiteral("https://localhost:8443"));
    EXPECT_EQ(config->resolvedDatabaseUrl(),
              QStringLiteral("sqlite:///var/lib/gatehouse/gatehouse.db"));
}

TEST(ConfigLoader, FlagsBeatEnvironmentBeatFileBeatDefaults) {
    ConfigSources s = sources();
    s.file = ini("[server]\nlisten = 127.0.0.1:1000\nworkers = 3\n[limits]\nbody_bytes = "
                 "4096\nheader_count = 50\n");
    s.environment.insert(QStringLiteral("GATEHOUSE_SERVER_LISTEN"),
                         QStringLiteral("127.0.0.1:2000"));
    s.environment.insert(QStringLiteral("GATEHOUSE_LIMITS_BODY_BYTES"), QStringLiteral("8192"));
    s.flags.append({QStringLiteral("--listen"), QStringLiteral("server"), QStringLiteral("listen"),
                    QStringLiteral("[::1]:3000")});
    const auto config = loadConfig(s);
    ASSERT_TRUE(config.ok()) << config.error().toString().toStdString();
    EXPECT_EQ(config->listenAddress, QHostAddress(QHostAddress::LocalHostIPv6)); // flag
    EXPECT_EQ(config->listenPort, 3000);
    EXPECT_EQ(config->bodyBytes, 8192); // environment over file
    EXPECT_EQ(config->headerCount, 50); // file over default
    EXPECT_EQ(config->workers, 3);
    EXPECT_EQ(config->urlBytes, 8192); // default
}

TEST(ConfigLoader, DurationsAreWrittenWithUnits) {
    ConfigSources s = sources();
    s.file = ini("[timeouts]\nread = 2500ms\nidle = 2m\n");
    s.environment.insert(QStringLiteral("GATEHOUSE_TIMEOUTS_DRAIN"), QStringLiteral("30s"));
    const auto config = loadConfig(s);
    ASSERT_TRUE(config.ok());
    EXPECT_EQ(config->readTimeout, 2500ms);
    EXPECT_EQ(config->idleTimeout, 2min);
    EXPECT_EQ(config->drainTimeout, 30s);
}

TEST(ConfigLoader, BadFileValueNamesFileLineAndKey) {
    ConfigSources s = sources();
    s.file = ini("[limits]\n\nbody_bytes = lots\n");
    const auto config = loadConfig(s);
    ASSERT_FALSE(config.ok());
    EXPECT_EQ(config.error().message.left(46),
              QStringLiteral("gatehoused.ini line 3: [limits] body_bytes: 'l"));
}

TEST(ConfigLoader, UnknownFileKeyIsNamed) {
    ConfigSources s = sources();
    s.file = ini("[limits]\nbodybytes = 1\n");
    const auto config = loadConfig(s);
    ASSERT_FALSE(config.ok());
    EXPECT_TRUE(config.error().message.contains(QStringLiteral("unknown key [limits] bodybytes")));
}

TEST(ConfigLoader, BadEnvironmentValueNamesTheVariable) {
    ConfigSources s = sources();
    s.environment.insert(QStringLiteral("GATEHOUSE_TIMEOUTS_READ"), QStringLiteral("10 seconds"));
    const auto config = loadConfig(s);
    ASSERT_FALSE(config.ok());
    EXPECT_TRUE(config.error().message.startsWith(QStringLiteral("GATEHOUSE_TIMEOUTS_READ: ")));
}

TEST(ConfigLoader, TypoInEnvironmentOfKnownSectionIsAnError) {
    ConfigSources s = sources();
    s.environment.insert(QStringLiteral("GATEHOUSE_LIMITS_BODYBYTES"), QStringLiteral("1"));
    s.environment.insert(QStringLiteral("GATEHOUSE_TEST_SOMETHING"),
                         QStringLiteral("1")); // not ours
    const auto config = loadConfig(s);
    ASSERT_FALSE(config.ok());
    EXPECT_TRUE(
        config.error().message.startsWith(QStringLiteral("GATEHOUSE_LIMITS_BODYBYTES: unknown")));
}

TEST(ConfigLoader, BadFlagValueNamesTheFlag) {
    ConfigSources s = sources();
    s.flags.append({QStringLiteral("--listen"), QStringLiteral("server"), QStringLiteral("listen"),
                    QStringLiteral("nowhere")});
    const auto config = loadConfig(s);
    ASSERT_FALSE(config.ok());
    EXPECT_TRUE(
        config.error().message.startsWith(QStringLiteral("--listen: 'nowhere' is not HOST:PORT")));
}

TEST(ConfigLoader, ValuesOutOfRangeAreRejected) {
    for (const char* text :
         {"[limits]\nbody_bytes = 0\n", "[server]\nworkers = -1\n", "[timeouts]\nread = 0s\n",
          "[server]\nhttp = maybe\n", "[tokens]\nsigning_algorithm = HS256\n",
          "[server]\npublic_url = ftp://x\n"}) {
        ConfigSources s = sources();
        s.file = ini(text);
        EXPECT_FALSE(loadConfig(s).ok()) << text;
    }
}

TEST(ConfigSchema, ListenAddressForms) {
    EXPECT_EQ(parseListenAddress(QStringLiteral("0.0.0.0:443"))->port, 443);
    EXPECT_EQ(parseListenAddress(QStringLiteral("localhost:80"))->address,
              QHostAddress(QHostAddress::LocalHost));
    EXPECT_EQ(parseListenAddress(QStringLiteral("[::]:8443"))->address,
              QHostAddress(QHostAddress::AnyIPv6));
    for (const char* bad :
         {"", ":80", "127.0.0.1", "::1:80", "127.0.0.1:65536", "127.0.0.1:x", "host.example:80"})
        EXPECT_FALSE(parseListenAddress(QString::fromLatin1(bad)).ok()) << bad;
}

TEST(ConfigSchema, EnvironmentNamesFollowSectionAndKey) {
    const ConfigOption* option = findOption(u"limits", u"body_bytes");
    ASSERT_NE(option, nullptr);
    EXPECT_EQ(option->environmentName(), QStringLiteral("GATEHOUSE_LIMITS_BODY_BYTES"));
    EXPECT_EQ(option->qualifiedName(), QStringLiteral("[limits] body_bytes"));
}

TEST(ConfigSchema, ExampleFileLoadsBackToTheSameConfig) {
    ServerConfig original;
    original.listenPort = 9443;
    original.plainHttp = true;
    auto file = IniFile::parse(exampleConfigFile(original), QStringLiteral("example.ini"));
    ASSERT_TRUE(file.ok()) << file.error().toString().toStdString();
    ConfigSources s = sources();
    s.file = *file;
    const auto loaded = loadConfig(s);
    ASSERT_TRUE(loaded.ok()) << loaded.error().toString().toStdString();
    EXPECT_EQ(loaded->listenPort, 9443);
    EXPECT_TRUE(loaded->plainHttp);
}

// resources/gatehoused.example.ini is what an operator reads; it must list every key with its
// default. Regenerate it with the text this test prints when a key is added.
TEST(ConfigSchema, ShippedExampleFileMatchesTheSchema) {
    QFile shipped(QStringLiteral(GATEHOUSE_SOURCE_DIR "/resources/gatehoused.example.ini"));
    ASSERT_TRUE(shipped.open(QIODevice::ReadOnly)) << "missing resources/gatehoused.example.ini";
    const QString expected = exampleConfigFile(ServerConfig{});
    EXPECT_EQ(QString::fromUtf8(shipped.readAll()), expected) << expected.toStdString();
}

TEST(ConfigLoader, MailDefaultsToAnOutboxInTheDataDirectory) {
    const auto config = loadConfig(sources());
    ASSERT_TRUE(config.ok());
    EXPECT_EQ(config->mail.sender, MailSenderKind::Outbox);
    EXPECT_EQ(config->mail.from, QStringLiteral("Gatehouse <no-reply@localhost>"));
    EXPECT_EQ(config->mail.smtpPort, 587);
    EXPECT_EQ(config->mail.smtpTls, SmtpTls::StartTls);
    EXPECT_EQ(config->mail.smtpTimeout, 30s);
    EXPECT_EQ(config->resolvedMail().outboxDir, QStringLiteral("/var/lib/gatehouse/outbox"));
    EXPECT_TRUE(config->resolvedMail().smtpCaFile.isEmpty());
}

TEST(ConfigLoader, MailSmtpFromFileAndPasswordFromEnvironment) {
    ConfigSources s = sources();
    s.file = ini("[mail]\nsender = smtp\nsmtp_host = smtp.example.com\nsmtp_port = 465\n"
                 "smtp_tls = implicit\nsmtp_username = mailer\nsmtp_ca_file = relay-ca.pem\n"
                 "smtp_timeout = 10s\nfrom = Example <no-reply@example.com>\n"
                 "outbox_dir = /tmp/outbox\n");
    s.environment.insert(QStringLiteral("GATEHOUSE_MAIL_SMTP_PASSWORD"), QStringLiteral("s3cret"));
    const auto config = loadConfig(s);
    ASSERT_TRUE(config.ok()) << config.error().toString().toStdString();
    EXPECT_EQ(config->mail.sender, MailSenderKind::Smtp);
    EXPECT_EQ(config->mail.smtpHost, QStringLiteral("smtp.example.com"));
    EXPECT_EQ(config->mail.smtpPort, 465);
    EXPECT_EQ(config->mail.smtpTls, SmtpTls::Implicit);
    EXPECT_EQ(config->mail.smtpUsername, QStringLiteral("mailer"));
    EXPECT_EQ(config->mail.smtpPassword, QStringLiteral("s3cret"));
    EXPECT_EQ(config->mail.smtpTimeout, 10s);
    EXPECT_EQ(config->mail.from, QStringLiteral("Example <no-reply@example.com>"));
    EXPECT_EQ(config->resolvedMail().outboxDir, QStringLiteral("/tmp/outbox"));
    EXPECT_EQ(config->resolvedMail().smtpCaFile, QStringLiteral("/var/lib/gatehouse/relay-ca.pem"));
}

TEST(ConfigLoader, PlaintextSmtpOnlyTowardsLoopback) {
    for (const char* host : {"localhost", "127.0.0.1", "::1", "[::1]", "relay.localhost"}) {
        ConfigSources s = sources();
        s.file = ini("[mail]\nsender = smtp\nsmtp_tls = none\nsmtp_port = 25\n");
        s.environment.insert(QStringLiteral("GATEHOUSE_MAIL_SMTP_HOST"), QString::fromLatin1(host));
        EXPECT_TRUE(loadConfig(s).ok()) << host;
    }
    ConfigSources s = sources();
    s.file = ini("[mail]\nsender = smtp\nsmtp_tls = none\nsmtp_host = smtp.example.com\n");
    const auto remote = loadConfig(s);
    ASSERT_FALSE(remote.ok());
    EXPECT_TRUE(remote.error().message.startsWith(QStringLiteral("[mail] smtp_tls: 'none'")))
        << remote.error().message.toStdString();
}

TEST(ConfigLoader, UnusableMailSettingsAreRefusedAtStartUp) {
    for (const char* text : {"[mail]\nsender = smtp\n", // no host
                             "[mail]\nsender = smtp\nsmtp_host = localhost\nsmtp_tls = none\n"
                             "smtp_username = mailer\n", // password in clear
                             "[mail]\nsender = sendmail\n", "[mail]\nsmtp_tls = ssl\n",
                             "[mail]\nsmtp_port = 0\n", "[mail]\nsmtp_timeout = 0s\n"}) {
        ConfigSources s = sources();
        s.file = ini(text);
        const auto config = loadConfig(s);
        ASSERT_FALSE(config.ok()) << text;
        EXPECT_EQ(config.error().code, QByteArray("invalid_config"));
    }
}
