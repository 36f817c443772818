#pragma once

#include "core/Error.h"

namespace gatehouse::mail {

// The stable error codes of sending mail. A caller (the reset endpoint) passes them on as they are.
//   mail_unavailable (503): the relay or the outbox could not be reached or did not answer in time
//   mail_rejected (502): the relay answered with an error; the message carries its reply
//   invalid_mail_header (400): a header value with CR or LF, which would inject headers
//   invalid_mail_address (400): a From or To that is not a mailbox we can send to
[[nodiscard]] Error mailUnavailable(QString message);
[[nodiscard]] Error mailRejected(QString message);
[[nodiscard]] Error invalidMailHeader(QString message);
[[nodiscard]] Error invalidMailAddress(QString message);

} // namespace gatehouse::mail
