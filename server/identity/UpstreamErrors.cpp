#include "identity/UpstreamErrors.h"

namespace gatehouse::identity {

Error upstreamUnreachable(QString message) {
    return Error{QByteArrayLiteral("upstream_unreachable"), std::move(message), 502};
}

Error upstreamError(QString message) {
    return Error{QByteArrayLiteral("upstream_error"), std::move(message), 502};
}

Error invalidUpstreamToken(QString message) {
    return Error{QByteArrayLiteral("invalid_upstream_token"), std::move(message), 502};
}

QString quotableOAuthErrorCode(const QString& code) {
    if (code.isEmpty() || code.size() > 64)
        return QStringLiteral("(malformed)");
    for (const QChar c : code) {
        const char16_t u = c.unicode();
        if (u < 0x20 || u > 0x7E || u == u'"' || u == u'\\')
            return QStringLiteral("(malformed)");
    }
    return code;
}

} // namespace gatehouse::identity
