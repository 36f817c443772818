#pragma once

#include "core/Result.h"
#include "http/RequestRecord.h"
#include "http/internal/ServerContext.h"
#include "http/internal/TimeoutQueue.h"

#include <QByteArray>
#include <QSet>
#include <QTcpServer>
#include <QTimer>
#include <memory>
#include <vector>

namespace gatehouse::http::internal {

class HttpConnection;

// One worker thread's share of the server: its listening socket (on the port every worker shares),
// its connections, their timeouts and one coarse tick that expires them. Lives and dies on its
// thread; other threads reach it only through queued calls.
class HttpWorker final : public QTcpServer {
    Q_OBJECT

public:
    explicit HttpWorker(std::shared_ptr<ServerContext> context, QObject* parent = nullptr);
    ~HttpWorker() override;

    // Takes ownership of a bound, listening descriptor.
    [[nodiscard]] Result<void> listenOn(qintptr descriptor);
    // Stop accepting, let connections finish their current request, then emit drained().
    void drain();
    // Close every connection now (drain timeout, shutdown).
    void abortConnections();

    // For connections:
    [[nodiscard]] const ServerContext& context() const { return *m_context; }
    [[nodiscard]] bool isDraining() const { return m_draining; }
    [[nodiscard]] static qint64 nowMicros();
    void armRead(TimeoutQueue::Node& node) { m_read.arm(node, nowMicros() / 1000); }
    void armIdle(TimeoutQueue::Node& node) { m_idle.arm(node, nowMicros() / 1000); }
    void armLinger(TimeoutQueue::Node& node) { m_linger.arm(node, nowMicros() / 1000); }
    void armResponse(TimeoutQueue::Node& node);
    // Serialisation scratch space reused by every response of this thread.
    [[nodiscard]] QByteArray& outputBuffer() { return m_output; }
    void record(const RequestRecord& record) const;
    void forget(HttpConnection* connection);

Q_SIGNALS:
    void drained();

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    struct Rejected {
        qintptr descriptor;
        qint64 deadlineMs;
    };

    void onTick();
    void onAcceptError();
    void rejectOverLimit(qintptr descriptor);
    void pollRejected(qint64 nowMs, bool closeAll);
    void expire(TimeoutQueue& queue, qint64 nowMs);
    void checkDrained();

    std::shared_ptr<ServerContext> m_context;
    TimeoutQueue m_read;
    TimeoutQueue m_idle;
    TimeoutQueue m_linger;
    TimeoutQueue m_response;
    QTimer m_tick;
    QSet<HttpConnection*> m_connections;
    std::vector<Rejected> m_rejected;
    QByteArray m_output;
    bool m_draining = false;
    bool m_drainedEmitted = false;
    bool m_destroying = false;
};

} // namespace gatehouse::http::internal
