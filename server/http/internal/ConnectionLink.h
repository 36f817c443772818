#pragma once

#include <QMutex>
#include <QThread>

namespace gatehouse::http::internal {

class HttpConnection;

// How a Responder finds its connection, which may be destroyed at any time on its own thread.
// `connection` is cleared under `mutex` by the connection's destructor; a sender on another thread
// posts to the connection while holding the mutex, so it never posts to a destroyed object (and
// Qt discards events still queued for an object when it is destroyed). On the connection's own
// thread `connection` is read without the mutex: only that thread writes it.
struct ConnectionLink {
    QMutex mutex;
    HttpConnection* connection = nullptr;
    QThread* thread = nullptr;
};

} // namespace gatehouse::http::internal
