#include "config/MailConfig.h"

#include <QHostAddress>

namespace gatehouse::config {
namespace {

Error invalid(const QString& message) {
    return Error::badRequest(QByteArrayLiteral("invalid_config"), message);
}

} // namespace

Result<void> MailConfig::validate() const {
    if (from.contains(QLatin1Char('\r')) || from.contains(QLatin1Char('\n')))
        return invalid(QStringLiteral("[mail] from: must be one line"));
    if (sender != MailSenderKind::Smtp)
        return {};
    if (smtpHost.isEmpty())
        return invalid(QStringLiteral("[mail] smtp_host: required when [mail] sender = smtp"));
    if (smtpTls == SmtpTls::None && !isLoopbackHost(smtpHost))
        return invalid(QStringLiteral("[mail] smtp_tls: 'none' sends mail in plaintext and is only "
                                      "allowed towards a loopback host, not '%1'")
                           .arg(smtpHost));
    if (smtpTls == SmtpTls::None && !smtpUsername.isEmpty())
        return invalid(QStringLiteral("[mail] smtp_username: credentials are only sent over TLS; "
                                      "set [mail] smtp_tls to starttls or implicit"));
    return {};
}

QString toString(MailSenderKind kind) {
    return kind == MailSenderKind::Smtp ? QStringLiteral("smtp") : QStringLiteral("outbox");
}

QString toString(SmtpTls tls) {
    switch (tls) {
    case SmtpTls::StartTls:
        return QStringLiteral("starttls");
    case SmtpTls::Implicit:
        return QStringLiteral("implicit");
    case SmtpTls::None:
        break;
    }
    return QStringLiteral("none");
}

bool isLoopbackHost(const QString& host) {
    const QString lower = host.toLower();
    if (lower == QLatin1String("localhost") || lower.endsWith(QLatin1String(".localhost")))
        return true;
    QString literal = host;
    if (literal.startsWith(QLatin1Char('[')) && literal.endsWith(QLatin1Char(']')))
        literal = literal.mid(1, literal.size() - 2);
    const QHostAddress address(literal);
    return !address.isNull() && address.isLoopback();
}

} // namespace gatehouse::config
