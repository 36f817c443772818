#pragma once

#include "http/HttpResponse.h"

#include <QByteArray>
#include <functional>
#include <memory>

namespace gatehouse::http {

namespace internal {
class ResponderState;
}

// Completes one request. Copies share one state: the first send() from any copy, on any thread,
// wins and later calls are ignored. If the connection is gone by then, the response is dropped.
// On the connection's own thread send() writes immediately (no event-loop round trip); from another
// thread it is queued to the connection's thread.
//
// A request whose every Responder copy is destroyed without send() is answered with
// 500 `server_error`, so a handler that forgets to answer cannot leave a client hanging.
//
// Re-entrancy: a send() made on the connection's thread outside the handler call (from a timer,
// a continuation, another connection's handler) writes at once and may go on to dispatch the
// connection's next pipelined request before it returns. Don't hold a lock across send() that
// the handler itself takes.

class Responder final {
public:
    // Hands the response to `callback` instead of a connection: for tests, and for layers that wrap
    // a handler and post-process its response before passing it on.
    explicit Responder(std::function<void(HttpResponse)> callback);
    explicit Responder(std::shared_ptr<internal::ResponderState> state);

    void send(HttpResponse response) const;
    [[nodiscard]] bool isSent() const;

    // The route pattern reported in RequestRecord::route; set by Router before it calls a handler.
    void setRoutePattern(QByteArray pattern) const;

private:
    std::shared_ptr<internal::ResponderState> m_state;
};

} // namespace gatehouse::http
