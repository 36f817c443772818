#pragma once

#include <QThreadPool>

#include <atomic>
#include <functional>

namespace gatehouse::oidc {

// The bounded pool that RSA signatures run on. An RS256 signature costs ~0.9 ms of CPU (FACTS.md),
// ~100 times a cheap request, so it must not run on an HTTP worker thread: JWKS, discovery and
// ES256 tokens keep flowing while RSA work queues here. Threads default to the core count, so
// signing can use every core and nothing more; the queue is bounded too, so a flood of token
// requests is refused early (503) instead of growing memory and latency without end.
class SigningPool final {
public:
    // threads <= 0: QThread::idealThreadCount().
    explicit SigningPool(int threads = 0, int maxQueued = 4096);
    ~SigningPool();
    SigningPool(const SigningPool&) = delete;
    SigningPool& operator=(const SigningPool&) = delete;

    // Runs `work` on a pool thread; false (and `work` is dropped) when maxQueued jobs are waiting
    // or running already. Thread-safe.
    [[nodiscard]] bool trySubmit(std::function<void()> work);

    [[nodiscard]] int threadCount() const { return m_pool.maxThreadCount(); }
    [[nodiscard]] int pending() const { return m_pending.load(std::memory_order_relaxed); }
    // Blocks until every submitted job has finished (shutdown and tests).
    void waitForDone();

private:
    QThreadPool m_pool;
    const int m_maxQueued;
    std::atomic<int> m_pending{0};
};

} // namespace gatehouse::oidc
