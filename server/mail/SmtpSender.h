#pragma once

#include "config/MailConfig.h"
#include "mail/MailSender.h"

#include <QList>
#include <QSslCertificate>
#include <optional>

namespace gatehouse::mail {

// Sends through an SMTP relay (RFC 5321), one connection per message: EHLO, STARTTLS (RFC 3207)
// or implicit TLS (RFC 8314), AUTH PLAIN or LOGIN (RFC 4954) over TLS when a user name is
// configured, MAIL FROM, RCPT TO, DATA, QUIT. The relay's certificate is verified against the
// system's CAs plus [mail] smtp_ca_file, for the configured host name. The whole exchange must
// finish within [mail] smtp_timeout.
class SmtpSender final : public MailSender {
public:
    // `config` with its paths resolved (ServerConfig::resolvedMail()). A configuration that cannot
    // work (no host, unreadable CA file) makes every send() fail with invalid_config rather than
    // failing here: MailConfig::validate() already refused it at start-up.
    explicit SmtpSender(config::MailConfig config);

    void send(MailMessage message, std::function<void(Result<void>)> done) override;

private:
    config::MailConfig m_config;
    QList<QSslCertificate> m_caCertificates;
    std::optional<Error> m_configError;
};

} // namespace gatehouse::mail
