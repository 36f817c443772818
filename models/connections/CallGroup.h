#pragma once

#include "models/api/ApiCall.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <functional>
#include <optional>

namespace gatehouse::client {

// One operation of a page made of several calls (save a client and the connections it is
// enabled on; save a connection and the tenant's thresholds): they run together, can be
// cancelled together, and report once, with the first error. One operation at a time.
// Used by the applications and connections pages; nothing in it is specific to either.
class CallGroup final : public QObject {
    Q_OBJECT

public:
    using Done = std::function<void(const std::optional<ApiError>& firstError)>;

    explicit CallGroup(QObject* parent = nullptr);

    // Starts waiting for `calls` (already sent); `done` runs once they all finished, at once
    // when there are none. Null calls are skipped.
    void run(const QList<ApiCall*>& calls, Done done);
    [[nodiscard]] bool isRunning() const { return m_remaining > 0; }
    // Cancels the calls still running; `done` then gets a cancellation unless another error
    // came first.
    void cancel();

Q_SIGNALS:
    void runningChanged(bool running);

private:
    void onFinished(ApiCall* call);

    QList<QPointer<ApiCall>> m_calls;
    int m_remaining = 0;
    int m_generation = 0;
    std::optional<ApiError> m_firstError;
    Done m_done;
};

} // namespace gatehouse::client
