#pragma once

#include "http/HttpServerOptions.h"
#include "http/RequestHandler.h"
#include "http/RequestRecord.h"

#include <atomic>
#include <functional>

namespace gatehouse::http::internal {

// What every worker of one HttpServer shares. Immutable once the workers run, except the
// connection count, which is how maxConnections holds across workers.
struct ServerContext {
    HttpServerOptions options;
    RequestHandler handler;
    std::function<void(const RequestRecord&)> observer;
    std::atomic<int> connections{0};

    [[nodiscard]] bool tryAcquireConnection() {
        if (connections.fetch_add(1, std::memory_order_relaxed) < options.limits.maxConnections)
            return true;
        connections.fetch_sub(1, std::memory_order_relaxed);
        return false;
    }
    void releaseConnection() { connections.fetch_sub(1, std::memory_order_relaxed); }
};

} // namespace gatehouse::http::internal
