#pragma once

#include "core/Result.h"
#include "mail/MailMessage.h"

#include <QByteArray>
#include <QDateTime>

namespace gatehouse::mail {

// A message ready for an outbox file or SMTP DATA.
struct ComposedMail {
    QByteArray envelopeFrom; // addr-spec for MAIL FROM
    QByteArray envelopeTo;   // addr-spec for RCPT TO
    QByteArray messageId;    // "<random@domain-of-from>"
    QByteArray data;         // RFC 5322 + MIME, 7-bit, CRLF line ends, ending in CRLF
};

// Builds the message (RFC 5322 §3.6 headers, MIME 1.0 per RFC 2045/2046): Date, From, To,
// Subject (RFC 2047 when not plain ASCII), Message-ID, then a quoted-printable UTF-8 text part,
// or a multipart/alternative of text and HTML when there is HTML (the richest last, §5.1.4).
// Header values with CR, LF or NUL are invalid_mail_header: they would inject headers.
[[nodiscard]] Result<ComposedMail> composeMail(const MailMessage& message, const QDateTime& date);

} // namespace gatehouse::mail
