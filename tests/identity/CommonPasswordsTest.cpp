#include "identity/CommonPasswords.h"

#include <QFile>
#include <QSet>
#include <QStringList>
#include <gtest/gtest.h>

using gatehouse::identity::CommonPasswords;
using namespace Qt::StringLiterals;

namespace {

QStringList sourceEntries() {
    QFile file(QStringLiteral(GATEHOUSE_SOURCE_DIR "/resources/identity/common-passwords.txt"));
    EXPECT_TRUE(file.open(QIODevice::ReadOnly)) << file.fileName().toStdString();
    QStringList entries;
    for (const QByteArray& line : file.readAll().split('\n')) {
        if (!line.isEmpty() && !line.startsWith('#'))
            entries << QString::fromUtf8(line);
    }
    return entries;
}

} // namespace

TEST(CommonPasswordsTest, BuiltInListIsTheShippedFile) {
    const QStringList entries = sourceEntries();
    ASSERT_GE(entries.size(), 10000);
    const CommonPasswords& list = CommonPasswords::builtIn();
    EXPECT_EQ(list.size(), entries.size());
    for (const QString& entry : entries)
        ASSERT_TRUE(list.contains(entry)) << entry.toStdString();
}

// What the loader relies on: normalized, lower-cased, unique, no entry that looks like a comment.
TEST(CommonPasswordsTest, ShippedFileIsNormalizedAndUnique) {
    const QStringList entries = sourceEntries();
    QSet<QString> seen;
    for (const QString& entry : entries) {
        EXPECT_EQ(entry, CommonPasswords::normalize(entry)) << entry.toStdString();
        EXPECT_EQ(entry, entry.trimmed()) << entry.toStdString();
        EXPECT_FALSE(seen.contains(entry)) << "duplicate " << entry.toStdString();
        seen.insert(entry);
    }
}

TEST(CommonPasswordsTest, KnowsTheUsualSuspects) {
    const CommonPasswords& list = CommonPasswords::builtIn();
    for (const QString& password : {u"123456"_s, u"password"_s, u"qwerty"_s, u"iloveyou"_s,
                                    u"michael"_s, u"jennifer"_s, u"password1"_s, u"letmein"_s})
        EXPECT_TRUE(list.contains(password)) << password.toStdString();
    EXPECT_FALSE(list.contains(u"violet kettle orbit 42"_s));
    EXPECT_FALSE(list.contains(QString()));
}

TEST(CommonPasswordsTest, IgnoresCaseAndCompatibilityForms) {
    const CommonPasswords& list = CommonPasswords::builtIn();
    EXPECT_TRUE(list.contains(u"PassWord"_s));
    EXPECT_TRUE(list.contains(u"ＰＡＳＳＷＯＲＤ"_s)); // full-width, NFKC → "PASSWORD"
    EXPECT_TRUE(list.contains(u"１２３４５６"_s));
}

TEST(CommonPasswordsTest, FromTextSkipsCommentsBlankLinesAndCarriageReturns) {
    const CommonPasswords list =
        CommonPasswords::fromText("# a header\r\n\r\nHunter2\r\n  spaced  \n#notme\nlast");
    EXPECT_EQ(list.size(), 3);
    EXPECT_TRUE(list.contains(u"hunter2"_s));
    EXPECT_TRUE(list.contains(u"spaced"_s));
    EXPECT_TRUE(list.contains(u"LAST"_s));
    EXPECT_FALSE(list.contains(u"#notme"_s));
    EXPECT_FALSE(list.contains(u"# a header"_s));
}
