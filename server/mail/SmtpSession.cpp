#include "mail/SmtpSession.h"

#include "mail/MailError.h"
#include "mail/QuotedPrintable.h"

#include <QHostAddress>
#include <QSslConfiguration>
#include <QSslSocket>

namespace gatehouse::mail {
namespace {

constexpr qsizetype maxReplyLine = 4096; // RFC 5321 §4.5.3.1.5 says 512; relays exceed it
constexpr qsizetype maxReplyLines = 100;

// RFC 5321 §4.1.3: a host without a name we can vouch for greets with its address literal.
QByteArray addressLiteral(const QHostAddress& address) {
    QHostAddress plain = address;
    bool isV4 = false;
    const quint32 v4 = plain.toIPv4Address(&isV4);
    if (isV4)
        return '[' + QHostAddress(v4).toString().toLatin1() + ']';
    plain.setScopeId({});
    return "[IPv6:" + plain.toString().toLatin1() + ']';
}

} // namespace

QByteArray smtpDataBlock(const QByteArray& message) {
    const QByteArray normalised = toCrlf(message);
    QByteArray out;
    out.reserve(normalised.size() + normalised.size() / 64 + 5);
    bool lineStart = true;
    for (const char c : normalised) {
        if (lineStart && c == '.')
            out.append('.');
        out.append(c);
        lineStart = c == '\n';
    }
    if (!out.isEmpty() && !out.endsWith("\r\n"))
        out.append("\r\n");
    out.append(".\r\n");
    return out;
}

QString SmtpSession::Reply::text() const {
    QStringList parts;
    for (const QByteArray& line : lines)
        parts.append(QString::fromUtf8(line).trimmed());
    return QString::number(code) + QLatin1Char(' ') + parts.join(QLatin1Char(' '));
}

SmtpSession::SmtpSession(const config::MailConfig& config, QList<QSslCertificate> caCertificates,
                         ComposedMail mail, std::function<void(Result<void>)> done)
    : m_config(config)
    , m_caCertificates(std::move(caCertificates))
    , m_mail(std::move(mail))
    , m_done(std::move(done))
    , m_socket(new QSslSocket(this)) {
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, &SmtpSession::onTimeout);
    connect(m_socket, &QSslSocket::readyRead, this, &SmtpSession::onReadyRead);
    connect(m_socket, &QSslSocket::encrypted, this, &SmtpSession::onEncrypted);
    connect(m_socket, &QSslSocket::errorOccurred, this, &SmtpSession::onSocketError);
    connect(m_socket, &QSslSocket::disconnected, this, &SmtpSession::onDisconnected);
    connect(m_socket, &QSslSocket::sslErrors, this,
            [this](const QList<QSslError>& errors) { m_sslErrors = errors; });
}

SmtpSession::~SmtpSession() {
    m_socket->disconnect(this);
    if (!m_finished && m_done)
        m_done(mailUnavailable(QStringLiteral("sending was cancelled")));
}

void SmtpSession::start() {
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.addCaCertificates(m_caCertificates);
    tls.setProtocol(QSsl::TlsV1_2OrLater); // RFC 8314 §4.1
    tls.setPeerVerifyMode(QSslSocket::VerifyPeer);
    m_socket->setSslConfiguration(tls);
    m_socket->setPeerVerifyName(m_config.smtpHost);
    m_deadline.start(m_config.smtpTimeout);
    if (m_config.smtpTls == config::SmtpTls::Implicit)
        m_socket->connectToHostEncrypted(m_config.smtpHost, m_config.smtpPort);
    else
        m_socket->connectToHost(m_config.smtpHost, m_config.smtpPort);
}

void SmtpSession::onReadyRead() {
    m_buffer += m_socket->readAll();
    while (!m_closing) {
        const qsizetype end = m_buffer.indexOf('\n');
        if (end < 0) {
            if (m_buffer.size() > maxReplyLine)
                finish(mailUnavailable(QStringLiteral("the mail server sent an overlong line")));
            return;
        }
        QByteArray line = m_buffer.left(end);
        m_buffer.remove(0, end + 1);
        if (line.endsWith('\r'))
            line.chop(1);
        bool numeric = false;
        const int code = line.left(3).toInt(&numeric);
        const char separator = line.size() > 3 ? line[3] : ' ';
        if (!numeric || code < 200 || code > 599 || (separator != ' ' && separator != '-') ||
            (m_pending.code != 0 && m_pending.code != code) ||
            m_pending.lines.size() >= maxReplyLines || line.size() > maxReplyLine) {
            finish(mailUnavailable(QStringLiteral("the mail server sent a malformed reply: %1")
                                       .arg(redact(QString::fromUtf8(line.left(200))))));
            return;
        }
        m_pending.code = code;
        m_pending.lines.append(line.mid(4));
        if (separator == '-')
            continue;
        const Reply reply = std::exchange(m_pending, Reply{});
        handle(reply);
    }
}

void SmtpSession::handle(const Reply& reply) {
    if (m_step == Step::Quit) {
        close();
        return;
    }
    if (reply.code == 421) { // §3.8: the server is closing the channel
        finish(mailUnavailable(
            QStringLiteral("the mail server closed the session: %1").arg(redact(reply.text()))));
        return;
    }
    switch (m_step) {
    case Step::Greeting:
        if (reply.code != 220)
            return rejected("the connection", reply);
        return command("EHLO " + addressLiteral(m_socket->localAddress()), Step::Ehlo);
    case Step::Ehlo:
        if (reply.code != 250)
            return rejected("EHLO", reply);
        return afterEhlo(reply);
    case Step::StartTls:
        if (reply.code != 220)
            return rejected("STARTTLS", reply);
        // RFC 3207 §4.2 and CVE-2011-0411: nothing read before the handshake may be taken as a
        // reply after it, and what EHLO said before TLS is forgotten.
        m_buffer.clear();
        m_extensions.clear();
        m_socket->startClientEncryption();
        return;
    case Step::AuthPlain:
    case Step::AuthLoginDone:
        if (reply.code != 235)
            return rejected("the credentials", reply);
        return command("MAIL FROM:<" + m_mail.envelopeFrom + '>', Step::MailFrom);
    case Step::AuthLoginUser:
        if (reply.code != 334)
            return rejected("AUTH LOGIN", reply);
        return command(m_config.smtpUsername.toUtf8().toBase64(), Step::AuthLoginPassword);
    case Step::AuthLoginPassword:
        if (reply.code != 334)
            return rejected("the user name", reply);
        return command(m_config.smtpPassword.toUtf8().toBase64(), Step::AuthLoginDone);
    case Step::MailFrom:
        if (reply.code != 250)
            return rejected("the sender", reply);
        return command("RCPT TO:<" + m_mail.envelopeTo + '>', Step::RcptTo);
    case Step::RcptTo:
        if (reply.code != 250 && reply.code != 251)
            return rejected("the recipient", reply);
        return command("DATA", Step::Data);
    case Step::Data:
        if (reply.code != 354)
            return rejected("DATA", reply);
        m_socket->write(smtpDataBlock(m_mail.data));
        m_step = Step::Message;
        return;
    case Step::Message:
        if (reply.code != 250)
            return rejected("the message", reply);
        finish({});
        return;
    case Step::Quit:
        break;
    }
}

void SmtpSession::afterEhlo(const Reply& reply) {
    m_extensions.clear();
    for (qsizetype i = 1; i < reply.lines.size(); ++i)
        m_extensions.append(reply.lines[i].trimmed().toUpper());
    const bool encrypted = m_socket->isEncrypted();
    if (m_config.smtpTls == config::SmtpTls::StartTls && !encrypted) {
        if (!m_extensions.contains("STARTTLS")) {
            finish(mailUnavailable(QStringLiteral("the mail server %1 does not offer STARTTLS, "
                                                  "which [mail] smtp_tls = starttls requires")
                                       .arg(m_config.smtpHost)));
            return;
        }
        command("STARTTLS", Step::StartTls);
        return;
    }
    if (!m_config.smtpUsername.isEmpty()) {
        startAuthentication();
        return;
    }
    command("MAIL FROM:<" + m_mail.envelopeFrom + '>', Step::MailFrom);
}

// RFC 4954: PLAIN (RFC 4616) in one round trip when offered, else the older LOGIN.
void SmtpSession::startAuthentication() {
    if (!m_socket->isEncrypted()) {
        finish(mailUnavailable(QStringLiteral("refusing to send SMTP credentials without TLS")));
        return;
    }
    QList<QByteArray> mechanisms;
    for (const QByteArray& extension : std::as_const(m_extensions)) {
        // "AUTH=" is how some older servers spelled it.
        if (extension.startsWith("AUTH ") || extension.startsWith("AUTH="))
            mechanisms += extension.mid(5).split(' ');
    }
    if (mechanisms.contains("PLAIN")) {
        const QByteArray credentials =
            '\0' + m_config.smtpUsername.toUtf8() + '\0' + m_config.smtpPassword.toUtf8();
        command("AUTH PLAIN " + credentials.toBase64(), Step::AuthPlain);
    } else if (mechanisms.contains("LOGIN")) {
        command("AUTH LOGIN", Step::AuthLoginUser);
    } else {
        finish(mailUnavailable(
            QStringLiteral("the mail server %1 offers neither AUTH PLAIN nor AUTH LOGIN")
                .arg(m_config.smtpHost)));
    }
}

void SmtpSession::command(const QByteArray& line, Step next) {
    m_step = next;
    m_socket->write(line + "\r\n");
}

void SmtpSession::rejected(const char* what, const Reply& reply) {
    finish(mailRejected(QStringLiteral("the mail server %1 refused %2: %3")
                            .arg(m_config.smtpHost, QLatin1String(what), redact(reply.text()))));
}

void SmtpSession::onEncrypted() {
    if (m_step == Step::StartTls)
        command("EHLO " + addressLiteral(m_socket->localAddress()), Step::Ehlo);
}

void SmtpSession::onSocketError() {
    if (m_finished) {
        close();
        return;
    }
    QString why = m_socket->errorString();
    if (!m_sslErrors.isEmpty()) {
        QStringList errors;
        for (const QSslError& error : std::as_const(m_sslErrors))
            errors.append(error.errorString());
        why = QStringLiteral("TLS: ") + errors.join(QStringLiteral("; "));
    }
    finish(mailUnavailable(QStringLiteral("cannot talk to the mail server %1:%2 (%3): %4")
                               .arg(m_config.smtpHost)
                               .arg(m_config.smtpPort)
                               .arg(stepName(), why)));
}

void SmtpSession::onDisconnected() {
    if (!m_finished)
        finish(mailUnavailable(QStringLiteral("the mail server %1 closed the connection (%2)")
                                   .arg(m_config.smtpHost, stepName())));
    close();
}

void SmtpSession::onTimeout() {
    if (!m_finished)
        finish(mailUnavailable(QStringLiteral("no answer from the mail server %1:%2 within %3 ms "
                                              "(%4)")
                                   .arg(m_config.smtpHost)
                                   .arg(m_config.smtpPort)
                                   .arg(m_config.smtpTimeout.count())
                                   .arg(stepName())));
    close();
}

// Reports once. After a success, and after a refusal on a usable connection, the session still
// says QUIT (§4.1.1.10) before it closes.
void SmtpSession::finish(Result<void> result) {
    if (m_finished) { // a second failure, e.g. while saying QUIT: nothing more to report
        close();
        return;
    }
    m_finished = true;
    const bool usable = m_socket->state() == QAbstractSocket::ConnectedState &&
                        (m_config.smtpTls != config::SmtpTls::Implicit || m_socket->isEncrypted());
    auto done = std::exchange(m_done, nullptr);
    done(std::move(result));
    if (usable && m_step != Step::StartTls) {
        // Its reply or the server hanging up closes the session; the deadline still runs.
        command("QUIT", Step::Quit);
    } else {
        close();
    }
}

void SmtpSession::close() {
    if (m_closing)
        return;
    m_closing = true;
    m_deadline.stop();
    m_socket->disconnect(this);
    m_socket->abort();
    deleteLater();
}

QString SmtpSession::redact(QString text) const {
    const QString mask = QStringLiteral("[redacted]");
    const QByteArray user = m_config.smtpUsername.toUtf8();
    const QByteArray password = m_config.smtpPassword.toUtf8();
    if (!password.isEmpty()) {
        text.replace(m_config.smtpPassword, mask);
        text.replace(QString::fromLatin1(password.toBase64()), mask);
        const QByteArray plain = '\0' + user + '\0' + password;
        text.replace(QString::fromLatin1(plain.toBase64()), mask);
    }
    return text;
}

QString SmtpSession::stepName() const {
    switch (m_step) {
    case Step::Greeting:
        return m_socket->state() == QAbstractSocket::ConnectedState
                   ? QStringLiteral("waiting for the greeting")
                   : QStringLiteral("connecting");
    case Step::Ehlo:
        return QStringLiteral("after EHLO");
    case Step::StartTls:
        return QStringLiteral("during STARTTLS");
    case Step::AuthPlain:
    case Step::AuthLoginUser:
    case Step::AuthLoginPassword:
    case Step::AuthLoginDone:
        return QStringLiteral("during AUTH");
    case Step::MailFrom:
        return QStringLiteral("after MAIL FROM");
    case Step::RcptTo:
        return QStringLiteral("after RCPT TO");
    case Step::Data:
        return QStringLiteral("after DATA");
    case Step::Message:
        return QStringLiteral("after the message");
    case Step::Quit:
        break;
    }
    return QStringLiteral("after QUIT");
}

} // namespace gatehouse::mail
