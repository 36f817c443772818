#include "models/api/ApiTransport.h"

#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslConfiguration>

namespace gatehouse::client {

using namespace Qt::StringLiterals;

namespace {

// Nothing reached the server: safe to try the other datacenter whatever the method.
bool unreachable(QNetworkReply::NetworkError error) {
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::HostNotFoundError:
    case QNetworkReply::TimeoutError:
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
        return true;
    default:
        return false;
    }
}

} // namespace

ApiTransport::ApiTransport(QNetworkAccessManager& network, ServerProfile profile, QObject* parent)
    : QObject(parent)
    , m_network(network)
    , m_profile(std::move(profile)) {}

QUrl ApiTransport::baseUrl(Endpoint endpoint) const {
    return endpoint == Endpoint::Secondary && !m_profile.secondaryUrl.isEmpty()
               ? m_profile.secondaryUrl
               : m_profile.primaryUrl;
}

QUrl ApiTransport::activeUrl() const {
    return baseUrl(m_active);
}

QUrl ApiTransport::urlFor(const QString& path, const QUrlQuery& query) const {
    QUrl url = activeUrl();
    QString base = url.path(QUrl::FullyEncoded);
    if (!base.endsWith(u'/'))
        base.append(u'/');
    // Tolerant, not decoded: what a caller percent-encoded (a '/' inside an id) stays encoded.
    url.setPath(base + path, QUrl::TolerantMode);
    if (!query.isEmpty())
        url.setQuery(query);
    return url;
}

void ApiTransport::setProfile(ServerProfile profile) {
    m_profile = std::move(profile);
    if (m_active != Endpoint::Primary) {
        m_active = Endpoint::Primary;
        Q_EMIT activeEndpointChanged(m_active);
    }
}

void ApiTransport::pinFingerprint(const QString& sha256) {
    m_profile.pinnedFingerprint = sha256;
}

ApiCall* ApiTransport::send(ApiRequest request) {
    auto* call = new ApiCall(std::move(request), this);
    start(call);
    return call;
}

void ApiTransport::start(ApiCall* call) {
    const ApiRequest& request = call->request();
    QNetworkRequest http(urlFor(request.path, request.query));
    http.setTransferTimeout(m_timeoutMs);
    http.setRawHeader("Accept", "application/json");
    if (!request.bearerToken.isEmpty())
        http.setRawHeader("Authorization", QByteArray("Bearer " + request.bearerToken));
    QByteArray body;
    if (request.json) {
        http.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
        body = request.json->toJson(QJsonDocument::Compact);
    } else if (request.form) {
        http.setHeader(QNetworkRequest::ContentTypeHeader, u"application/x-www-form-urlencoded"_s);
        body = request.form->toString(QUrl::FullyEncoded).toLatin1();
    }
    QNetworkReply* reply = body.isEmpty() && request.method == "GET"
                               ? m_network.get(http)
                               : m_network.sendCustomRequest(http, request.method, body);
    call->attach(reply);
    connect(reply, &QNetworkReply::sslErrors, call,
            [this, call, reply](const QList<QSslError>& errors) {
                QSslCertificate leaf;
                const QList<QSslCertificate> chain =
                    reply->sslConfiguration().peerCertificateChain();
                if (!chain.isEmpty())
                    leaf = chain.first();
                else if (!errors.isEmpty())
                    leaf = errors.first().certificate();
                const CertificateInfo info = CertificateInfo::of(leaf);
                if (!info.isNull() && !m_profile.pinnedFingerprint.isEmpty() &&
                    info.sha256.compare(m_profile.pinnedFingerprint, Qt::CaseInsensitive) == 0) {
                    reply->ignoreSslErrors(errors);
                    return;
                }
                call->m_untrusted = info;
            });
    connect(reply, &QNetworkReply::finished, call,
            [this, call, reply] { onFinished(call, reply); });
}

void ApiTransport::onFinished(ApiCall* call, QNetworkReply* reply) {
    reply->deleteLater();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    const QNetworkReply::NetworkError error = reply->error();
    const QString endpoint = reply->url().adjusted(QUrl::RemoveQuery).toString();
    ApiResult result;
    result.httpStatus = status;

    if (call->m_cancelled) {
        result.error =
            ApiError{0, QString::fromLatin1(ApiError::kCancelled), u"Cancelled."_s, endpoint};
        return call->finish(std::move(result));
    }
    if (!call->m_untrusted.isNull()) {
        result.error = ApiError{0, QString::fromLatin1(ApiError::kUntrustedCertificate),
                                u"The server's certificate is not trusted by this system "
                                "(SHA-256 %1)."_s.arg(call->m_untrusted.sha256),
                                endpoint};
        result.untrustedCertificate = call->m_untrusted;
        Q_EMIT untrustedCertificate(call->m_untrusted);
        return call->finish(std::move(result));
    }
    if (status == 0 && unreachable(error) && !call->m_retried &&
        !m_profile.secondaryUrl.isEmpty()) {
        call->m_retried = true;
        m_active = m_active == Endpoint::Primary ? Endpoint::Secondary : Endpoint::Primary;
        Q_EMIT activeEndpointChanged(m_active);
        return start(call);
    }
    setReachable(status != 0);
    if (status == 0 || status >= 400) {
        result.error = ApiError::fromReply(error, status, body, reply->errorString(), endpoint);
        return call->finish(std::move(result));
    }
    if (!body.isEmpty()) {
        QJsonParseError parse{};
        result.json = QJsonDocument::fromJson(body, &parse);
        if (parse.error != QJsonParseError::NoError) {
            result.error =
                ApiError{status, QString::fromLatin1(ApiError::kBadResponse),
                         u"The answer is not JSON: %1."_s.arg(parse.errorString()), endpoint};
        }
    }
    call->finish(std::move(result));
}

void ApiTransport::setReachable(bool reachable) {
    if (reachable == m_reachable)
        return;
    m_reachable = reachable;
    Q_EMIT reachabilityChanged(reachable);
}

} // namespace gatehouse::client
