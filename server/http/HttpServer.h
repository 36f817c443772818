#pragma once

#include "core/Result.h"
#include "http/HttpServerOptions.h"
#include "http/RequestHandler.h"
#include "http/RequestRecord.h"

#include <QObject>
#include <QTimer>
#include <functional>
#include <memory>
#include <vector>

namespace gatehouse::http {

namespace internal {
struct ServerContext;
class WorkerThread;
} // namespace internal

// The HTTP/1.1 server: N worker threads, each with its own event loop and its own listening socket
// on the shared port (SO_REUSEPORT), so the kernel spreads connections over the threads.
//
// The handler runs on the worker threads, concurrently, and must be thread-safe; it must not block
// (answer later through the Responder instead). A request whose handler never answers holds its
// connection until the client goes away, Timeouts::response passes (if set), or drain() times out.
// The HttpServer object itself belongs to the thread that created it: call start(), drain() and
// the destructor there; drained() is emitted there.
//
// Every worker and the kernel's accept queues are per listening socket: drain() closes them, and
// connections still queued in a closed socket's backlog are reset (stop routing traffic here,
// e.g. at the proxy, before draining).
class HttpServer final : public QObject {
    Q_OBJECT

public:
    explicit HttpServer(HttpServerOptions options, RequestHandler handler,
                        QObject* parent = nullptr);
    ~HttpServer() override; // stops the workers, closing every connection

    // Binds every worker's listening socket without serving yet, so that a caller asking for
    // port 0 learns the port (for its public URL) before it builds what the handler uses.
    // Connections that arrive meanwhile wait in the backlog. The error names the address.
    [[nodiscard]] Result<void> listen();
    // Starts every worker (binding first, unless listen() did); the error names the address.
    [[nodiscard]] Result<void> start();
    [[nodiscard]] quint16 port() const { return m_port; }
    [[nodiscard]] int workerCount() const { return static_cast<int>(m_workers.size()); }
    // Open connections over all workers (approximate while they change).
    [[nodiscard]] int connectionCount() const;

    // Called on worker threads once per completed or refused request; must be thread-safe and
    // cheap. Set before start().
    void setRequestObserver(std::function<void(const RequestRecord&)> observer);

    // Stop accepting, let in-flight requests finish (their responses carry "Connection: close"),
    // close idle keep-alive connections; emits drained() once every connection is gone or
    // Timeouts::drain has passed (then the rest are closed).
    void drain();

Q_SIGNALS:
    void drained();

private:
    void onWorkerDrained();
    void onDrainTimeout();
    void finishDrain();
    void stop();
    [[nodiscard]] Result<void> startWorkers(const std::vector<qintptr>& descriptors);

    std::shared_ptr<internal::ServerContext> m_context;
    std::vector<std::unique_ptr<internal::WorkerThread>> m_workers;
    std::vector<qintptr> m_listening; // bound by listen(), handed to the workers by start()
    QTimer m_drainTimer;
    quint16 m_port = 0;
    int m_workersDrained = 0;
    bool m_started = false;
    bool m_draining = false;
    bool m_drainedEmitted = false;
};

} // namespace gatehouse::http
