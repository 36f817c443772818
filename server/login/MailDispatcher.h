#pragma once

#include "mail/MailMessage.h"
#include "mail/MailSender.h"

#include <QThread>
#include <memory>

namespace gatehouse::login {

// The login flow's e-mails leave through here, from any thread. A MailSender calls back on the
// thread that called send() and needs that thread to run a Qt event loop (the SMTP client is a
// QSslSocket); the hashing pool's threads have none, and an HTTP worker should not carry a relay
// conversation that outlives its request. So every message is handed to one thread of its own
// that runs an event loop and owns every send(): post() is thread-safe, returns at once and never
// waits for the relay. A failure is logged on `gatehouse.login.mail` (recipient domain only); the
// pages never depend on the outcome, so a slow or failing relay neither delays a page nor tells
// anyone whether an account exists.
//
// Messages still in flight when the dispatcher is destroyed (shutdown) are dropped.
class MailDispatcher final {
public:
    explicit MailDispatcher(std::unique_ptr<mail::MailSender> sender);
    ~MailDispatcher();
    MailDispatcher(const MailDispatcher&) = delete;
    MailDispatcher& operator=(const MailDispatcher&) = delete;

    // `purpose` names the message in the log ("password_reset", "signup_welcome").
    void post(mail::MailMessage message, const char* purpose);

private:
    std::unique_ptr<mail::MailSender> m_sender;
    QThread m_thread;
    QObject* m_context = nullptr; // lives on m_thread; deleted when it finishes
};

} // namespace gatehouse::login
