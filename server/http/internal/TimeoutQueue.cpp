#include "http/internal/TimeoutQueue.h"

namespace gatehouse::http::internal {

TimeoutQueue::TimeoutQueue(std::chrono::milliseconds duration)
    : m_duration(duration) {}

TimeoutQueue::~TimeoutQueue() {
    while (m_head)
        disarm(*m_head);
}

void TimeoutQueue::arm(Node& node, qint64 nowMs) {
    disarm(node);
    node.deadline = nowMs + m_duration.count();
    node.queue = this;
    node.prev = m_tail;
    node.next = nullptr;
    if (m_tail)
        m_tail->next = &node;
    else
        m_head = &node;
    m_tail = &node;
}

void TimeoutQueue::disarm(Node& node) {
    TimeoutQueue* queue = node.queue;
    if (!queue)
        return;
    if (node.prev)
        node.prev->next = node.next;
    else
        queue->m_head = node.next;
    if (node.next)
        node.next->prev = node.prev;
    else
        queue->m_tail = node.prev;
    node.prev = node.next = nullptr;
    node.queue = nullptr;
}

TimeoutQueue::Node* TimeoutQueue::popExpired(qint64 nowMs) {
    if (!m_head || m_head->deadline > nowMs)
        return nullptr;
    Node* node = m_head;
    disarm(*node);
    return node;
}

} // namespace gatehouse::http::internal
