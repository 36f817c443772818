#include "http/internal/WorkerThread.h"

#include "http/internal/HttpWorker.h"
#include "http/internal/ListenSocket.h"

namespace gatehouse::http::internal {

WorkerThread::WorkerThread(std::shared_ptr<ServerContext> context, qintptr listenDescriptor,
                           QObject* parent)
    : QThread(parent)
    , m_context(std::move(context))
    , m_descriptor(listenDescriptor) {}

WorkerThread::~WorkerThread() {
    stop();
}

Result<void> WorkerThread::waitUntilListening() {
    m_ready.acquire();
    m_ready.release(); // later callers return at once
    return m_listenResult;
}

void WorkerThread::run() {
    HttpWorker worker(m_context);
    m_listenResult = worker.listenOn(m_descriptor);
    const bool listening = m_listenResult.ok();
    if (listening) {
        connect(&worker, &HttpWorker::drained, this, &WorkerThread::workerDrained);
        m_worker.store(&worker, std::memory_order_release);
    }
    m_ready.release();
    if (!listening)
        return;
    exec();
    m_worker.store(nullptr, std::memory_order_release);
}

template <typename Function> void WorkerThread::post(Function function) {
    // The worker outlives every post: it is only destroyed after stop() quits the loop, and
    // posts come from the owning (server) thread, never concurrently with stop().
    if (HttpWorker* worker = m_worker.load(std::memory_order_acquire)) {
        QMetaObject::invokeMethod(
            worker, [worker, function] { function(*worker); }, Qt::QueuedConnection);
    }
}

void WorkerThread::drain() {
    post([](HttpWorker& worker) { worker.drain(); });
}

void WorkerThread::abortConnections() {
    post([](HttpWorker& worker) { worker.abortConnections(); });
}

void WorkerThread::stop() {
    if (!isRunning())
        return;
    quit();
    wait();
}

} // namespace gatehouse::http::internal
