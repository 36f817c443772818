#include "mail/MailComposer.h"

#include "crypto/Random.h"
#include "mail/HeaderEncoding.h"
#include "mail/Mailbox.h"
#include "mail/QuotedPrintable.h"

namespace gatehouse::mail {
namespace {

QByteArray textPart(const char* subtype, const QString& body) {
    return QByteArrayLiteral("Content-Type: text/") + subtype +
           QByteArrayLiteral("; charset=utf-8\r\n"
                             "Content-Transfer-Encoding: quoted-printable\r\n\r\n") +
           encodeQuotedPrintable(toCrlf(body.toUtf8()));
}

// SMTP DATA and the outbox want the message to end with a line end.
QByteArray withFinalCrlf(QByteArray text) {
    if (!text.endsWith("\r\n"))
        text.append("\r\n");
    return text;
}

} // namespace

Result<ComposedMail> composeMail(const MailMessage& message, const QDateTime& date) {
    if (auto checked = checkHeaderValue("From", message.from); !checked)
        return checked.error();
    if (auto checked = checkHeaderValue("To", message.to); !checked)
        return checked.error();
    if (auto checked = checkHeaderValue("Subject", message.subject); !checked)
        return checked.error();
    auto from = parseMailbox(message.from);
    if (!from)
        return from.error();
    auto to = parseMailbox(message.to);
    if (!to)
        return to.error();

    ComposedMail mail;
    mail.envelopeFrom = from->address;
    mail.envelopeTo = to->address;
    mail.messageId = '<' + crypto::randomBytes(16).toHex() + '@' + from->domain() + '>';

    QByteArray data = QByteArrayLiteral("Date: ") + formatDate(date) +
                      QByteArrayLiteral("\r\nFrom: ") + from->toHeader() +
                      QByteArrayLiteral("\r\nTo: ") + to->toHeader() +
                      QByteArrayLiteral("\r\nSubject: ") +
                      encodeUnstructured(message.subject, int(qstrlen("Subject: "))) +
                      QByteArrayLiteral("\r\nMessage-ID: ") + mail.messageId +
                      QByteArrayLiteral("\r\nMIME-Version: 1.0\r\n");
    if (!message.htmlBody) {
        data += withFinalCrlf(textPart("plain", message.textBody));
    } else {
        // "=_" never occurs in quoted-printable output, so the boundary cannot occur in a part.
        // The CRLF before each delimiter belongs to the delimiter (RFC 2046 §5.1.1).
        const QByteArray boundary = "=_gatehouse_" + crypto::randomBytes(12).toHex();
        data += QByteArrayLiteral("Content-Type: multipart/alternative;\r\n boundary=\"") +
                boundary + QByteArrayLiteral("\"\r\n\r\n--") + boundary +
                QByteArrayLiteral("\r\n") + textPart("plain", message.textBody) +
                QByteArrayLiteral("\r\n--") + boundary + QByteArrayLiteral("\r\n") +
                textPart("html", *message.htmlBody) + QByteArrayLiteral("\r\n--") + boundary +
                QByteArrayLiteral("--\r\n");
    }
    mail.data = data;
    return mail;
}

} // namespace gatehouse::mail
