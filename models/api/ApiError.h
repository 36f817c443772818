#pragma once

#include <QJsonDocument>
#include <QNetworkReply>
#include <QString>

namespace gatehouse::client {

// What went wrong with a call, in the server's terms when it answered (HTTP status plus the JSON
// `error` code and message every Gatehouse error carries) and in the transport's otherwise.
// `hint()` is what the person at the dashboard can do about it.
struct ApiError {
    int httpStatus = 0; // 0: no HTTP answer (network, TLS, cancelled)
    QString code;       // the server's `error`, or one of the transport codes below
    QString message;    // the server's message (or error_description), or the transport's
    QString endpoint;   // the URL that failed, for the message

    // Transport codes: no HTTP answer.
    static constexpr const char* kUnreachable = "unreachable";
    static constexpr const char* kTimeout = "timeout";
    static constexpr const char* kUntrustedCertificate = "untrusted_certificate";
    static constexpr const char* kTlsFailure = "tls_failure";
    static constexpr const char* kCancelled = "cancelled";
    static constexpr const char* kBadResponse = "bad_response";

    [[nodiscard]] static ApiError fromReply(QNetworkReply::NetworkError error, int httpStatus,
                                            const QByteArray& body, const QString& errorString,
                                            const QString& endpoint);

    [[nodiscard]] bool isCancelled() const { return code == QLatin1String(kCancelled); }
    [[nodiscard]] bool isReadOnly() const { return code == QLatin1String("read_only"); }
    // The next step for a person: sign in again, ask an owner, check the server, ...
    [[nodiscard]] QString hint() const;
    // "message (code, HTTP 403)": for status bars and logs.
    [[nodiscard]] QString summary() const;
};

} // namespace gatehouse::client
