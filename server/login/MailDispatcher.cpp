#include "login/MailDispatcher.h"

#include <QLoggingCategory>
#include <QMetaObject>

namespace gatehouse::login {

namespace {

Q_LOGGING_CATEGORY(lcLoginMail, "gatehouse.login.mail")

QString domainOf(const QString& address) {
    const qsizetype at = address.lastIndexOf(u'@');
    return at < 0 ? QString() : address.mid(at + 1).remove(u'>');
}

} // namespace

MailDispatcher::MailDispatcher(std::unique_ptr<mail::MailSender> sender)
    : m_sender(std::move(sender))
    , m_context(new QObject) {
    m_thread.setObjectName(QStringLiteral("login-mail"));
    m_context->moveToThread(&m_thread);
    QObject::connect(&m_thread, &QThread::finished, m_context, &QObject::deleteLater);
    m_thread.start();
}

MailDispatcher::~MailDispatcher() {
    m_thread.quit();
    m_thread.wait();
}

void MailDispatcher::post(mail::MailMessage message, const char* purpose) {
    QMetaObject::invokeMethod(
        m_context,
        [sender = m_sender.get(), message = std::move(message), purpose]() mutable {
            const QString domain = domainOf(message.to);
            sender->send(std::move(message), [purpose, domain](const Result<void>& sent) {
                if (!sent)
                    qCWarning(lcLoginMail).noquote()
                        << "could not send" << purpose << "mail to a recipient at" << domain << ":"
                        << QString::fromLatin1(sent.error().code) << sent.error().message;
            });
        },
        Qt::QueuedConnection);
}

} // namespace gatehouse::login
