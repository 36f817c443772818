#include "models/connections/CallGroup.h"

namespace gatehouse::client {

CallGroup::CallGroup(QObject* parent)
    : QObject(parent) {}

void CallGroup::run(const QList<ApiCall*>& calls, Done done) {
    ++m_generation;
    m_calls.clear();
    m_firstError.reset();
    m_done = std::move(done);
    for (ApiCall* call : calls) {
        if (call != nullptr)
            m_calls.append(call);
    }
    m_remaining = int(m_calls.size());
    if (m_remaining == 0) {
        const Done finished = std::move(m_done);
        m_done = nullptr;
        if (finished)
            finished(std::nullopt);
        return;
    }
    const int generation = m_generation;
    for (const QPointer<ApiCall>& call : std::as_const(m_calls)) {
        ApiCall* raw = call;
        connect(raw, &ApiCall::finished, this, [this, raw, generation] {
            if (generation == m_generation)
                onFinished(raw);
        });
    }
    Q_EMIT runningChanged(true);
}

void CallGroup::cancel() {
    // Copies: a call's finished() (emitted inside cancel()) changes the list.
    const QList<QPointer<ApiCall>> calls = m_calls;
    for (const QPointer<ApiCall>& call : calls) {
        if (call && !call->isFinished())
            call->cancel();
    }
}

void CallGroup::onFinished(ApiCall* call) {
    const ApiResult& result = call->result();
    if (!result.ok() &&
        (!m_firstError || (m_firstError->isCancelled() && !result.error->isCancelled())))
        m_firstError = result.error;
    if (--m_remaining > 0)
        return;
    m_calls.clear();
    const Done finished = std::move(m_done);
    m_done = nullptr;
    const std::optional<ApiError> error = m_firstError;
    Q_EMIT runningChanged(false);
    if (finished)
        finished(error);
}

} // namespace gatehouse::client
