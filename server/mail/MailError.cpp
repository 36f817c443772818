#include "mail/MailError.h"

namespace gatehouse::mail {

Error mailUnavailable(QString message) {
    return Error{QByteArrayLiteral("mail_unavailable"), std::move(message), 503};
}

Error mailRejected(QString message) {
    return Error{QByteArrayLiteral("mail_rejected"), std::move(message), 502};
}

Error invalidMailHeader(QString message) {
    return Error::badRequest(QByteArrayLiteral("invalid_mail_header"), std::move(message));
}

Error invalidMailAddress(QString message) {
    return Error::badRequest(QByteArrayLiteral("invalid_mail_address"), std::move(message));
}

} // namespace gatehouse::mail
