#pragma once

#include <QString>
#include <optional>

namespace gatehouse::mail {

// One e-mail of the login flow. `from` and `to` are mailboxes ("addr@example.com" or
// "Name <addr@example.com>"); an empty `from` means the configured [mail] from. Line ends in the
// bodies may be LF or CRLF: they are sent as CRLF.
struct MailMessage {
    QString from;
    QString to;
    QString subject;
    QString textBody;
    std::optional<QString> htmlBody; // sent as multipart/alternative next to the text
};

} // namespace gatehouse::mail
