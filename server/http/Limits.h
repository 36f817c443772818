#pragma once

#include <QtGlobal>
#include <chrono>

namespace gatehouse::http {

// Hard limits on what one client may make the server hold (SECURITY.md, "HTTP layer").
// Exceeding one is answered with the matching status and the connection is closed.
struct Limits {
    qint64 headerBytes = 16 * 1024; // request line + fields, cumulative over reads -> 431
    int headerCount = 100;          // fields, trailers included -> 431
    qint64 urlBytes = 8 * 1024;     // request-target -> 414
    qint64 bodyBytes = 1024 * 1024; // Content-Length or the sum of chunks -> 413
    int maxConnections = 10000;     // open connections over all workers; beyond: 503 and close
};

struct Timeouts {
    // From the first byte of a request (or from accepting the connection, TLS handshake included)
    // until the whole request, body included, has arrived; then 408 and close. Not extended by
    // trickling bytes, so a slow sender cannot hold a connection open.
    std::chrono::milliseconds read{10000};
    // A keep-alive connection with no request in progress is closed after this long.
    std::chrono::milliseconds idle{60000};
    // drain() gives in-flight requests this long before closing what is left.
    std::chrono::milliseconds drain{10000};
    // Once a request is complete the read timeout no longer applies. When this is non-zero, a
    // handler that has not answered after this long gets 503 `handler_timeout` sent on its behalf
    // and the connection is closed; zero waits for the handler indefinitely.
    std::chrono::milliseconds response{0};
};

} // namespace gatehouse::http
