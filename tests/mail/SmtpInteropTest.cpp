#include "mail/MailParser.h"
#include "mail/SmtpSender.h"
#include "support/ResultAssertions.h"

#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <gtest/gtest.h>

using namespace std::chrono_literals;
using namespace gatehouse;
using namespace gatehouse::mail;

namespace {

// Python 3.11's smtpd (deprecated, still shipped by Debian 12) as a third-party SMTP server:
// DebuggingServer prints every message it accepts between these two lines.
constexpr char messageStart[] = "---------- MESSAGE FOLLOWS ----------";
constexpr char messageEnd[] = "------------ END MESSAGE ------------";

quint16 freePort() {
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

// DebuggingServer prints each line of the message as a Python bytes literal: b'...'.
QByteArray fromBytesLiteral(const QByteArray& literal) {
    if (literal.size() < 3 || !literal.startsWith('b'))
        return literal;
    const QByteArray inner = literal.mid(2, literal.size() - 3);
    QByteArray out;
    for (qsizetype i = 0; i < inner.size(); ++i) {
        if (inner[i] != '\\' || i + 1 == inner.size()) {
            out.append(inner[i]);
            continue;
        }
        const char escaped = inner[++i];
        if (escaped == 'x') {
            out.append(char(inner.mid(i + 1, 2).toInt(nullptr, 16)));
            i += 2;
        } else if (escaped == 'r') {
            out.append('\r');
        } else if (escaped == 'n') {
            out.append('\n');
        } else if (escaped == 't') {
            out.append('\t');
        } else {
            out.append(escaped); // \\ \' \"
        }
    }
    return out;
}

bool accepting(quint16 port) {
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    const bool connected = socket.waitForConnected(200);
    socket.abort();
    return connected;
}

} // namespace

TEST(SmtpInterop, PythonSmtpdAcceptsAndUnstuffsTheMessage) {
    const quint16 port = freePort();
    ASSERT_NE(port, 0);
    QProcess smtpd;
    smtpd.setProcessChannelMode(QProcess::SeparateChannels);
    smtpd.start(QStringLiteral("/usr/bin/python3"),
                {QStringLiteral("-u"), QStringLiteral("-W"), QStringLiteral("ignore"),
                 QStringLiteral("-m"), QStringLiteral("smtpd"), QStringLiteral("-n"),
                 QStringLiteral("-c"), QStringLiteral("DebuggingServer"),
                 QStringLiteral("127.0.0.1:%1").arg(port)});
    ASSERT_TRUE(smtpd.waitForStarted(10000)) << smtpd.errorString().toStdString();
    ASSERT_TRUE(QTest::qWaitFor(
        [&] { return smtpd.state() != QProcess::Running || accepting(port); }, 15000));
    ASSERT_EQ(smtpd.state(), QProcess::Running)
        << "python3 -m smtpd did not start: " << smtpd.readAllStandardError().toStdString();

    config::MailConfig config;
    config.sender = config::MailSenderKind::Smtp;
    config.smtpHost = QStringLiteral("127.0.0.1");
    config.smtpPort = port;
    config.smtpTls = config::SmtpTls::None;
    config.smtpTimeout = 15s;
    SmtpSender sender(config);
    MailMessage message;
    message.from = QStringLiteral("Gatehouse <no-reply@gatehouse.example>");
    message.to = QStringLiteral("Ærøskøbing <bob@example.com>");
    message.subject = QStringLiteral("Verify your address — Vérifiez");
    message.textBody = QStringLiteral("Open https://gatehouse.example/verify?t=xyz\n.\n.hidden\n");
    std::optional<Result<void>> outcome;
    sender.send(message, [&outcome](Result<void> result) { outcome = result; });
    ASSERT_TRUE(QTest::qWaitFor([&] { return outcome.has_value(); }, 20000));
    ASSERT_OK(*outcome);

    QByteArray printed;
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            printed += smtpd.readAllStandardOutput();
            return printed.contains(messageEnd);
        },
        10000))
        << printed.constData();
    smtpd.terminate();
    smtpd.waitForFinished(5000);

    const qsizetype start = printed.indexOf(messageStart) + qstrlen(messageStart) + 1;
    QByteArray received;
    for (const QByteArray& line :
         printed.mid(start, printed.indexOf(messageEnd) - start).trimmed().split('\n'))
        received += fromBytesLiteral(line.trimmed()) + '\n';
    // The server adds its own trace header; the rest is our message, unstuffed by smtpd.
    EXPECT_TRUE(received.contains("\nX-Peer: 127.0.0.1\n"));
    EXPECT_TRUE(received.contains("\n.\n.hidden\n")) << received.constData();
    auto parsed = parseMail(received);
    ASSERT_OK(parsed);
    EXPECT_EQ(parsed->subject, message.subject);
    EXPECT_EQ(parsed->to, message.to);
    EXPECT_EQ(parsed->textBody, message.textBody);
}
