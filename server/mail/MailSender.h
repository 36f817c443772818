#pragma once

#include "core/Result.h"
#include "mail/MailMessage.h"

#include <functional>

namespace gatehouse::mail {

// Where the login flow's e-mails go. send() returns at once and calls `done` exactly once, later,
// on the thread that called send(); that thread must run a Qt event loop (the HTTP workers do).
// One sender may serve several threads at once.
// Errors: invalid_mail_header, invalid_mail_address, mail_unavailable, mail_rejected
// (mail/MailError.h).
class MailSender {
public:
    virtual ~MailSender() = default;
    virtual void send(MailMessage message, std::function<void(Result<void>)> done) = 0;

protected:
    MailSender() = default;
    MailSender(const MailSender&) = default;
    MailSender& operator=(const MailSender&) = default;
};

} // namespace gatehouse::mail
