#pragma once

#include "http/HttpResponse.h"

#include <QByteArray>
#include <QByteArrayView>

namespace gatehouse::http::internal {

// Writes a response in HTTP/1.1 wire form (RFC 9112 §4, §6). The connection layer owns the framing:
// Content-Length, Date, Server and Connection are always its own, whatever the handler set.
class ResponseSerializer final {
public:
    enum class Connection { KeepAlive, KeepAlive10, Close };

    // Appends to `out`. Returns false and appends nothing when the response cannot be sent as is
    // (a status outside 200..599, a header name that is not a token, a value with CR, LF or NUL:
    // response splitting); the caller then sends a 500 instead.
    [[nodiscard]] static bool serialize(const HttpResponse& response, bool headOnly,
                                        Connection connection, QByteArray& out);

    // A fixed, pre-serialised error response, for places that cannot run a handler (503 at the
    // connection limit).
    [[nodiscard]] static QByteArray serializeError(int status, QByteArrayView code,
                                                   const QString& description);

    [[nodiscard]] static QByteArrayView reasonPhrase(int status);
};

} // namespace gatehouse::http::internal
