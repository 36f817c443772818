#pragma once

#include "config/MailConfig.h"
#include "core/Result.h"
#include "mail/MailComposer.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QSslCertificate>
#include <QSslError>
#include <QTimer>
#include <functional>

class QSslSocket;

namespace gatehouse::mail {

// SMTP's transparency (RFC 5321 §4.5.2) over a message with normalised line ends (§2.3.8): every
// line that starts with '.' gets a second one, and the data ends with CRLF "." CRLF.
[[nodiscard]] QByteArray smtpDataBlock(const QByteArray& message);

// One SMTP transaction on one connection, as SmtpSender starts it. Deletes itself when done; the
// callback runs exactly once, on the thread that created the session.
class SmtpSession final : public QObject {
    Q_OBJECT

public:
    SmtpSession(const config::MailConfig& config, QList<QSslCertificate> caCertificates,
                ComposedMail mail, std::function<void(Result<void>)> done);
    ~SmtpSession() override;

    void start();

private:
    enum class Step {
        Greeting,
        Ehlo,
        StartTls,
        AuthPlain,
        AuthLoginUser,
        AuthLoginPassword,
        AuthLoginDone,
        MailFrom,
        RcptTo,
        Data,
        Message,
        Quit,
    };
    struct Reply {
        int code = 0;
        QList<QByteArray> lines; // the text after "NNN-" / "NNN "
        [[nodiscard]] QString text() const;
    };

    void onReadyRead();
    void onEncrypted();
    void onSocketError();
    void onDisconnected();
    void onTimeout();
    void handle(const Reply& reply);
    void afterEhlo(const Reply& reply);
    void startAuthentication();
    void command(const QByteArray& line, Step next);
    void rejected(const char* what, const Reply& reply);
    void finish(Result<void> result);
    void close();
    [[nodiscard]] QString redact(QString text) const;
    [[nodiscard]] QString stepName() const;

    config::MailConfig m_config;
    QList<QSslCertificate> m_caCertificates;
    ComposedMail m_mail;
    std::function<void(Result<void>)> m_done;
    QSslSocket* m_socket;
    QTimer m_deadline;
    QByteArray m_buffer;
    Reply m_pending;                // the lines of a multi-line reply read so far
    QList<QByteArray> m_extensions; // EHLO keywords with their parameters, upper case
    QList<QSslError> m_sslErrors;
    Step m_step = Step::Greeting;
    bool m_finished = false;
    bool m_closing = false;
};

} // namespace gatehouse::mail
