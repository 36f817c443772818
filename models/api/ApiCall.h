#pragma once

#include "models/api/ApiError.h"
#include "models/api/CertificateInfo.h"

#include <QByteArray>
#include <QJsonDocument>
#include <QObject>
#include <QPointer>
#include <QUrlQuery>
#include <optional>

class QNetworkReply;

namespace gatehouse::client {

// One HTTP request to a Gatehouse server, as the session and the models describe it. `path` is
// relative to the server root ("t/acme/api/v2/clients"); the transport picks the datacenter.
struct ApiRequest {
    QByteArray method = QByteArrayLiteral("GET");
    QString path;
    QUrlQuery query;
    std::optional<QJsonDocument> json; // sent as application/json
    std::optional<QUrlQuery> form;     // sent as application/x-www-form-urlencoded
    QByteArray bearerToken;            // Authorization: Bearer …, when set
};

// The answer: the status and JSON body on success, the error otherwise.
struct ApiResult {
    int httpStatus = 0;
    QJsonDocument json;
    std::optional<ApiError> error;
    CertificateInfo untrustedCertificate; // for ApiError::kUntrustedCertificate

    [[nodiscard]] bool ok() const { return !error.has_value(); }
};

// A request in flight. Emits finished() exactly once (also when cancelled), then deletes itself
// on the event loop: connect to finished() with a context object and read result() there.
class ApiCall final : public QObject {
    Q_OBJECT

public:
    explicit ApiCall(ApiRequest request, QObject* parent = nullptr);

    [[nodiscard]] const ApiRequest& request() const { return m_request; }
    [[nodiscard]] const ApiResult& result() const { return m_result; }
    [[nodiscard]] bool isFinished() const { return m_finished; }

    // Aborts the request; finished() follows with ApiError::kCancelled.
    void cancel();

Q_SIGNALS:
    void finished();

private:
    friend class ApiTransport;
    friend class Session;

    void attach(QNetworkReply* reply);
    // A call another one runs on its behalf (the session's retry after a token refresh).
    void delegateTo(ApiCall* inner);
    void finish(ApiResult result);

    ApiRequest m_request;
    ApiResult m_result;
    QPointer<QNetworkReply> m_reply;
    QPointer<ApiCall> m_inner;
    CertificateInfo m_untrusted;
    bool m_cancelled = false;
    bool m_finished = false;
    bool m_retried = false; // already tried the other datacenter
};

} // namespace gatehouse::client
