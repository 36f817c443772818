#include "http/internal/ResponderState.h"

#include "http/internal/ConnectionLink.h"
#include "http/internal/HttpConnection.h"

#include <QMetaObject>

namespace gatehouse::http::internal {

ResponderState::ResponderState(std::shared_ptr<ConnectionLink> link, quint64 sequence)
    : m_link(std::move(link))
    , m_sequence(sequence) {}

ResponderState::ResponderState(std::function<void(HttpResponse)> callback)
    : m_callback(std::move(callback)) {}

ResponderState::~ResponderState() {
    // The last copy is gone and nobody answered: a handler bug. Fail the request rather than
    // leaving the client waiting until it times out.
    if (!m_sent.exchange(true, std::memory_order_acq_rel)) {
        deliver(HttpResponse::error(500, "server_error",
                                    QStringLiteral("The request handler did not respond.")));
    }
}

void ResponderState::send(HttpResponse response) {
    if (m_sent.exchange(true, std::memory_order_acq_rel))
        return;
    deliver(std::move(response));
}

void ResponderState::deliver(HttpResponse response) {
    if (!m_link) {
        if (m_callback)
            m_callback(std::move(response));
        return;
    }
    if (QThread::currentThread() == m_link->thread) {
        // Hot path: the handler answered on the connection's thread (usually synchronously, from
        // inside the dispatch). Only this thread clears `connection`, so no lock is needed.
        if (HttpConnection* connection = m_link->connection)
            connection->deliver(m_sequence, std::move(response), m_route);
        return;
    }
    QMutexLocker lock(&m_link->mutex);
    HttpConnection* connection = m_link->connection;
    if (!connection)
        return;
    QMetaObject::invokeMethod(
        connection,
        [connection, sequence = m_sequence, response = std::move(response),
         route = m_route]() mutable { connection->deliver(sequence, std::move(response), route); },
        Qt::QueuedConnection);
}

} // namespace gatehouse::http::internal
