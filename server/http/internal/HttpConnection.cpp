#include "http/internal/HttpConnection.h"

#include "http/internal/HttpLog.h"
#include "http/internal/HttpWorker.h"
#include "http/internal/ResponderState.h"

#include <QSslSocket>
#include <sys/socket.h>

namespace gatehouse::http::internal {

namespace {

// While this much of our output is unsent the client is not reading: parse nothing more from it.
constexpr qint64 kMaxPendingOutput = 256 * 1024;
// The serialisation buffer is reused; one huge response should not pin its size forever.
constexpr qsizetype kMaxRetainedOutput = 1024 * 1024;
constexpr char kContinue[] = "HTTP/1.1 100 Continue\r\n\r\n";

QByteArray pathOf(const QByteArray& target) {
    const qsizetype question = target.indexOf('?');
    return question < 0 ? target : target.left(question);
}

// On a dual-stack listener IPv4 clients appear as ::ffff:a.b.c.d; handlers keying anything on the
// address (rate limits, logs) should see one form per client.
QHostAddress plainPeer(const QHostAddress& address) {
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    return isV4 && address.protocol() == QAbstractSocket::IPv6Protocol ? QHostAddress(v4) : address;
}

bool asksToClose(const HttpResponse& response) {
    const QByteArray connection = response.header("Connection");
    return !connection.isEmpty() && connection.toLower().contains("close");
}

} // namespace

HttpConnection::HttpConnection(QTcpSocket* socket, HttpWorker& worker, QObject* parent)
    : QObject(parent)
    , m_worker(worker)
    , m_socket(socket)
    , m_link(std::make_shared<ConnectionLink>())
    , m_parser(worker.context().options.limits)
    , m_peer(plainPeer(socket->peerAddress()))
    , m_secure(qobject_cast<QSslSocket*>(socket) != nullptr) {
    m_socket->setParent(this);
    m_link->connection = this;
    m_link->thread = thread();
    m_timeout.owner = this;
    connect(m_socket, &QIODevice::readyRead, this, &HttpConnection::onReadyRead);
    connect(m_socket, &QIODevice::bytesWritten, this, &HttpConnection::onBytesWritten);
    connect(m_socket, &QAbstractSocket::disconnected, this, &HttpConnection::finish);
    connect(m_socket, &QAbstractSocket::errorOccurred, this,
            [this](QAbstractSocket::SocketError error) {
                // A closing peer is followed by disconnected(); anything else (reset, failed TLS
                // handshake) leaves nothing worth keeping.
                if (error != QAbstractSocket::RemoteHostClosedError)
                    abort();
            });
    if (auto* ssl = qobject_cast<QSslSocket*>(m_socket))
        connect(ssl, &QSslSocket::encryptedBytesWritten, this, &HttpConnection::onBytesWritten);
}

HttpConnection::~HttpConnection() {
    {
        QMutexLocker lock(&m_link->mutex);
        m_link->connection = nullptr;
    }
    QObject::disconnect(m_socket, nullptr, this, nullptr);
    TimeoutQueue::disarm(m_timeout);
    m_worker.forget(this);
}

void HttpConnection::start() {
    // The first request, TLS handshake included, must arrive within the read timeout.
    m_worker.armRead(m_timeout);
    m_readTimerArmed = true;
    m_requestStartMicros = HttpWorker::nowMicros();
    if (auto* ssl = qobject_cast<QSslSocket*>(m_socket)) {
        ssl->setSslConfiguration(*m_worker.context().options.tls);
        ssl->startServerEncryption();
    }
}

void HttpConnection::onReadyRead() {
    if (m_state == State::Reading) {
        processInput();
    } else if (m_state == State::Closing) {
        m_socket->skip(m_socket->bytesAvailable()); // lingering: drain so that close is clean
    }
    // Dispatched: leave it in the socket buffer, which stops filling at its size limit.
}

void HttpConnection::onBytesWritten() {
    if (m_state == State::Closing) {
        shutdownWriteIfFlushed();
        return;
    }
    const qint64 pending = pendingOutput();
    // A slow reader that is making progress on a large response is not idle.
    if (pending > 0 && m_state == State::Reading && !m_readTimerArmed)
        m_worker.armIdle(m_timeout);
    if (m_pausedForOutput && pending <= kMaxPendingOutput / 2) {
        m_pausedForOutput = false;
        processInput();
    }
}

void HttpConnection::processInput() {
    // Re-entered from a synchronous response or bytesWritten(): the loop below carries on.
    if (m_processing)
        return;
    m_processing = true;
    while (m_state == State::Reading) {
        if (pendingOutput() > kMaxPendingOutput) {
            m_pausedForOutput = true;
            break;
        }
        if (m_inputOffset >= m_input.size() && !readSocket())
            break;
        if (!m_parser.hasStarted())
            m_requestStartMicros = HttpWorker::nowMicros();
        const QByteArrayView bytes = QByteArrayView(m_input).sliced(m_inputOffset);
        RequestParser::Outcome outcome = m_parser.feed(bytes);
        if (auto* complete = std::get_if<RequestParser::Complete>(&outcome)) {
            m_inputOffset += complete->consumed;
            m_requestBytes += complete->consumed;
            dispatch(std::move(*complete));
            continue;
        }
        m_inputOffset = m_input.size();
        m_requestBytes += bytes.size();
        if (const auto* failed = std::get_if<RequestParser::Failed>(&outcome))
            refuse(*failed);
        else
            onPartialRequest();
    }
    m_processing = false;
}

bool HttpConnection::readSocket() {
    // Only called once everything read before was parsed, so the buffer can be reused.
    m_inputOffset = 0;
    m_input.resize(0);
    const qint64 available = m_socket->bytesAvailable();
    if (available <= 0)
        return false;
    m_input.resize(available);
    const qint64 read = m_socket->read(m_input.data(), available);
    m_input.resize(read > 0 ? read : 0);
    return read > 0;
}

void HttpConnection::onPartialRequest() {
    if (!m_readTimerArmed) {
        m_worker.armRead(m_timeout);
        m_readTimerArmed = true;
    }
    if (!m_continueSent && m_parser.expectsContinue()) {
        m_continueSent = true;
        send(QByteArrayView(kContinue, sizeof kContinue - 1));
    }
}

void HttpConnection::dispatch(RequestParser::Complete complete) {
    HttpRequest& request = complete.request;
    m_inFlight = InFlight{request.methodName(),
                          request.path(),
                          m_requestBytes,
                          m_requestStartMicros,
                          request.method() == Method::Head,
                          complete.keepAlive,
                          request.httpVersion() < 11};
    m_requestBytes = 0;
    m_parser.reset();
    m_continueSent = false;
    m_readTimerArmed = false;
    m_state = State::Dispatched;
    m_worker.armResponse(m_timeout); // or disarms: no read timeout while the handler works
    request.setPeerAddress(m_peer).setSecure(m_secure);
    invokeHandler(std::move(request), ++m_sequence);
}

void HttpConnection::invokeHandler(HttpRequest request, quint64 sequence) {
    const Responder responder(std::make_shared<ResponderState>(m_link, sequence));
    try {
        m_worker.context().handler(std::move(request), responder);
        return;
    } catch (const std::exception& error) {
        qCWarning(lcHttp) << "request handler threw:" << error.what();
    } catch (...) {
        qCWarning(lcHttp) << "request handler threw a non-standard exception";
    }
    responder.send(
        HttpResponse::error(500, "server_error", QStringLiteral("Internal server error.")));
}

void HttpConnection::deliver(quint64 sequence, HttpResponse response, const QByteArray& route) {
    if (m_state != State::Dispatched || sequence != m_sequence)
        return;
    const bool close =
        !m_inFlight.keepAlive || m_draining || m_worker.isDraining() || asksToClose(response);
    const auto mode = close               ? ResponseSerializer::Connection::Close
                      : m_inFlight.http10 ? ResponseSerializer::Connection::KeepAlive10
                                          : ResponseSerializer::Connection::KeepAlive;
    int status = 0;
    const qint64 written = writeResponse(response, m_inFlight.head, mode, status);
    recordRequest(m_inFlight, status, written, route);
    if (m_state == State::Closed)
        return;
    if (close) {
        closeGracefully();
        return;
    }
    m_state = State::Reading;
    m_worker.armIdle(m_timeout);
    processInput(); // pipelined bytes may be waiting; a no-op inside a synchronous dispatch
}

void HttpConnection::refuse(const RequestParser::Failed& failed) {
    const InFlight refused{m_parser.methodName(),
                           pathOf(m_parser.target()),
                           m_requestBytes,
                           m_requestStartMicros,
                           false,
                           false,
                           false};
    m_requestBytes = 0;
    int status = 0;
    const qint64 written =
        writeResponse(HttpResponse::error(failed.status, failed.code, failed.description), false,
                      ResponseSerializer::Connection::Close, status);
    recordRequest(refused, status, written, {});
    closeGracefully();
}

qint64 HttpConnection::writeResponse(const HttpResponse& response, bool head,
                                     ResponseSerializer::Connection connection, int& status) {
    QByteArray& out = m_worker.outputBuffer();
    out.resize(0);
    status = response.status();
    if (!ResponseSerializer::serialize(response, head, connection, out)) {
        qCWarning(lcHttp) << "handler produced an invalid response (status" << status
                          << "or a header with CR/LF); sending 500";
        status = 500;
        out.resize(0);
        const bool ok = ResponseSerializer::serialize(
            HttpResponse::error(500, "server_error",
                                QStringLiteral("The server produced an invalid response.")),
            head, connection, out);
        Q_ASSERT(ok);
    }
    const qint64 size = out.size();
    send(out);
    if (out.capacity() > kMaxRetainedOutput)
        out = QByteArray();
    return size;
}

void HttpConnection::send(QByteArrayView bytes) {
    qint64 sent = 0;
    if (!m_secure && m_socket->bytesToWrite() == 0) {
        // Hot path: hand the response to the kernel directly. QAbstractSocket::write() would arm
        // and disarm the write notifier, which costs the event dispatcher two wake-ups and an
        // extra poll() per response. Whatever the kernel does not take (or an error) goes through
        // the socket, which then reports and handles it.
        const ssize_t n = ::send(static_cast<int>(m_socket->socketDescriptor()), bytes.data(),
                                 static_cast<size_t>(bytes.size()), MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0)
            sent = n;
    }
    if (sent < bytes.size()) {
        m_socket->write(bytes.data() + sent, bytes.size() - sent);
        m_socket->flush();
    }
}

void HttpConnection::recordRequest(const InFlight& request, int status, qint64 responseBytes,
                                   const QByteArray& route) const {
    if (!m_worker.context().observer)
        return;
    RequestRecord record;
    record.method = request.method;
    record.path = request.path;
    record.route = route;
    record.status = status;
    record.requestBytes = request.requestBytes;
    record.responseBytes = responseBytes;
    record.durationMicros = HttpWorker::nowMicros() - request.startMicros;
    record.peer = m_peer;
    m_worker.record(record);
}

void HttpConnection::onTimeout() {
    using std::chrono::milliseconds;
    switch (m_state) {
    case State::Reading:
        if (m_parser.hasStarted()) {
            refuse(
                RequestParser::Failed{408, "request_timeout",
                                      QStringLiteral("The request did not arrive within %1 ms.")
                                          .arg(m_worker.context().options.timeouts.read.count())});
        } else {
            closeQuietly(); // idle keep-alive, or a client that never sent (or finished TLS)
        }
        break;
    case State::Dispatched: {
        // Timeouts::response: the handler keeps its Responder, but its answer will be dropped.
        int status = 0;
        const qint64 written = writeResponse(
            HttpResponse::error(503, "temporarily_unavailable",
                                QStringLiteral("The request took too long to process.")),
            m_inFlight.head, ResponseSerializer::Connection::Close, status);
        recordRequest(m_inFlight, status, written, {});
        closeGracefully();
        break;
    }
    case State::Closing:
        abort();
        break;
    case State::Closed:
        break;
    }
}

void HttpConnection::beginDrain() {
    m_draining = true;
    const bool idle = m_state == State::Reading && !m_parser.hasStarted() &&
                      m_inputOffset >= m_input.size() && m_socket->bytesAvailable() == 0;
    if (idle)
        closeQuietly();
    // Otherwise the current request is answered with "Connection: close".
}

void HttpConnection::abort() {
    if (m_state == State::Closed)
        return;
    m_socket->abort();
    finish();
}

void HttpConnection::closeGracefully() {
    if (m_state == State::Closing || m_state == State::Closed)
        return;
    // Send our FIN once the response is out, then read and discard until the client closes (or
    // the linger deadline): closing with unread input would reset the connection, and a reset
    // can destroy the error response before the client reads it.
    m_state = State::Closing;
    m_worker.armLinger(m_timeout);
    shutdownWriteIfFlushed();
}

void HttpConnection::closeQuietly() {
    if (m_state == State::Closing || m_state == State::Closed)
        return;
    m_state = State::Closing;
    m_worker.armLinger(m_timeout);
    m_socket->disconnectFromHost(); // may emit disconnected() right away
}

void HttpConnection::shutdownWriteIfFlushed() {
    if (m_state != State::Closing || m_writeShutDown || pendingOutput() > 0)
        return;
    m_writeShutDown = true;
    ::shutdown(static_cast<int>(m_socket->socketDescriptor()), SHUT_WR);
}

void HttpConnection::finish() {
    if (m_state == State::Closed)
        return;
    m_state = State::Closed;
    TimeoutQueue::disarm(m_timeout);
    deleteLater();
}

qint64 HttpConnection::pendingOutput() const {
    qint64 pending = m_socket->bytesToWrite();
    if (m_secure)
        pending += static_cast<const QSslSocket*>(m_socket)->encryptedBytesToWrite();
    return pending;
}

} // namespace gatehouse::http::internal
