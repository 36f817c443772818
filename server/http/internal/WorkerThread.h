#pragma once

#include "core/Result.h"
#include "http/internal/ServerContext.h"

#include <QSemaphore>
#include <QThread>
#include <atomic>
#include <memory>

namespace gatehouse::http::internal {

class HttpWorker;

// A thread running one HttpWorker, created inside the thread (Qt objects belong to the thread
// that creates them) and destroyed there when the thread's event loop quits.
class WorkerThread final : public QThread {
    Q_OBJECT

public:
    explicit WorkerThread(std::shared_ptr<ServerContext> context, qintptr listenDescriptor,
                          QObject* parent = nullptr);
    ~WorkerThread() override;

    // Blocks until the worker listens (or failed to).
    [[nodiscard]] Result<void> waitUntilListening();
    // Thread-safe; queued to the worker.
    void drain();
    void abortConnections();
    // Quits the event loop and joins; the worker and its connections are destroyed on the thread.
    void stop();

Q_SIGNALS:
    void workerDrained();

protected:
    void run() override;

private:
    template <typename Function> void post(Function function);

    std::shared_ptr<ServerContext> m_context;
    qintptr m_descriptor;
    QSemaphore m_ready;
    Result<void> m_listenResult;
    std::atomic<HttpWorker*> m_worker{nullptr};
};

} // namespace gatehouse::http::internal
