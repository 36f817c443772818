#include "config/IniFile.h"

#include <gtest/gtest.h>

using gatehouse::config::IniFile;

TEST(IniFile, ReadsSectionsKeysAndLineNumbers) {
    const auto file =
        IniFile::parse(QStringLiteral("; comment\n[server]\nlisten = 127.0.0.1:9000\n\n"
                                      "# another\n[limits]\nbody_bytes=2048\n"),
                       QStringLiteral("g.ini"));
    ASSERT_TRUE(file.ok()) << file.error().toString().toStdString();
    ASSERT_EQ(file->entries().size(), 2);
    EXPECT_EQ(file->entries()[0].section, QStringLiteral("server"));
    EXPECT_EQ(file->entries()[0].key, QStringLiteral("listen"));
    EXPECT_EQ(file->entries()[0].value, QStringLiteral("127.0.0.1:9000"));
    EXPECT_EQ(file->entries()[0].line, 3);
    EXPECT_EQ(file->entries()[1].value, QStringLiteral("2048"));
    EXPECT_EQ(file->entries()[1].line, 7);
}

TEST(IniFile, RejectsWhatItCannotRead) {
    const struct {
        const char* text;
        const char* expected;
    } cases[] = {
        {"listen = x\n", "line 1: key 'listen' appears before any [section]"},
        {"[server\n", "line 1: '[server' is not a section header"},
        {"[server]\nlisten\n", "line 2: expected 'key = value'"},
        {"[server]\nList en = 1\n", "line 2: 'List en' is not a valid key name"},
        {"[server]\nlisten = a\nlisten = b\n", "line 3: [server] listen is set twice"},
    };
    for (const auto& c : cases) {
        const auto file = IniFile::parse(QString::fromLatin1(c.text), QStringLiteral("g.ini"));
        ASSERT_FALSE(file.ok()) << c.text;
        EXPECT_EQ(file.error().code, "invalid_config");
        EXPECT_TRUE(file.error().message.contains(QString::fromLatin1(c.expected)))
            << file.error().message.toStdString();
    }
}

TEST(IniFile, MissingFileIsAnError) {
    const auto file = IniFile::load(QStringLiteral("/nonexistent/gatehoused.ini"));
    ASSERT_FALSE(file.ok());
    EXPECT_TRUE(file.error().message.contains(QStringLiteral("/nonexistent/gatehoused.ini")));
}
