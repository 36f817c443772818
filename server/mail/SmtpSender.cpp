#include "mail/SmtpSender.h"

#include "mail/MailComposer.h"
#include "mail/SmtpSession.h"

#include <QDateTime>
#include <QTimer>

namespace gatehouse::mail {

SmtpSender::SmtpSender(config::MailConfig config)
    : m_config(std::move(config)) {
    auto valid = m_config.validate();
    if (!valid) {
        m_configError = valid.error();
        return;
    }
    if (!m_config.smtpCaFile.isEmpty()) {
        m_caCertificates = QSslCertificate::fromPath(m_config.smtpCaFile, QSsl::Pem);
        if (m_caCertificates.isEmpty())
            m_configError = Error::badRequest(
                QByteArrayLiteral("invalid_config"),
                QStringLiteral("[mail] smtp_ca_file: no PEM certificate could be read from %1")
                    .arg(m_config.smtpCaFile));
    }
}

void SmtpSender::send(MailMessage message, std::function<void(Result<void>)> done) {
    if (message.from.isEmpty())
        message.from = m_config.from;
    Result<ComposedMail> composed = m_configError
                                        ? Result<ComposedMail>(*m_configError)
                                        : composeMail(message, QDateTime::currentDateTimeUtc());
    if (!composed) {
        QTimer::singleShot(0, [done = std::move(done), error = composed.error()] { done(error); });
        return;
    }
    auto* session =
        new SmtpSession(m_config, m_caCertificates, std::move(composed).value(), std::move(done));
    session->start();
}

} // namespace gatehouse::mail
