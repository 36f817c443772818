#include "core/Error.h"

namespace gatehouse {

Error Error::badRequest(QByteArray code, QString message) {
    return Error{std::move(code), std::move(message), 400};
}

Error Error::notFound(QString message) {
    return Error{QByteArrayLiteral("not_found"), std::move(message), 404};
}

Error Error::conflict(QString message) {
    return Error{QByteArrayLiteral("conflict"), std::move(message), 409};
}

Error Error::internal(QString message) {
    return Error{QByteArrayLiteral("server_error"), std::move(message), 500};
}

QString Error::toString() const {
    return QString::fromLatin1(code) + QStringLiteral(": ") + message;
}

} // namespace gatehouse
