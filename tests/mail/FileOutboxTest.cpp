#include "mail/FileOutbox.h"
#include "config/MailConfig.h"
#include "mail/MailSenderFactory.h"
#include "mail/SmtpSender.h"
#include "support/ResultAssertions.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <gtest/gtest.h>
#include <sys/stat.h>

using namespace gatehouse;
using namespace gatehouse::mail;

namespace {

MailMessage verificationMessage() {
    MailMessage message;
    message.to = QStringLiteral("Zoë <zoe@example.com>");
    message.subject = QStringLiteral("Bestätigen Sie Ihre E-Mail-Adresse ✉");
    message.textBody = QStringLiteral("Hallo Zoë,\n\nhttps://gatehouse.example/t/default/u/"
                                      "email-verification?ticket=%1\n.\n.. end\n")
                           .arg(QString(60, QLatin1Char('k')));
    message.htmlBody = QStringLiteral("<p>Hallo Zoë, <a href=\"https://gatehouse.example/v?a=1\">"
                                      "bestätigen</a></p>");
    return message;
}

QDateTime at(int second, int ms = 0) {
    return QDateTime(QDate(2026, 11, 28), QTime(14, 5, second, ms), Qt::UTC);
}

Result<void> sendAndWait(MailSender& sender, MailMessage message) {
    std::optional<Result<void>> outcome;
    sender.send(std::move(message), [&outcome](Result<void> result) { outcome = result; });
    EXPECT_FALSE(outcome.has_value()) << "the callback ran inside send()";
    EXPECT_TRUE(QTest::qWaitFor([&] { return outcome.has_value(); }, 5000));
    return outcome.value_or(Error::internal(QStringLiteral("no callback")));
}

} // namespace

TEST(FileOutbox, WritesAParseableMessageInAPrivateDirectory) {
    QTemporaryDir root;
    const QString dir = root.filePath(QStringLiteral("data/outbox"));
    FileOutbox outbox(dir, QStringLiteral("Gatehouse <no-reply@localhost>"),
                      [] { return at(1, 123); });
    ASSERT_OK(sendAndWait(outbox, verificationMessage()));

    struct stat info {};
    ASSERT_EQ(::stat(QFile::encodeName(dir).constData(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, 0700u);
    const QStringList files = FileOutbox::messageFiles(dir);
    ASSERT_EQ(files.size(), 1);
    EXPECT_TRUE(QFileInfo(files[0]).fileName().startsWith(QStringLiteral("20261128T140501.123Z-")))
        << files[0].toStdString();
    ASSERT_EQ(::stat(QFile::encodeName(files[0]).constData(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, 0600u);
    EXPECT_EQ(QDir(dir).entryList(QDir::Files | QDir::Hidden).size(), 1); // no temporary left

    QFile file(files[0]);
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    const QByteArray raw = file.readAll();
    EXPECT_TRUE(raw.startsWith("Date: Sat, 28 Nov 2026 14:05:01 +0000\r\n"));
    EXPECT_TRUE(raw.contains("\r\nFrom: Gatehouse <no-reply@localhost>\r\n"));
    EXPECT_TRUE(raw.contains("\r\nTo: =?UTF-8?B?"));
    EXPECT_TRUE(raw.contains("<zoe@example.com>\r\n"));
    EXPECT_TRUE(raw.contains("\r\nSubject: =?UTF-8?B?"));
    EXPECT_TRUE(raw.contains("\r\nMessage-ID: <"));
    EXPECT_TRUE(raw.contains("\r\nMIME-Version: 1.0\r\n"));
    EXPECT_TRUE(raw.contains("multipart/alternative"));
    EXPECT_TRUE(raw.contains("\r\n.\r\n")); // the dot line is stored as it is, not dot-stuffed
    EXPECT_EQ(raw.count('\n'), raw.count("\r\n"));

    auto newest = FileOutbox::readNewest(dir);
    ASSERT_OK(newest);
    const MailMessage sent = verificationMessage();
    EXPECT_EQ(newest->subject, sent.subject);
    EXPECT_EQ(newest->to, QStringLiteral("Zoë <zoe@example.com>"));
    EXPECT_EQ(newest->from, QStringLiteral("Gatehouse <no-reply@localhost>"));
    EXPECT_EQ(newest->textBody, sent.textBody);
    EXPECT_EQ(newest->htmlBody, sent.htmlBody);
}

TEST(FileOutbox, NamesSortByTimeEvenWithinOneMillisecond) {
    QTemporaryDir root;
    int second = 10;
    // The clock stands still, then steps back: the order of the names is still the order of
    // writing, which is what "newest" means for a test following a link.
    FileOutbox outbox(root.path(), QStringLiteral("no-reply@localhost"),
                      [&second] { return at(second); });
    for (int i = 0; i < 5; ++i) {
        MailMessage message = verificationMessage();
        message.subject = QStringLiteral("message %1").arg(i);
        if (i == 3)
            second = 2;
        ASSERT_OK(outbox.write(message));
    }
    const QStringList files = FileOutbox::messageFiles(root.path());
    ASSERT_EQ(files.size(), 5);
    QStringList sorted = files;
    sorted.sort();
    EXPECT_EQ(files, sorted);
    EXPECT_EQ(FileOutbox::readNewest(root.path())->subject, QStringLiteral("message 4"));
    QFile first(files[0]);
    ASSERT_TRUE(first.open(QIODevice::ReadOnly));
    EXPECT_TRUE(first.readAll().contains("Subject: message 0\r\n"));
}

TEST(FileOutbox, HeaderInjectionIsRefusedAndNothingIsWritten) {
    QTemporaryDir root;
    FileOutbox outbox(root.path(), QStringLiteral("no-reply@localhost"));
    MailMessage message = verificationMessage();
    message.subject = QStringLiteral("Reset\r\nBcc: everyone@example.com");
    auto result = sendAndWait(outbox, message);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, QByteArray("invalid_mail_header"));
    EXPECT_TRUE(FileOutbox::messageFiles(root.path()).isEmpty());
}

TEST(FileOutbox, EmptyOutboxAndUnwritableDirectoryAreErrors) {
    QTemporaryDir root;
    auto none = FileOutbox::readNewest(root.path());
    ASSERT_FALSE(none.ok());
    EXPECT_EQ(none.error().code, QByteArray("not_found"));

    QFile blocker(root.filePath(QStringLiteral("file")));
    ASSERT_TRUE(blocker.open(QIODevice::WriteOnly));
    FileOutbox outbox(root.filePath(QStringLiteral("file")), QStringLiteral("no-reply@localhost"));
    auto written = outbox.write(verificationMessage());
    ASSERT_FALSE(written.ok());
    EXPECT_EQ(written.error().code, QByteArray("mail_unavailable"));
    EXPECT_EQ(written.error().httpStatus, 503);
}

// Python's email package is the reader the browser tests use to follow links: the file must
// parse there without defects, with the subject decoded and both bodies found.
TEST(FileOutbox, PythonEmailPackageReadsTheFileWithoutDefects) {
    QTemporaryDir root;
    FileOutbox outbox(root.path(), QStringLiteral("Gatehouse <no-reply@localhost>"));
    auto path = outbox.write(verificationMessage());
    ASSERT_OK(path);
    const char* script = R"(
import email, email.policy, json, sys
with open(sys.argv[1], 'rb') as f:
    m = email.message_from_binary_file(f, policy=email.policy.default)
defects = len(m.defects) + sum(len(p.defects) for p in m.walk())
print(json.dumps({'subject': str(m['subject']), 'to': m['to'].addresses[0].addr_spec,
                  'text': m.get_body(('plain',)).get_content(),
                  'html': m.get_body(('html',)).get_content(), 'defects': defects}))
)";
    QProcess python;
    python.start(QStringLiteral("/usr/bin/python3"),
                 {QStringLiteral("-c"), QString::fromLatin1(script), *path});
    ASSERT_TRUE(python.waitForFinished(30000));
    ASSERT_EQ(python.exitCode(), 0) << python.readAllStandardError().toStdString();
    const QJsonObject parsed = QJsonDocument::fromJson(python.readAllStandardOutput()).object();
    const MailMessage sent = verificationMessage();
    EXPECT_EQ(parsed[QStringLiteral("subject")].toString(), sent.subject);
    EXPECT_EQ(parsed[QStringLiteral("to")].toString(), QStringLiteral("zoe@example.com"));
    EXPECT_EQ(parsed[QStringLiteral("text")].toString(), sent.textBody);
    EXPECT_EQ(parsed[QStringLiteral("html")].toString(), *sent.htmlBody);
    EXPECT_EQ(parsed[QStringLiteral("defects")].toInt(), 0);
}

TEST(MailSenderFactory, MakesTheConfiguredSender) {
    QTemporaryDir root;
    config::MailConfig config;
    config.outboxDir = root.filePath(QStringLiteral("outbox"));
    auto outbox = makeMailSender(config);
    ASSERT_NE(dynamic_cast<FileOutbox*>(outbox.get()), nullptr);
    EXPECT_EQ(static_cast<FileOutbox*>(outbox.get())->directory(), config.outboxDir);
    MailMessage message = verificationMessage();
    ASSERT_OK(sendAndWait(*outbox, message)); // From: the configured default
    EXPECT_EQ(FileOutbox::readNewest(config.outboxDir)->from,
              QStringLiteral("Gatehouse <no-reply@localhost>"));

    config.sender = config::MailSenderKind::Smtp;
    config.smtpHost = QStringLiteral("smtp.example.com");
    EXPECT_NE(dynamic_cast<SmtpSender*>(makeMailSender(config).get()), nullptr);
}
