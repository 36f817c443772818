#include "mail/MailSenderFactory.h"

#include "mail/FileOutbox.h"
#include "mail/SmtpSender.h"

namespace gatehouse::mail {

std::unique_ptr<MailSender> makeMailSender(const config::MailConfig& config) {
    switch (config.sender) {
    case config::MailSenderKind::Smtp:
        return std::make_unique<SmtpSender>(config);
    case config::MailSenderKind::Outbox:
        break;
    }
    return std::make_unique<FileOutbox>(config.outboxDir, config.from);
}

} // namespace gatehouse::mail
