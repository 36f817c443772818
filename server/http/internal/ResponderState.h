#pragma once

#include "http/HttpResponse.h"

#include <QByteArray>
#include <atomic>
#include <functional>
#include <memory>

namespace gatehouse::http::internal {

struct ConnectionLink;

// The state shared by every copy of one Responder: where the response goes, and whether it went.
class ResponderState final {
public:
    explicit ResponderState(std::shared_ptr<ConnectionLink> link, quint64 sequence);
    explicit ResponderState(std::function<void(HttpResponse)> callback);
    ~ResponderState();
    ResponderState(const ResponderState&) = delete;
    ResponderState& operator=(const ResponderState&) = delete;

    void send(HttpResponse response);
    [[nodiscard]] bool isSent() const { return m_sent.load(std::memory_order_acquire); }

    // Written by the router on the dispatching thread before the handler runs; send() passes a
    // copy along with the response, so the reader never races with it.
    void setRoutePattern(QByteArray pattern) { m_route = std::move(pattern); }

private:
    void deliver(HttpResponse response);

    std::atomic<bool> m_sent{false};
    std::function<void(HttpResponse)> m_callback;
    std::shared_ptr<ConnectionLink> m_link;
    quint64 m_sequence = 0;
    QByteArray m_route;
};

} // namespace gatehouse::http::internal
