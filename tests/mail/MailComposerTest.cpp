#include "mail/MailComposer.h"
#include "mail/HeaderEncoding.h"
#include "mail/MailParser.h"
#include "mail/Mailbox.h"
#include "mail/QuotedPrintable.h"
#include "support/ResultAssertions.h"

#include <QRegularExpression>
#include <QTimeZone>
#include <gtest/gtest.h>

using namespace gatehouse;
using namespace gatehouse::mail;

namespace {

QDateTime fixedDate() {
    return QDateTime(QDate(2026, 11, 28), QTime(14, 5, 1, 123), Qt::UTC);
}

MailMessage resetMessage() {
    MailMessage message;
    message.from = QStringLiteral("Gatehouse <no-reply@gatehouse.example>");
    message.to = QStringLiteral("alice@example.com");
    message.subject = QStringLiteral("Reset your password");
    message.textBody = QStringLiteral("Follow https://gatehouse.example/t/default/u/reset?t=abc\n");
    return message;
}

QList<QByteArray> lines(const QByteArray& data) {
    return data.split('\n');
}

} // namespace

TEST(QuotedPrintable, KeepsReadableTextAndEncodesTheRest) {
    EXPECT_EQ(encodeQuotedPrintable("plain text"), QByteArray("plain text"));
    EXPECT_EQ(encodeQuotedPrintable("a=b"), QByteArray("a=3Db"));
    EXPECT_EQ(encodeQuotedPrintable(QStringLiteral("Grüße").toUtf8()),
              QByteArray("Gr=C3=BC=C3=9Fe"));
    // Trailing whitespace before a line end is encoded (RFC 2045 §6.7 rule 3).
    EXPECT_EQ(encodeQuotedPrintable("end \r\nnext\t"), QByteArray("end=20\r\nnext=09"));
}

TEST(QuotedPrintable, WrapsAt76WithSoftBreaksAndRoundTrips) {
    QByteArray text;
    for (int i = 0; i < 40; ++i)
        text += "word=" + QByteArray::number(i) + " ";
    text += "\r\n.\r\n" + QByteArray(200, 'x') + "\r\n" + QStringLiteral("é").toUtf8().repeated(60);
    const QByteArray encoded = encodeQuotedPrintable(text);
    for (const QByteArray& line : encoded.split('\n'))
        EXPECT_LE(line.size(), 77) << line.constData(); // 76 plus the CR
    EXPECT_TRUE(encoded.contains("=\r\n"));
    // No escape is split by a soft break.
    EXPECT_FALSE(QString::fromLatin1(encoded).contains(
        QRegularExpression(QStringLiteral("=[0-9A-F]?=\\r\\n"))));
    EXPECT_EQ(decodeQuotedPrintable(encoded), text);
}

TEST(QuotedPrintable, LineEndsBecomeCrlf) {
    EXPECT_EQ(toCrlf("a\nb\r\nc\rd\n\n"), QByteArray("a\r\nb\r\nc\r\nd\r\n\r\n"));
}

TEST(HeaderEncoding, AsciiSubjectStaysReadableAndFolds) {
    EXPECT_EQ(encodeUnstructured(QStringLiteral("Reset your password"), 9),
              QByteArray("Reset your password"));
    const QString longSubject = QStringLiteral("word ").repeated(30).trimmed();
    const QByteArray folded = encodeUnstructured(longSubject, 9);
    EXPECT_TRUE(folded.contains("\r\n "));
    for (const QByteArray& line : folded.split('\n'))
        EXPECT_LE(line.size(), 78);
    EXPECT_EQ(decodeHeader(folded), longSubject);
}

TEST(HeaderEncoding, NonAsciiSubjectBecomesEncodedWords) {
    const QString subject =
        QStringLiteral("Réinitialisez votre mot de passe — パスワードをリセット 🔑 now");
    const QByteArray encoded = encodeUnstructured(subject, 9);
    EXPECT_TRUE(encoded.startsWith("=?UTF-8?B?"));
    for (const QByteArray& word : encoded.split('\n')) {
        const QByteArray trimmed = word.trimmed();
        EXPECT_LE(trimmed.size(), 75); // RFC 2047 §2
        for (const char c : trimmed)
            EXPECT_TRUE(c > 0x20 && c < 0x7F);
    }
    EXPECT_EQ(decodeHeader(encoded), subject);
    // Text that looks like an encoded word is encoded, so that a reader shows it as written.
    EXPECT_EQ(decodeHeader(encodeUnstructured(QStringLiteral("=?UTF-8?B?SGk=?="), 9)),
              QStringLiteral("=?UTF-8?B?SGk=?="));
}

TEST(HeaderEncoding, DecodesQEncodingAndOtherCharsets) {
    EXPECT_EQ(decodeHeader("=?ISO-8859-1?Q?Andr=E9?= Pirard"), QStringLiteral("André Pirard"));
    EXPECT_EQ(decodeHeader("=?UTF-8?Q?a_b?= =?UTF-8?Q?c?="), QStringLiteral("a bc"));
    EXPECT_EQ(decodeHeader("=?nonsense?Q?x?="), QStringLiteral("=?nonsense?Q?x?="));
}

TEST(HeaderEncoding, DateIsRfc5322InUtc) {
    const QDateTime berlin(QDate(2026, 11, 28), QTime(15, 5, 1), QTimeZone("Europe/Berlin"));
    EXPECT_EQ(formatDate(berlin), QByteArray("Sat, 28 Nov 2026 14:05:01 +0000"));
}

TEST(Mailbox, ParsesTheUsualForms) {
    auto plain = parseMailbox(QStringLiteral("alice@example.com"));
    ASSERT_OK(plain);
    EXPECT_EQ(plain->address, QByteArray("alice@example.com"));
    EXPECT_EQ(plain->toHeader(), QByteArray("alice@example.com"));

    auto named = parseMailbox(QStringLiteral("\"Last, First\" <first.last@example.com>"));
    ASSERT_OK(named);
    EXPECT_EQ(named->displayName, QStringLiteral("Last, First"));
    EXPECT_EQ(named->toHeader(), QByteArray("\"Last, First\" <first.last@example.com>"));

    auto idn = parseMailbox(QStringLiteral("Jürgen <j@bücher.example>"));
    ASSERT_OK(idn);
    EXPECT_EQ(idn->address, QByteArray("j@xn--bcher-kva.example"));
    EXPECT_TRUE(idn->toHeader().startsWith("=?UTF-8?B?"));
}

TEST(Mailbox, RefusesWhatSmtpCannotCarry) {
    for (const char* bad : {"", "alice", "@example.com", "alice@", "a..b@example.com",
                            ".a@example.com", "a b@example.com", "a@exa mple.com", "a@-example.com",
                            "<a@example.com", "a@example.com>x"}) {
        auto parsed = parseMailbox(QString::fromUtf8(bad));
        ASSERT_FALSE(parsed.ok()) << bad;
        EXPECT_EQ(parsed.error().code, QByteArray("invalid_mail_address")) << bad;
        EXPECT_EQ(parsed.error().httpStatus, 400);
    }
    EXPECT_FALSE(
        parseMailbox(QStringLiteral("%1@example.com").arg(QString(65, QLatin1Char('a')))).ok());
}

TEST(MailComposer, WritesTheHeadersOfRfc5322) {
    auto mail = composeMail(resetMessage(), fixedDate());
    ASSERT_OK(mail);
    EXPECT_EQ(mail->envelopeFrom, QByteArray("no-reply@gatehouse.example"));
    EXPECT_EQ(mail->envelopeTo, QByteArray("alice@example.com"));
    EXPECT_TRUE(
        QString::fromLatin1(mail->messageId)
            .contains(QRegularExpression(QStringLiteral("^<[0-9a-f]{32}@gatehouse\\.example>$"))));
    const QByteArray data = mail->data;
    const QByteArray expectedHead = "Date: Sat, 28 Nov 2026 14:05:01 +0000\r\n"
                                    "From: Gatehouse <no-reply@gatehouse.example>\r\n"
                                    "To: alice@example.com\r\n"
                                    "Subject: Reset your password\r\n"
                                    "Message-ID: " +
                                    mail->messageId +
                                    "\r\n"
                                    "MIME-Version: 1.0\r\n"
                                    "Content-Type: text/plain; charset=utf-8\r\n"
                                    "Content-Transfer-Encoding: quoted-printable\r\n\r\n";
    EXPECT_TRUE(data.startsWith(expectedHead)) << data.constData();
    EXPECT_TRUE(data.endsWith("\r\n"));
    // CRLF everywhere, nothing but 7-bit, no line longer than 78.
    for (const QByteArray& line : lines(data)) {
        EXPECT_LE(line.size(), 79);
        if (!line.isEmpty()) {
            EXPECT_TRUE(line.endsWith('\r')) << line.constData();
        }
    }
    for (const char c : data)
        EXPECT_TRUE(static_cast<unsigned char>(c) < 0x80);
}

TEST(MailComposer, HtmlMakesMultipartAlternative) {
    MailMessage message = resetMessage();
    message.subject = QStringLiteral("Vérifiez votre adresse");
    message.textBody = QStringLiteral("Line one\n.\n..two\nbare\rCR");
    message.htmlBody =
        QStringLiteral("<p>Vérifiez <a href=\"https://x.example/?a=1&b=2\">ici</a></p>");
    auto mail = composeMail(message, fixedDate());
    ASSERT_OK(mail);
    const QString data = QString::fromLatin1(mail->data);
    const auto boundary =
        QRegularExpression(QStringLiteral("Content-Type: multipart/alternative;\r\n "
                                          "boundary=\"(=_gatehouse_[0-9a-f]+)\"\r\n"))
            .match(data);
    ASSERT_TRUE(boundary.hasMatch()) << data.toStdString();
    const QString delimiter = QStringLiteral("\r\n--") + boundary.captured(1);
    EXPECT_EQ(data.count(delimiter + QStringLiteral("\r\n")), 2);
    EXPECT_TRUE(data.endsWith(delimiter + QStringLiteral("--\r\n")));
    EXPECT_LT(data.indexOf(QStringLiteral("Content-Type: text/plain")),
              data.indexOf(QStringLiteral("Content-Type: text/html"))); // richest last
    EXPECT_TRUE(data.contains(QStringLiteral("Subject: =?UTF-8?B?")));
    for (const QString& line : data.split(QLatin1Char('\n')))
        EXPECT_LE(line.size(), 79) << line.toStdString();
    EXPECT_FALSE(data.contains(QLatin1Char('\r') + QStringLiteral("CR"))); // lone CR normalised

    auto parsed = parseMail(mail->data);
    ASSERT_OK(parsed);
    EXPECT_EQ(parsed->subject, message.subject);
    EXPECT_EQ(parsed->from, QStringLiteral("Gatehouse <no-reply@gatehouse.example>"));
    EXPECT_EQ(parsed->textBody, QStringLiteral("Line one\n.\n..two\nbare\nCR"));
    EXPECT_EQ(parsed->htmlBody, message.htmlBody);
}

TEST(MailComposer, RefusesHeaderInjection) {
    for (auto change : std::initializer_list<void (*)(MailMessage&)>{
             [](MailMessage& m) { m.subject = QStringLiteral("Hi\r\nBcc: victim@example.com"); },
             [](MailMessage& m) { m.subject = QStringLiteral("Hi\nBcc: victim@example.com"); },
             [](MailMessage& m) { m.to = QStringLiteral("a@example.com\r\nBcc: b@example.com"); },
             [](MailMessage& m) { m.from = QStringLiteral("x@example.com\rBcc: b@example.com"); },
             [](MailMessage& m) {
                 m.subject = QStringLiteral("nul") + QChar(0);
             }}) {
        MailMessage message = resetMessage();
        change(message);
        auto mail = composeMail(message, fixedDate());
        ASSERT_FALSE(mail.ok());
        EXPECT_EQ(mail.error().code, QByteArray("invalid_mail_header"));
        EXPECT_EQ(mail.error().httpStatus, 400);
    }
}
