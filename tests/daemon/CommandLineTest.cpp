#include "daemon/CommandLine.h"

#include <gtest/gtest.h>

using namespace gatehouse::daemon;

namespace {
gatehouse::Result<Command> parse(QStringList words, const QString& environmentDir = {}) {
    words.prepend(QStringLiteral("gatehoused"));
    return parseCommandLine(words, environmentDir);
}
} // namespace

TEST(CommandLine, InitWithEveryOption) {
    const auto command = parse(
        {QStringLiteral("init"), QStringLiteral("--data-dir"), QStringLiteral("/tmp/d"),
         QStringLiteral("--listen"), QStringLiteral("127.0.0.1:9000"), QStringLiteral("--tenant"),
         QStringLiteral("acme"), QStringLiteral("--json"), QStringLiteral("--http")});
    ASSERT_TRUE(command.ok()) << command.error().toString().toStdString();
    const auto& init = std::get<InitRequest>(*command);
    EXPECT_EQ(init.dataDir, QStringLiteral("/tmp/d"));
    EXPECT_EQ(init.tenant, QStringLiteral("acme"));
    EXPECT_TRUE(init.json);
    ASSERT_EQ(init.flags.size(), 2);
    EXPECT_EQ(init.flags[0].flag, QStringLiteral("--listen"));
    EXPECT_EQ(init.flags[0].value, QStringLiteral("127.0.0.1:9000"));
    EXPECT_EQ(init.flags[1].key, QStringLiteral("http"));
}

TEST(CommandLine, RunTakesDatabaseAndEnvironmentDataDir) {
    const auto command = parse(
        {QStringLiteral("run"), QStringLiteral("--database"), QStringLiteral("postgres://u@h/db")},
        QStringLiteral("/srv/gh"));
    ASSERT_TRUE(command.ok());
    const auto& run = std::get<RunRequest>(*command);
    EXPECT_EQ(run.dataDir, QStringLiteral("/srv/gh"));
    ASSERT_EQ(run.flags.size(), 1);
    EXPECT_EQ(run.flags[0].section, QStringLiteral("database"));
}

TEST(CommandLine, HelpAndVersion) {
    EXPECT_TRUE(std::holds_alternative<HelpRequest>(*parse({QStringLiteral("--help")})));
    EXPECT_TRUE(std::holds_alternative<VersionRequest>(*parse({QStringLiteral("--version")})));
    const auto runHelp = parse({QStringLiteral("run"), QStringLiteral("--help")});
    ASSERT_TRUE(std::holds_alternative<HelpRequest>(*runHelp));
    EXPECT_TRUE(std::get<HelpRequest>(*runHelp).text.contains(QStringLiteral("--database")));
}

TEST(CommandLine, ErrorsNameTheOffendingWord) {
    const struct {
        QStringList words;
        const char* expected;
    } cases[] = {
        {{}, "no command given"},
        {{QStringLiteral("serve")}, "unknown command 'serve'"},
        {{QStringLiteral("--port")}, "unknown option '--port'"},
        {{QStringLiteral("run"), QStringLiteral("--data-dir"), QStringLiteral("/d"),
          QStringLiteral("--prot")},
         "Unknown option 'prot'"},
        {{QStringLiteral("run"), QStringLiteral("--data-dir")}, "Missing value after '--data-dir'"},
        {{QStringLiteral("run")}, "--data-dir is required"},
        {{QStringLiteral("init"), QStringLiteral("--data-dir"), QStringLiteral("/d"),
          QStringLiteral("extra")},
         "unexpected argument 'extra'"},
        {{QStringLiteral("run"), QStringLiteral("--data-dir"), QStringLiteral("/d"),
          QStringLiteral("--tenant"), QStringLiteral("x")},
         "Unknown option 'tenant'"},
    };
    for (const auto& c : cases) {
        const auto command = parse(c.words);
        ASSERT_FALSE(command.ok()) << c.expected;
        EXPECT_EQ(command.error().code, "usage");
        EXPECT_TRUE(command.error().message.contains(QString::fromLatin1(c.expected)))
            << command.error().message.toStdString();
    }
}
