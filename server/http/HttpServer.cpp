#include "http/HttpServer.h"

#include "http/internal/ListenSocket.h"
#include "http/internal/ServerContext.h"
#include "http/internal/WorkerThread.h"

#include <QSslCertificate>
#include <QSslKey>
#include <QSslSocket>
#include <QThread>

namespace gatehouse::http {

using internal::ListenSocket;

namespace {

Error serverError(QString message) {
    return Error{QByteArrayLiteral("server_start_failed"), std::move(message), 500};
}

// TLS 1.2 is the floor (RFC 9325 §3.1.1); anything weaker in the configuration is raised.
Result<void> prepareTls(QSslConfiguration& tls) {
    if (!QSslSocket::supportsSsl())
        return serverError(QStringLiteral("TLS requested but no TLS backend is available"));
    if (tls.localCertificate().isNull() || tls.privateKey().isNull())
        return serverError(QStringLiteral("TLS requested without a certificate and private key"));
    switch (tls.protocol()) {
    case QSsl::TlsV1_2:
    case QSsl::TlsV1_2OrLater:
    case QSsl::TlsV1_3:
    case QSsl::TlsV1_3OrLater:
        break;
    default:
        tls.setProtocol(QSsl::TlsV1_2OrLater);
        break;
    }
    return {};
}

} // namespace

HttpServer::HttpServer(HttpServerOptions options, RequestHandler handler, QObject* parent)
    : QObject(parent)
    , m_context(std::make_shared<internal::ServerContext>()) {
    m_context->options = std::move(options);
    m_context->handler = std::move(handler);
    m_drainTimer.setSingleShot(true);
    connect(&m_drainTimer, &QTimer::timeout, this, &HttpServer::onDrainTimeout);
}

HttpServer::~HttpServer() {
    stop();
    for (qintptr descriptor : m_listening)
        ListenSocket::close(descriptor);
}

int HttpServer::connectionCount() const {
    return m_context->connections.load(std::memory_order_relaxed);
}

void HttpServer::setRequestObserver(std::function<void(const RequestRecord&)> observer) {
    Q_ASSERT_X(!m_started, "HttpServer::setRequestObserver", "set the observer before start()");
    if (!m_started)
        m_context->observer = std::move(observer);
}

Result<void> HttpServer::listen() {
    if (m_started || !m_listening.empty())
        return serverError(QStringLiteral("the server is already listening"));
    const HttpServerOptions& options = m_context->options;
    const int workers = options.workerThreads > 0 ? options.workerThreads
                                                  : std::max(1, QThread::idealThreadCount());
    if (options.port != 0) {
        if (auto available = ListenSocket::ensureAvailable(options.address, options.port);
            !available)
            return available;
    }
    // With port 0 the first socket picks the port and the others join it.
    quint16 port = options.port;
    for (int i = 0; i < workers; ++i) {
        Result<qintptr> opened = ListenSocket::open(options.address, port);
        if (!opened) {
            for (qintptr descriptor : m_listening)
                ListenSocket::close(descriptor);
            m_listening.clear();
            return opened.error();
        }
        m_listening.push_back(*opened);
        if (port == 0)
            port = ListenSocket::localPort(*opened);
    }
    m_port = port;
    return {};
}

Result<void> HttpServer::start() {
    if (m_started)
        return serverError(QStringLiteral("the server is already started"));
    if (m_context->options.tls) {
        if (auto prepared = prepareTls(*m_context->options.tls); !prepared)
            return prepared.error();
    }
    if (m_listening.empty()) {
        if (auto bound = listen(); !bound)
            return bound;
    }
    const std::vector<qintptr> descriptors = std::exchange(m_listening, {});
    if (auto started = startWorkers(descriptors); !started)
        return started;
    m_started = true;
    return {};
}

Result<void> HttpServer::startWorkers(const std::vector<qintptr>& descriptors) {
    for (std::size_t i = 0; i < descriptors.size(); ++i) {
        auto thread = std::make_unique<internal::WorkerThread>(m_context, descriptors[i]);
        thread->setObjectName(QStringLiteral("http-worker-%1").arg(i));
        connect(thread.get(), &internal::WorkerThread::workerDrained, this,
                &HttpServer::onWorkerDrained);
        thread->start();
        m_workers.push_back(std::move(thread));
    }
    for (const auto& thread : m_workers) {
        if (auto listening = thread->waitUntilListening(); !listening) {
            stop();
            return listening;
        }
    }
    return {};
}

void HttpServer::drain() {
    if (m_draining)
        return;
    m_draining = true;
    if (m_workers.empty()) {
        QMetaObject::invokeMethod(this, &HttpServer::finishDrain, Qt::QueuedConnection);
        return;
    }
    m_drainTimer.start(m_context->options.timeouts.drain);
    for (const auto& thread : m_workers)
        thread->drain();
}

void HttpServer::onWorkerDrained() {
    if (++m_workersDrained == static_cast<int>(m_workers.size()))
        finishDrain();
}

void HttpServer::onDrainTimeout() {
    for (const auto& thread : m_workers)
        thread->abortConnections();
    finishDrain();
}

void HttpServer::finishDrain() {
    if (m_drainedEmitted)
        return;
    m_drainedEmitted = true;
    m_drainTimer.stop();
    Q_EMIT drained();
}

void HttpServer::stop() {
    for (const auto& thread : m_workers)
        thread->stop();
    m_workers.clear();
}

} // namespace gatehouse::http
