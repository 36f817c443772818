#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QtGlobal>

namespace gatehouse::http {

// One completed request (answered by a handler or refused by the connection layer), for access
// logs and metrics. Refused requests that never got a request line have empty method and path.
struct RequestRecord {
    QByteArray method;
    QByteArray path;  // still percent-encoded, without the query (which may carry secrets)
    QByteArray route; // the matched Router pattern, empty when no route matched
    int status = 0;
    qint64 requestBytes = 0;   // as received: request line, fields and framed body
    qint64 responseBytes = 0;  // as sent: status line, fields and body
    qint64 durationMicros = 0; // from the request's first byte to the response being written
    QHostAddress peer;
};

} // namespace gatehouse::http
