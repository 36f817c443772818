#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QString>
#include <optional>

namespace gatehouse::mail {

// What a test or a person wants from a message: headers decoded, bodies decoded to text with LF
// line ends.
struct ParsedMail {
    QString date;
    QString from;
    QString to;
    QString subject;
    QString messageId;
    QString textBody;
    std::optional<QString> htmlBody;
};

// Reads an RFC 5322 message with MIME bodies: RFC 2047 header words, quoted-printable, base64 and
// 7/8bit parts, multipart nesting; the first text/plain and text/html parts become the bodies.
// Enough for the outbox and for tests, not a general MIME library. Error: invalid_mail_message.
[[nodiscard]] Result<ParsedMail> parseMail(const QByteArray& raw);

} // namespace gatehouse::mail
