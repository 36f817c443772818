#pragma once

#include <QtGlobal>
#include <chrono>

namespace gatehouse::http::internal {

class HttpConnection;

// Deadlines of one fixed duration, kept in arming order, which is deadline order: arming and
// disarming are O(1) list operations and a worker's periodic tick pops only what expired. This
// replaces a QTimer per connection (whose restart per request costs a timer-list search in the
// event dispatcher) with no timer work at all on the request path.
class TimeoutQueue final {
public:
    struct Node {
        Node* prev = nullptr;
        Node* next = nullptr;
        TimeoutQueue* queue = nullptr;
        qint64 deadline = 0;
        HttpConnection* owner = nullptr;
    };

    explicit TimeoutQueue(std::chrono::milliseconds duration);
    ~TimeoutQueue();
    TimeoutQueue(const TimeoutQueue&) = delete;
    TimeoutQueue& operator=(const TimeoutQueue&) = delete;

    // (Re)arms `node` to expire `duration` after `nowMs`, removing it from any queue it was in.
    void arm(Node& node, qint64 nowMs);
    static void disarm(Node& node);

    // Removes and returns the first node whose deadline has passed, or nullptr.
    [[nodiscard]] Node* popExpired(qint64 nowMs);

    [[nodiscard]] std::chrono::milliseconds duration() const { return m_duration; }
    [[nodiscard]] bool isEmpty() const { return m_head == nullptr; }

private:
    std::chrono::milliseconds m_duration;
    Node* m_head = nullptr;
    Node* m_tail = nullptr;
};

} // namespace gatehouse::http::internal
