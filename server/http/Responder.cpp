#include "http/Responder.h"

#include "http/internal/ResponderState.h"

namespace gatehouse::http {

Responder::Responder(std::function<void(HttpResponse)> callback)
    : m_state(std::make_shared<internal::ResponderState>(std::move(callback))) {}

Responder::Responder(std::shared_ptr<internal::ResponderState> state)
    : m_state(std::move(state)) {}

void Responder::send(HttpResponse response) const {
    m_state->send(std::move(response));
}

bool Responder::isSent() const {
    return m_state->isSent();
}

void Responder::setRoutePattern(QByteArray pattern) const {
    m_state->setRoutePattern(std::move(pattern));
}

} // namespace gatehouse::http
