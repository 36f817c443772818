#include "http/internal/HttpWorker.h"

#include "http/internal/HttpConnection.h"
#include "http/internal/HttpLog.h"
#include "http/internal/ListenSocket.h"
#include "http/internal/ResponseSerializer.h"

#include <QSslSocket>
#include <algorithm>
#include <cerrno>
#include <sys/socket.h>
#include <unistd.h>

namespace gatehouse::http::internal {

using namespace std::chrono_literals;

namespace {

// Connections refused at the connection limit are kept (as bare descriptors) until the client
// has read the 503 and closed, so that closing with its request unread does not reset the
// connection and destroy the answer. Bounded so that a flood cannot pile them up.
constexpr std::size_t kMaxRejectedLingering = 256;
// Qt stops reading from the kernel when this much is buffered, which is the backpressure that
// keeps a pipelining or fast-uploading client from filling memory while a request is handled.
constexpr qint64 kReadBufferSize = 64 * 1024;

std::chrono::milliseconds lingerDuration(const Timeouts& timeouts) {
    return std::min<std::chrono::milliseconds>(timeouts.read, 2s);
}

// A quarter of the shortest timeout, within [10 ms, 250 ms]: timeouts fire at most 25 % late,
// and an idle server wakes at most 4 times a second per thread.
std::chrono::milliseconds tickInterval(const Timeouts& timeouts) {
    std::chrono::milliseconds shortest =
        std::min({timeouts.read, timeouts.idle, lingerDuration(timeouts)});
    if (timeouts.response > 0ms)
        shortest = std::min(shortest, timeouts.response);
    return std::clamp<std::chrono::milliseconds>(shortest / 4, 10ms, 250ms);
}

QHostAddress peerOf(qintptr descriptor) {
    sockaddr_storage storage;
    socklen_t length = sizeof storage;
    if (::getpeername(static_cast<int>(descriptor), reinterpret_cast<sockaddr*>(&storage),
                      &length) != 0)
        return {};
    return QHostAddress(reinterpret_cast<sockaddr*>(&storage));
}

} // namespace

HttpWorker::HttpWorker(std::shared_ptr<ServerContext> context, QObject* parent)
    : QTcpServer(parent)
    , m_context(std::move(context))
    , m_read(m_context->options.timeouts.read)
    , m_idle(m_context->options.timeouts.idle)
    , m_linger(lingerDuration(m_context->options.timeouts))
    , m_response(m_context->options.timeouts.response) {
    m_tick.setInterval(tickInterval(m_context->options.timeouts));
    m_tick.setTimerType(Qt::CoarseTimer);
    connect(&m_tick, &QTimer::timeout, this, &HttpWorker::onTick);
    connect(this, &QTcpServer::acceptError, this, &HttpWorker::onAcceptError);
}

HttpWorker::~HttpWorker() {
    m_destroying = true;
    const QSet<HttpConnection*> connections = std::exchange(m_connections, {});
    for (HttpConnection* connection : connections)
        delete connection;
    pollRejected(0, true);
}

Result<void> HttpWorker::listenOn(qintptr descriptor) {
    if (!setSocketDescriptor(descriptor)) {
        ListenSocket::close(descriptor);
        return Error{QByteArrayLiteral("listen_failed"), errorString(), 500};
    }
    m_tick.start();
    return {};
}

qint64 HttpWorker::nowMicros() {
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

void HttpWorker::armResponse(TimeoutQueue::Node& node) {
    if (m_response.duration() > 0ms)
        m_response.arm(node, nowMicros() / 1000);
    else
        TimeoutQueue::disarm(node);
}

void HttpWorker::record(const RequestRecord& record) const {
    if (m_context->observer)
        m_context->observer(record);
}

void HttpWorker::incomingConnection(qintptr descriptor) {
    if (m_draining) {
        ::close(static_cast<int>(descriptor));
        return;
    }
    if (!m_context->tryAcquireConnection()) {
        rejectOverLimit(descriptor);
        return;
    }
    const bool tls = m_context->options.tls.has_value();
    QTcpSocket* socket = tls ? new QSslSocket : new QTcpSocket;
    if (!socket->setSocketDescriptor(descriptor)) {
        qCWarning(lcHttp) << "cannot adopt accepted socket:" << socket->errorString();
        delete socket;
        ::close(static_cast<int>(descriptor));
        m_context->releaseConnection();
        return;
    }
    socket->setReadBufferSize(kReadBufferSize);
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    auto* connection = new HttpConnection(socket, *this, this);
    m_connections.insert(connection);
    connection->start();
}

void HttpWorker::rejectOverLimit(qintptr descriptor) {
    const QByteArray response = ResponseSerializer::serializeError(
        503, "temporarily_unavailable",
        QStringLiteral("The server has too many open connections; try again later."));
    const int fd = static_cast<int>(descriptor);
    RequestRecord refused;
    refused.status = 503;
    refused.peer = peerOf(descriptor);
    if (m_context->options.tls) {
        // A plaintext answer would be garbage inside TLS, and a handshake costs what we lack.
        ::close(fd);
        record(refused);
        return;
    }
    const ssize_t sent = ::send(fd, response.constData(), static_cast<size_t>(response.size()),
                                MSG_NOSIGNAL | MSG_DONTWAIT);
    refused.responseBytes = sent > 0 ? sent : 0;
    record(refused);
    ::shutdown(fd, SHUT_WR);
    if (m_rejected.size() >= kMaxRejectedLingering) {
        ::close(fd);
        return;
    }
    m_rejected.push_back({descriptor, nowMicros() / 1000 + m_linger.duration().count()});
}

void HttpWorker::pollRejected(qint64 nowMs, bool closeAll) {
    char sink[4096];
    auto done = [&](const Rejected& rejected) {
        const int fd = static_cast<int>(rejected.descriptor);
        bool finished = closeAll || rejected.deadlineMs <= nowMs;
        while (!finished) {
            const ssize_t n = ::recv(fd, sink, sizeof sink, MSG_DONTWAIT);
            if (n > 0)
                continue;
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
                break;
            finished = true; // EOF or error: the client has what it needs
        }
        if (finished)
            ::close(fd);
        return finished;
    };
    m_rejected.erase(std::remove_if(m_rejected.begin(), m_rejected.end(), done), m_rejected.end());
}

void HttpWorker::onTick() {
    const qint64 nowMs = nowMicros() / 1000;
    expire(m_read, nowMs);
    expire(m_idle, nowMs);
    expire(m_response, nowMs);
    expire(m_linger, nowMs);
    if (!m_rejected.empty())
        pollRejected(nowMs, false);
}

void HttpWorker::expire(TimeoutQueue& queue, qint64 nowMs) {
    // A connection may re-arm itself (e.g. into the linger queue) from onTimeout(); it was popped
    // first, and a re-armed deadline lies in the future, so this loop ends.
    while (TimeoutQueue::Node* node = queue.popExpired(nowMs))
        node->owner->onTimeout();
}

void HttpWorker::onAcceptError() {
    // Typically out of descriptors. QTcpServer may stop accepting for good after such an error;
    // pause and retry rather than spin or go deaf.
    qCWarning(lcHttp) << "accept failed:" << errorString();
    pauseAccepting();
    QTimer::singleShot(100ms, this, [this] {
        if (!m_draining)
            resumeAccepting();
    });
}

void HttpWorker::drain() {
    m_draining = true;
    close();
    const QSet<HttpConnection*> connections = m_connections;
    for (HttpConnection* connection : connections)
        connection->beginDrain();
    checkDrained();
}

void HttpWorker::abortConnections() {
    const QSet<HttpConnection*> connections = m_connections;
    for (HttpConnection* connection : connections)
        connection->abort();
    pollRejected(0, true);
}

void HttpWorker::forget(HttpConnection* connection) {
    if (!m_connections.remove(connection) && !m_destroying)
        return;
    m_context->releaseConnection();
    checkDrained();
}

void HttpWorker::checkDrained() {
    if (m_draining && !m_drainedEmitted && !m_destroying && m_connections.isEmpty()) {
        m_drainedEmitted = true;
        Q_EMIT drained();
    }
}

} // namespace gatehouse::http::internal
