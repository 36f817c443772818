#pragma once

#include "core/Result.h"

#include <QString>
#include <chrono>

namespace gatehouse::config {

enum class MailSenderKind { Outbox, Smtp };

// How the SMTP client protects the connection: STARTTLS on the submission port (RFC 3207, the
// default), TLS from the first byte on port 465 (RFC 8314 §3.3), or plaintext, which is accepted
// only towards a relay on this machine.
enum class SmtpTls { StartTls, Implicit, None };

// [mail]: how the login flow's e-mails (password resets, address verification) leave the server.
// Paths that are relative are relative to the data directory (see ServerConfig::resolvedMail()).
struct MailConfig {
    MailSenderKind sender = MailSenderKind::Outbox;
    QString outboxDir = QStringLiteral("outbox");
    QString from = QStringLiteral("Gatehouse <no-reply@localhost>");
    QString smtpHost;
    quint16 smtpPort = 587;
    SmtpTls smtpTls = SmtpTls::StartTls;
    QString smtpUsername;
    QString smtpPassword;
    QString smtpCaFile; // extra trusted CA certificates (PEM), e.g. a private relay's own CA
    std::chrono::milliseconds smtpTimeout{30'000};

    // The checks that span several keys, made once every source has been applied: an SMTP sender
    // needs a host, plaintext is for loopback relays only, and credentials never travel without
    // TLS.
    [[nodiscard]] Result<void> validate() const;
};

[[nodiscard]] QString toString(MailSenderKind kind);
[[nodiscard]] QString toString(SmtpTls tls);

// "localhost", "*.localhost" (RFC 6761 §6.3) or a loopback address literal.
[[nodiscard]] bool isLoopbackHost(const QString& host);

} // namespace gatehouse::config
