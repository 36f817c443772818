#include "models/api/ApiCall.h"

#include <QNetworkReply>

namespace gatehouse::client {

ApiCall::ApiCall(ApiRequest request, QObject* parent)
    : QObject(parent)
    , m_request(std::move(request)) {}

void ApiCall::cancel() {
    if (m_finished)
        return;
    m_cancelled = true;
    if (m_reply) {
        m_reply->abort(); // the transport's finished handler reports the cancellation
    } else if (m_inner) {
        m_inner->cancel(); // its finished() finishes this one
    } else {
        // Not sent yet (waiting for a token): nothing else will report it.
        ApiResult result;
        result.error = ApiError{
            0, QString::fromLatin1(ApiError::kCancelled), QStringLiteral("Cancelled."), {}};
        finish(std::move(result));
    }
}

void ApiCall::delegateTo(ApiCall* inner) {
    m_inner = inner;
}

void ApiCall::attach(QNetworkReply* reply) {
    m_reply = reply;
}

void ApiCall::finish(ApiResult result) {
    if (m_finished)
        return;
    m_finished = true;
    m_result = std::move(result);
    Q_EMIT finished();
    deleteLater();
}

} // namespace gatehouse::client
