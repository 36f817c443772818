#include "mail/SmtpSender.h"
#include "ScriptedSmtpServer.h"
#include "crypto/Certificate.h"
#include "mail/MailParser.h"
#include "mail/SmtpSession.h"
#include "support/ResultAssertions.h"

#include <QElapsedTimer>
#include <QSslKey>
#include <QTemporaryDir>
#include <QTest>
#include <gtest/gtest.h>

using namespace std::chrono_literals;
using namespace gatehouse;
using namespace gatehouse::mail;
using namespace gatehouse::mail::test;

namespace {

// One self-signed certificate for localhost and 127.0.0.1 for the whole suite, written where the
// client's [mail] smtp_ca_file can point at it.
struct TestCertificate {
    QTemporaryDir dir;
    QString caFile;
    QSslConfiguration serverTls;
};

const TestCertificate& certificate() {
    static const auto* made = [] {
        auto* made = new TestCertificate;
        auto generated = crypto::generateSelfSignedCertificate({});
        EXPECT_TRUE(generated.ok());
        made->caFile = made->dir.filePath(QStringLiteral("relay-ca.pem"));
        QFile file(made->caFile);
        EXPECT_TRUE(file.open(QIODevice::WriteOnly));
        file.write(generated->certificatePem);
        made->serverTls = QSslConfiguration::defaultConfiguration();
        made->serverTls.setLocalCertificate(QSslCertificate(generated->certificatePem));
        made->serverTls.setPrivateKey(QSslKey(generated->privateKeyPem, QSsl::Ec));
        made->serverTls.setPeerVerifyMode(QSslSocket::VerifyNone);
        return made;
    }();
    return *made;
}

config::MailConfig clientConfig(const ScriptedSmtpServer& server, config::SmtpTls tls) {
    config::MailConfig config;
    config.sender = config::MailSenderKind::Smtp;
    config.smtpHost = QStringLiteral("localhost");
    config.smtpPort = server.serverPort();
    config.smtpTls = tls;
    config.smtpCaFile = certificate().caFile;
    config.smtpTimeout = 10s;
    config.from = QStringLiteral("Gatehouse <no-reply@gatehouse.example>");
    return config;
}

MailMessage resetMessage() {
    MailMessage message;
    message.to = QStringLiteral("alice@example.com");
    message.subject = QStringLiteral("Passwort zurücksetzen");
    message.textBody = QStringLiteral("Reset: https://gatehouse.example/u/reset?t=abc\n.\n..two\n"
                                      "bare LF\nand a bare CR\rend\n");
    message.htmlBody = QStringLiteral("<p><a href=\"https://gatehouse.example/u/reset?t=abc\">"
                                      "Reset</a></p>\n.\n");
    return message;
}

Result<void> sendAndWait(SmtpSender& sender, MailMessage message, int timeoutMs = 15000) {
    std::optional<Result<void>> outcome;
    int calls = 0;
    sender.send(std::move(message), [&](Result<void> result) {
        ++calls;
        outcome = result;
    });
    EXPECT_FALSE(outcome.has_value()) << "the callback ran inside send()";
    EXPECT_TRUE(QTest::qWaitFor([&] { return outcome.has_value(); }, timeoutMs));
    QTest::qWait(50); // a second callback would show here
    EXPECT_EQ(calls, 1);
    return outcome.value_or(Error::internal(QStringLiteral("no callback")));
}

QList<QByteArray> verbs(const SmtpTransaction& transaction) {
    QList<QByteArray> out;
    for (const QByteArray& command : transaction.commands)
        out.append(command.split(' ').mid(0, 2).join(' ').toUpper());
    return out;
}

} // namespace

TEST(SmtpDataBlock, DotStuffsAndNormalisesLineEnds) {
    EXPECT_EQ(smtpDataBlock("a\r\n.\r\n..b\r\n"), QByteArray("a\r\n..\r\n...b\r\n.\r\n"));
    EXPECT_EQ(smtpDataBlock(".lead\nbare\rcr"), QByteArray("..lead\r\nbare\r\ncr\r\n.\r\n"));
}

TEST(SmtpSender, DeliversOverPlaintextToALoopbackRelay) {
    ScriptedSmtpServer server({});
    ASSERT_TRUE(server.start());
    config::MailConfig config = clientConfig(server, config::SmtpTls::None);
    config.smtpHost = QStringLiteral("127.0.0.1");
    SmtpSender sender(config);
    ASSERT_OK(sendAndWait(sender, resetMessage()));
    EXPECT_TRUE(QTest::qWaitFor([&] { return server.transactions().value(0).quit; }, 2000));

    ASSERT_EQ(server.transactions().size(), 1);
    const SmtpTransaction& transaction = server.transactions()[0];
    EXPECT_EQ(verbs(transaction),
              (QList<QByteArray>{"EHLO [127.0.0.1]", "MAIL FROM:<NO-REPLY@GATEHOUSE.EXAMPLE>",
                                 "RCPT TO:<ALICE@EXAMPLE.COM>", "DATA", "QUIT"}));
    EXPECT_EQ(transaction.mailFrom, QByteArray("no-reply@gatehouse.example"));
    EXPECT_EQ(transaction.rcptTo, QList<QByteArray>{"alice@example.com"});
    EXPECT_TRUE(transaction.quit);
    // Lines that start with a dot travel with a second one and arrive as written.
    EXPECT_TRUE(transaction.rawData.contains("\r\n..\r\n...two\r\n"));
    EXPECT_TRUE(transaction.rawData.endsWith("\r\n.\r\n"));
    auto delivered = parseMail(transaction.data);
    ASSERT_OK(delivered);
    EXPECT_EQ(delivered->subject, QStringLiteral("Passwort zurücksetzen"));
    EXPECT_EQ(delivered->from, QStringLiteral("Gatehouse <no-reply@gatehouse.example>"));
    EXPECT_EQ(delivered->textBody,
              QStringLiteral("Reset: https://gatehouse.example/u/reset?t=abc\n.\n..two\n"
                             "bare LF\nand a bare CR\nend\n"));
    EXPECT_EQ(delivered->htmlBody, resetMessage().htmlBody);
}

TEST(SmtpSender, StartTlsThenAuthPlain) {
    SmtpScript script;
    script.tls = certificate().serverTls;
    script.offerStartTls = true;
    script.authMechanisms = {"LOGIN", "PLAIN"};
    script.user = "mailer";
    script.password = "s3cret pass";
    ScriptedSmtpServer server(script);
    ASSERT_TRUE(server.start());
    config::MailConfig config = clientConfig(server, config::SmtpTls::StartTls);
    config.smtpUsername = QStringLiteral("mailer");
    config.smtpPassword = QStringLiteral("s3cret pass");
    SmtpSender sender(config);
    ASSERT_OK(sendAndWait(sender, resetMessage()));

    const SmtpTransaction& transaction = server.transactions().value(0);
    const QList<QByteArray> sequence = verbs(transaction);
    ASSERT_GE(sequence.size(), 7) << sequence.join(' ').constData();
    EXPECT_TRUE(sequence[0].startsWith("EHLO"));
    EXPECT_EQ(sequence[1], QByteArray("STARTTLS"));
    EXPECT_TRUE(sequence[2].startsWith("EHLO")); // RFC 3207 §4.2: ask again under TLS
    EXPECT_EQ(sequence[3], QByteArray("AUTH PLAIN"));
    EXPECT_EQ(transaction.authUser, QByteArray("mailer"));
    EXPECT_EQ(transaction.authPassword, QByteArray("s3cret pass"));
    EXPECT_TRUE(transaction.tlsBeforeMailFrom);
    EXPECT_TRUE(transaction.completed);
}

// A man in the middle can append plaintext after the 220 to STARTTLS; the client must not take
// it as the server's answer once TLS is up (RFC 3207 §4.2, CVE-2011-0411).
TEST(SmtpSender, PlaintextBehindStartTlsIsDiscarded) {
    SmtpScript script;
    script.tls = certificate().serverTls;
    script.offerStartTls = true;
    script.injectAfterStartTls = true;
    ScriptedSmtpServer server(script);
    ASSERT_TRUE(server.start());
    SmtpSender sender(clientConfig(server, config::SmtpTls::StartTls));
    ASSERT_OK(sendAndWait(sender, resetMessage()));
    EXPECT_TRUE(server.transactions().value(0).completed);
}

TEST(SmtpSender, AuthLoginWhenPlainIsNotOffered) {
    SmtpScript script;
    script.tls = certificate().serverTls;
    script.offerStartTls = true;
    script.authMechanisms = {"LOGIN"};
    script.user = "mailer@example.com";
    script.password = "pässword";
    ScriptedSmtpServer server(script);
    ASSERT_TRUE(server.start());
    config::MailConfig config = clientConfig(server, config::SmtpTls::StartTls);
    config.smtpUsername = QStringLiteral("mailer@example.com");
    config.smtpPassword = QStringLiteral("pässword");
    SmtpSender sender(config);
    ASSERT_OK(sendAndWait(sender, resetMessage()));
    const SmtpTransaction& transaction = server.transactions().value(0);
    EXPECT_TRUE(verbs(transaction).contains("AUTH LOGIN"));
    EXPECT_EQ(transaction.authPassword, QStringLiteral("pässword").toUtf8());
    EXPECT_TRUE(transaction.completed);
}

TEST(SmtpSender, ImplicitTlsOnTheFirstByte) {
    SmtpScript script;
    script.tls = certificate().serverTls;
    script.implicitTls = true;
    script.authMechanisms = {"PLAIN"};
    script.user = "u";
    script.password = "p";
    ScriptedSmtpServer server(script);
    ASSERT_TRUE(server.start());
    config::MailConfig config = clientConfig(server, config::SmtpTls::Implicit);
    config.smtpHost = QStringLiteral("127.0.0.1"); // the certificate names the address too
    config.smtpUsername = QStringLiteral("u");
    config.smtpPassword = QStringLiteral("p");
    SmtpSender sender(config);
    ASSERT_OK(sendAndWait(sender, resetMessage()));
    EXPECT_TRUE(server.transactions().value(0).tlsBeforeMailFrom);
    EXPECT_FALSE(verbs(server.transactions().value(0)).contains("STARTTLS"));
}

TEST(SmtpSender, StartTlsRequiredButNotOfferedSendsNothing) {
    SmtpScript script;
    script.authMechanisms = {"PLAIN"};
    script.authWithoutTls = true; // a relay that would take the password in the clear
    ScriptedSmtpServer server(script);
    ASSERT_TRUE(server.start());
    config::MailConfig config = clientConfig(server, config::SmtpTls::StartTls);
    config.smtpUsername = QStringLiteral("mailer");
    config.smtpPassword = QStringLiteral("secret");
    SmtpSender sender(config);
    auto result = sendAndWait(sender, resetMessage());
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, QByteArray("mail_unavailable"));
    EXPECT_EQ(result.error().httpStatus, 503);
    EXPECT_TRUE(result.error().message.contains(QStringLiteral("STARTTLS")));
    const QList<QByteArray> sequence = verbs(server.transactions().value(0));
    EXPECT_FALSE(sequence.contains("AUTH PLAIN"));
    EXPECT_FALSE(sequence.join(' ').contains("MAIL FROM"));
}

TEST(SmtpSender, UntrustedCertificateIsRefused) {
    SmtpScript script;
    script.tls = certificate().serverTls;
    script.offerStartTls = true;
    ScriptedSmtpServer server(script);
    ASSERT_TRUE(server.start());
    config::MailConfig config = clientConfig(server, config::SmtpTls::StartTls);
    config.smtpCaFile.clear();
    SmtpSender sender(config);
    auto result = sendAndWait(sender, resetMessage());
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, QByteArray("mail_unavailable"));
    EXPECT_TRUE(result.error().message.contains(QStringLiteral("TLS")))
        << result.error().message.toStdString();
    EXPECT_FALSE(verbs(server.transactions().value(0)).join(' ').contains("MAIL FROM"));
}

TEST(SmtpSender, CertificateForAnotherNameIsRefused) {
    SmtpScript script;
    script.tls = certificate().serverTls;
    script.implicitTls = true;
    ScriptedSmtpServer server(script);
    ASSERT_TRUE(server.start());
    config::MailConfig config = clientConfig(server, config::SmtpTls::Implicit);
    config.smtpHost = QStringLiteral("127.0.0.2"); // loopback, but not a name on the certificate
    SmtpSender sender(config);
    auto result = sendAndWait(sender, resetMessage());
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, QByteArray("mail_unavailable"));
}

TEST(SmtpSender, RejectedRecipientIsMailRejectedWithTheReply) {
    SmtpScript script;
    script.rcptReply = "550 5.1.1 <nobody@example.com>: Recipient address rejected";
    ScriptedSmtpServer server(script);
    ASSERT_TRUE(server.start());
    SmtpSender sender(clientConfig(server, config::SmtpTls::None));
    MailMessage message = resetMessage();
    message.to = QStringLiteral("nobody@example.com");
    auto result = sendAndWait(sender, message);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, QByteArray("mail_rejected"));
    EXPECT_EQ(result.error().httpStatus, 502);
    EXPECT_TRUE(result.error().message.contains(
        QStringLiteral("550 5.1.1 <nobody@example.com>: Recipient address rejected")))
        << result.error().message.toStdString();
    EXPECT_TRUE(QTest::qWaitFor([&] { return server.transactions().value(0).quit; }, 2000));
    EXPECT_FALSE(verbs(server.transactions().value(0)).contains("DATA"));
    EXPECT_TRUE(server.transactions().value(0).quit); // still polite
}

TEST(SmtpSender, FailedAuthenticationNeverEchoesTheCredentials) {
    SmtpScript script;
    script.tls = certificate().serverTls;
    script.offerStartTls = true;
    script.authMechanisms = {"PLAIN"};
    script.user = "mailer";
    script.password = "right";
    ScriptedSmtpServer server(script);
    ASSERT_TRUE(server.start());
    config::MailConfig config = clientConfig(server, config::SmtpTls::StartTls);
    config.smtpUsername = QStringLiteral("mailer");
    config.smtpPassword = QStringLiteral("wrong-Pa55");
    SmtpSender sender(config);
    auto result = sendAndWait(sender, resetMessage());
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, QByteArray("mail_rejected"));
    EXPECT_TRUE(result.error().message.contains(QStringLiteral("535 5.7.8")));
    EXPECT_FALSE(result.error().message.contains(QStringLiteral("wrong-Pa55")))
        << result.error().message.toStdString();
    EXPECT_TRUE(result.error().message.contains(QStringLiteral("[redacted]")));
}

TEST(SmtpSender, SilentServerTimesOut) {
    for (const QByteArray& stall : {QByteArray("greeting"), QByteArray("message")}) {
        SmtpScript script;
        script.stallOn = stall;
        ScriptedSmtpServer server(script);
        ASSERT_TRUE(server.start());
        config::MailConfig config = clientConfig(server, config::SmtpTls::None);
        config.smtpTimeout = 400ms;
        SmtpSender sender(config);
        QElapsedTimer timer;
        timer.start();
        auto result = sendAndWait(sender, resetMessage());
        ASSERT_FALSE(result.ok()) << stall.constData();
        EXPECT_EQ(result.error().code, QByteArray("mail_unavailable"));
        EXPECT_TRUE(result.error().message.contains(QStringLiteral("within 400 ms")))
            << result.error().message.toStdString();
        EXPECT_GE(timer.elapsed(), 350);
        EXPECT_LT(timer.elapsed(), 5000);
    }
}

TEST(SmtpSender, NothingListeningIsMailUnavailable) {
    quint16 port = 0;
    {
        QTcpServer probe;
        ASSERT_TRUE(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    }
    config::MailConfig config;
    config.sender = config::MailSenderKind::Smtp;
    config.smtpHost = QStringLiteral("127.0.0.1");
    config.smtpPort = port;
    config.smtpTls = config::SmtpTls::None;
    SmtpSender sender(config);
    auto result = sendAndWait(sender, resetMessage());
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, QByteArray("mail_unavailable"));
    EXPECT_TRUE(result.error().message.contains(QStringLiteral("127.0.0.1:%1").arg(port)));
}

TEST(SmtpSender, HeaderInjectionIsRefusedBeforeConnecting) {
    ScriptedSmtpServer server({});
    ASSERT_TRUE(server.start());
    SmtpSender sender(clientConfig(server, config::SmtpTls::None));
    MailMessage message = resetMessage();
    message.to = QStringLiteral("alice@example.com\r\nRCPT TO:<bob@example.com>");
    auto result = sendAndWait(sender, message);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, QByteArray("invalid_mail_header"));
    EXPECT_TRUE(server.transactions().isEmpty());
}

TEST(SmtpSender, UnusableConfigurationFailsEverySend) {
    ScriptedSmtpServer server({});
    ASSERT_TRUE(server.start());
    config::MailConfig plaintextPassword = clientConfig(server, config::SmtpTls::None);
    plaintextPassword.smtpUsername = QStringLiteral("mailer");
    config::MailConfig missingCa = clientConfig(server, config::SmtpTls::StartTls);
    missingCa.smtpCaFile = QStringLiteral("/nonexistent/ca.pem");
    for (const config::MailConfig& config : {plaintextPassword, missingCa}) {
        SmtpSender sender(config);
        auto result = sendAndWait(sender, resetMessage());
        ASSERT_FALSE(result.ok());
        EXPECT_EQ(result.error().code, QByteArray("invalid_config"));
    }
    EXPECT_TRUE(server.transactions().isEmpty());
}
