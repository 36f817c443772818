#include "identity/UpstreamHttp.h"

#include "identity/UpstreamErrors.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslConfiguration>
#include <QTimer>
#include <memory>

namespace gatehouse::identity {
namespace {

struct PendingReply {
    QByteArray body;
    bool tooLarge = false;
    bool timedOut = false;
    bool finished = false;
};

// The system store is read once: parsing every bundled root for each request would cost
// milliseconds, and trust anchors do not change while the daemon runs.
const QList<QSslCertificate>& systemCaCertificates() {
    static const QList<QSslCertificate> certificates = QSslConfiguration::systemCaCertificates();
    return certificates;
}

// Host and path only: a query could carry something that is not ours to log.
QString describe(const QUrl& url) {
    return url.adjusted(QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::RemoveUserInfo).toString();
}

QString seconds(std::chrono::milliseconds duration) {
    return QString::number(static_cast<double>(duration.count()) / 1000.0, 'g', 3);
}

// What a finished reply amounts to: any HTTP status is a response; no status is a failure.
Result<UpstreamHttpResponse> outcome(QNetworkReply& reply, PendingReply& state, const QUrl& url,
                                     const UpstreamHttpLimits& limits) {
    const qint64 cap = limits.maxResponseBytes;
    if (!state.tooLarge && reply.isReadable())
        state.body += reply.read(cap + 1 - state.body.size());
    if (state.tooLarge || state.body.size() > cap)
        return upstreamError(QStringLiteral("the response of %1 is larger than %2 bytes")
                                 .arg(describe(url))
                                 .arg(cap));
    const QNetworkReply::NetworkError error = reply.error();
    if (state.timedOut || error == QNetworkReply::OperationCanceledError ||
        error == QNetworkReply::TimeoutError)
        return upstreamUnreachable(QStringLiteral("%1 did not answer within %2 s")
                                       .arg(describe(url), seconds(limits.timeout)));
    const QVariant status = reply.attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (!status.isValid())
        return upstreamUnreachable(
            QStringLiteral("%1 could not be reached: %2").arg(describe(url), reply.errorString()));
    return UpstreamHttpResponse{status.toInt(), std::move(state.body)};
}

} // namespace

UpstreamHttp::UpstreamHttp(UpstreamHttpLimits limits, QObject* parent)
    : QObject(parent)
    , m_limits(limits)
    , m_network(new QNetworkAccessManager(this)) {}

UpstreamHttp::~UpstreamHttp() {
    // Replies die with the manager; disconnect first so that their last signals reach no
    // half-destroyed callback.
    const QList<QNetworkReply*> replies = m_network->findChildren<QNetworkReply*>();
    for (QNetworkReply* reply : replies) {
        reply->disconnect(this);
        reply->abort();
    }
}

QNetworkRequest UpstreamHttp::makeRequest(const QUrl& url,
                                          const QList<QSslCertificate>& extraCa) const {
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    // One manager serves every user of the thread: a cookie set during one user's login must
    // not travel with the next user's requests.
    request.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
    request.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                         QNetworkRequest::AlwaysNetwork);
    request.setTransferTimeout(static_cast<int>(m_limits.timeout.count()));
    request.setRawHeader("Accept", "application/json");
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("Gatehouse"));
    if (!extraCa.isEmpty()) {
        // setCaCertificates replaces the trust store (and stops Qt from loading the system's on
        // demand), so the system's roots are passed along explicitly.
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setCaCertificates(systemCaCertificates() + extraCa);
        request.setSslConfiguration(tls);
    }
    return request;
}

void UpstreamHttp::get(const QUrl& url, const QList<QSslCertificate>& extraCa, Callback callback) {
    track(m_network->get(makeRequest(url, extraCa)), url, std::move(callback));
}

void UpstreamHttp::postForm(const QUrl& url, const QByteArray& body, const QList<Header>& headers,
                            const QList<QSslCertificate>& extraCa, Callback callback) {
    QNetworkRequest request = makeRequest(url, extraCa);
    request.setHeader(QNetworkRequest::ContentTypeHeader,
                      QByteArrayLiteral("application/x-www-form-urlencoded"));
    for (const auto& [name, value] : headers)
        request.setRawHeader(name, value);
    track(m_network->post(request, body), url, std::move(callback));
}

void UpstreamHttp::track(QNetworkReply* reply, const QUrl& url, Callback callback) {
    auto state = std::make_shared<PendingReply>();
    const qint64 cap = m_limits.maxResponseBytes;
    const auto tooLarge = [reply, state] {
        state->tooLarge = true;
        reply->abort();
    };

    auto* deadline = new QTimer(reply);
    deadline->setSingleShot(true);
    connect(deadline, &QTimer::timeout, this, [reply, state] {
        state->timedOut = true;
        reply->abort();
    });
    deadline->start(m_limits.timeout);

    connect(reply, &QNetworkReply::metaDataChanged, this, [reply, cap, tooLarge] {
        const QVariant length = reply->header(QNetworkRequest::ContentLengthHeader);
        if (length.isValid() && length.toLongLong() > cap)
            tooLarge();
    });
    connect(reply, &QIODevice::readyRead, this, [reply, state, cap, tooLarge] {
        if (state->finished || state->tooLarge)
            return;
        state->body += reply->read(cap + 1 - state->body.size());
        if (state->body.size() > cap)
            tooLarge();
    });
    connect(reply, &QNetworkReply::finished, this,
            [reply, state, url, limits = m_limits, callback = std::move(callback)] {
                reply->deleteLater();
                if (state->finished)
                    return;
                state->finished = true;
                callback(outcome(*reply, *state, url, limits));
            });
}

} // namespace gatehouse::identity
