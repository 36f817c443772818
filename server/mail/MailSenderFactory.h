#pragma once

#include "config/MailConfig.h"
#include "mail/MailSender.h"

#include <memory>

namespace gatehouse::mail {

// The sender [mail] sender names: a FileOutbox in outbox_dir or an SmtpSender. `config` with its
// paths resolved (ServerConfig::resolvedMail()).
[[nodiscard]] std::unique_ptr<MailSender> makeMailSender(const config::MailConfig& config);

} // namespace gatehouse::mail
