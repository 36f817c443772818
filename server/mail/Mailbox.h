#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QString>

namespace gatehouse::mail {

// A mailbox (RFC 5322 §3.4): an optional display name and an address. The address is plain ASCII
// as SMTP without SMTPUTF8 carries it: a dot-atom local part, the domain in its IDNA (A-label)
// form.
struct Mailbox {
    QString displayName;
    QByteArray address;

    // "addr@example.com" or "Name <addr@example.com>", the name quoted or RFC 2047-encoded.
    [[nodiscard]] QByteArray toHeader() const;
    [[nodiscard]] QByteArray domain() const;
};

// Accepts "addr@example.com", "Name <addr@example.com>" and "\"Last, First\" <addr@example.com>".
// CR or LF anywhere is invalid_mail_header; anything else unusable is invalid_mail_address.
[[nodiscard]] Result<Mailbox> parseMailbox(const QString& text);

// invalid_mail_header when `value` (the header `name`) holds CR, LF or NUL.
[[nodiscard]] Result<void> checkHeaderValue(const char* name, const QString& value);

} // namespace gatehouse::mail
