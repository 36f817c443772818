#include "oidc/SigningPool.h"

#include <QThread>

namespace gatehouse::oidc {

SigningPool::SigningPool(int threads, int maxQueued)
    : m_maxQueued(maxQueued) {
    m_pool.setMaxThreadCount(threads > 0 ? threads : QThread::idealThreadCount());
    // Signing threads are busy in bursts; keeping them avoids a thread start per burst.
    m_pool.setExpiryTimeout(-1);
}

SigningPool::~SigningPool() {
    m_pool.waitForDone();
}

bool SigningPool::trySubmit(std::function<void()> work) {
    if (m_pending.fetch_add(1, std::memory_order_relaxed) >= m_maxQueued) {
        m_pending.fetch_sub(1, std::memory_order_relaxed);
        return false;
    }
    m_pool.start([this, work = std::move(work)] {
        work();
        m_pending.fetch_sub(1, std::memory_order_relaxed);
    });
    return true;
}

void SigningPool::waitForDone() {
    m_pool.waitForDone();
}

} // namespace gatehouse::oidc
