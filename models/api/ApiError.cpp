#include "models/api/ApiError.h"

#include <QJsonObject>

namespace gatehouse::client {

using namespace Qt::StringLiterals;

namespace {

QString transportCode(QNetworkReply::NetworkError error) {
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::RemoteHostClosedError:
    case QNetworkReply::HostNotFoundError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::UnknownNetworkError:
        return QString::fromLatin1(ApiError::kUnreachable);
    case QNetworkReply::TimeoutError:
        return QString::fromLatin1(ApiError::kTimeout);
    case QNetworkReply::OperationCanceledError:
        return QString::fromLatin1(ApiError::kCancelled);
    case QNetworkReply::SslHandshakeFailedError:
        return QString::fromLatin1(ApiError::kTlsFailure);
    default:
        return QString::fromLatin1(ApiError::kUnreachable);
    }
}

} // namespace

ApiError ApiError::fromReply(QNetworkReply::NetworkError error, int httpStatus,
                             const QByteArray& body, const QString& errorString,
                             const QString& endpoint) {
    ApiError result;
    result.httpStatus = httpStatus;
    result.endpoint = endpoint;
    if (httpStatus == 0) {
        result.code = transportCode(error);
        result.message = errorString;
        return result;
    }
    const QJsonObject json = QJsonDocument::fromJson(body).object();
    result.code = json.value("error"_L1).toString();
    result.message = json.value("message"_L1).toString();
    if (result.message.isEmpty())
        result.message = json.value("error_description"_L1).toString();
    if (result.code.isEmpty())
        result.code = u"http_%1"_s.arg(httpStatus);
    if (result.message.isEmpty())
        result.message = errorString.isEmpty() ? u"HTTP %1"_s.arg(httpStatus) : errorString;
    return result;
}

QString ApiError::hint() const {
    if (code == QLatin1String(kUnreachable))
        return u"Check that the server is running and that %1 is the right address."_s.arg(
            endpoint.isEmpty() ? u"the profile's URL"_s : endpoint);
    if (code == QLatin1String(kTimeout))
        return u"The server did not answer in time; try again, and check its load."_s;
    if (code == QLatin1String(kUntrustedCertificate))
        return u"Compare the certificate's fingerprint with the server's before trusting it."_s;
    if (code == QLatin1String(kTlsFailure))
        return u"The secure connection failed; check the server's TLS configuration."_s;
    if (code == QLatin1String(kBadResponse))
        return u"The server's answer was not understood; check that the URL is a Gatehouse "
               "server of a matching version."_s;
    if (isReadOnly())
        return u"The secondary datacenter is serving: configuration is read-only until the "
               "primary is back."_s;
    switch (httpStatus) {
    case 401:
        return u"Your session has ended; sign in again."_s;
    case 403:
        return u"Your role does not allow this; ask an owner of this server."_s;
    case 404:
        return u"It no longer exists; refresh the list."_s;
    case 409:
        return u"It conflicts with what is already there; change the value and try again."_s;
    case 429:
        return u"Too many requests; wait a moment and try again."_s;
    default:
        break;
    }
    if (httpStatus >= 500)
        return u"The server failed; its log has the details."_s;
    if (httpStatus >= 400)
        return u"Correct the value the message names and try again."_s;
    return {};
}

QString ApiError::summary() const {
    if (httpStatus == 0)
        return u"%1 (%2)"_s.arg(message, code);
    return u"%1 (%2, HTTP %3)"_s.arg(message, code).arg(httpStatus);
}

} // namespace gatehouse::client
