#include "models/connections/DiscoveryProbe.h"

#include "models/api/CertificateInfo.h"
#include "models/connections/ConnectionRecord.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSslConfiguration>
#include <QTimer>

namespace gatehouse::client {

using namespace Qt::StringLiterals;

namespace {

// A discovery document is a few kilobytes; more is not one.
constexpr qint64 kMaxBytes = 1024 * 1024;

bool sameOrigin(const QUrl& a, const QUrl& b) {
    return a.scheme().compare(b.scheme(), Qt::CaseInsensitive) == 0 &&
           a.host().compare(b.host(), Qt::CaseInsensitive) == 0 &&
           a.port(a.scheme() == "http"_L1 ? 80 : 443) == b.port(b.scheme() == "http"_L1 ? 80 : 443);
}

// identity::isAllowedUpstreamUrl: https, or http on a loopback host; no user or fragment.
bool isAllowedEndpoint(const QString& text) {
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty() || !url.userInfo().isEmpty() || url.hasFragment())
        return false;
    const QString scheme = url.scheme().toLower();
    const bool loopback = url.host() == "127.0.0.1"_L1 || url.host() == "::1"_L1 ||
                          url.host().compare("localhost"_L1, Qt::CaseInsensitive) == 0;
    return scheme == "https"_L1 || (scheme == "http"_L1 && loopback);
}

DiscoveryResult failure(const QUrl& url, const QString& error, const QString& hint) {
    DiscoveryResult result;
    result.outcome = DiscoveryResult::Outcome::Failure;
    result.url = url;
    result.error = error;
    result.hint = hint;
    return result;
}

} // namespace

DiscoveryProbe::DiscoveryProbe(QNetworkAccessManager& network, QObject* parent)
    : QObject(parent)
    , m_network(network) {}

void DiscoveryProbe::setPinnedCertificate(const QList<QUrl>& servers, const QString& sha256) {
    m_pinnedServers.clear();
    for (const QUrl& server : servers) {
        if (server.isValid() && !server.host().isEmpty())
            m_pinnedServers.append(server);
    }
    m_pinnedSha256 = sha256;
}

QUrl DiscoveryProbe::discoveryUrlFor(const QString& issuer, const QString& discoveryUrl) {
    if (!discoveryUrl.trimmed().isEmpty())
        return QUrl(discoveryUrl.trimmed(), QUrl::StrictMode);
    // As the server derives it (identity::UpstreamOidcConfig), Discovery §4.1.
    QString base = issuer.trimmed();
    while (base.endsWith(u'/'))
        base.chop(1);
    return QUrl(base + u"/.well-known/openid-configuration"_s, QUrl::StrictMode);
}

void DiscoveryProbe::start(const QString& issuer, const QString& discoveryUrl) {
    if (m_reply) {
        QNetworkReply* old = m_reply;
        m_reply.clear();
        old->disconnect(this);
        old->abort();
        old->deleteLater();
    }
    m_untrusted.clear();
    const QUrl url = discoveryUrlFor(issuer, discoveryUrl);
    QString problem = ConnectionRecord::checkUpstreamUrl(issuer);
    if (problem.isEmpty() && !discoveryUrl.trimmed().isEmpty())
        problem = ConnectionRecord::checkUpstreamUrl(discoveryUrl);
    Q_EMIT started(url);
    if (!problem.isEmpty()) {
        // Reported from the event loop like every other outcome.
        const DiscoveryResult result =
            failure(url, tr("The URL cannot be used: %1").arg(problem),
                    tr("Correct the issuer or discovery URL and test again."));
        QTimer::singleShot(0, this, [this, result] { finish(result); });
        return;
    }
    QNetworkRequest request(url);
    request.setRawHeader("Accept", "application/json");
    request.setTransferTimeout(m_timeoutMs);
    // The server does not follow redirects either (identity::UpstreamHttp).
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    QNetworkReply* reply = m_network.get(request);
    m_reply = reply;
    connect(reply, &QNetworkReply::sslErrors, this, [this, reply](const QList<QSslError>& errors) {
        const QList<QSslCertificate> chain = reply->sslConfiguration().peerCertificateChain();
        const CertificateInfo leaf = CertificateInfo::of(
            !chain.isEmpty()
                ? chain.first()
                : (errors.isEmpty() ? QSslCertificate() : errors.first().certificate()));
        const bool pinned = !m_pinnedSha256.isEmpty() && !leaf.isNull() &&
                            leaf.sha256.compare(m_pinnedSha256, Qt::CaseInsensitive) == 0;
        for (const QUrl& server : std::as_const(m_pinnedServers)) {
            if (pinned && sameOrigin(server, reply->url())) {
                reply->ignoreSslErrors(errors);
                return;
            }
        }
        m_untrusted = leaf.sha256;
    });
    connect(reply, &QNetworkReply::downloadProgress, this,
            [this, reply](qint64 received, qint64 total) {
                if (received > kMaxBytes)
                    reply->abort();
                Q_EMIT progress(received, total);
            });
    connect(reply, &QNetworkReply::finished, this,
            [this, reply, issuer, url] { onFinished(reply, issuer.trimmed(), url); });
}

void DiscoveryProbe::cancel() {
    if (!m_reply)
        return;
    QNetworkReply* reply = m_reply;
    m_reply.clear();
    reply->disconnect(this);
    reply->abort();
    reply->deleteLater();
    DiscoveryResult result;
    result.outcome = DiscoveryResult::Outcome::Cancelled;
    result.url = reply->url();
    result.error = tr("Cancelled.");
    finish(result);
}

void DiscoveryProbe::finish(DiscoveryResult result) {
    Q_EMIT finished(result);
}

void DiscoveryProbe::onFinished(QNetworkReply* reply, const QString& issuer, const QUrl& url) {
    reply->deleteLater();
    if (reply != m_reply)
        return;
    m_reply.clear();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->read(kMaxBytes + 1);
    if (!m_untrusted.isEmpty())
        return finish(failure(
            url,
            tr("The provider's certificate is not trusted by this system (SHA-256 %1).")
                .arg(m_untrusted),
            tr("The server checks certificates the same way: use a certificate from a trusted "
               "authority, or have the operator name its CA in the connection's tls_ca_file.")));
    if (status == 0)
        return finish(failure(url,
                              tr("No answer from %1: %2").arg(url.host(), reply->errorString()),
                              tr("Check the URL, and that this machine can reach the provider.")));
    if (status >= 300 && status < 400)
        return finish(failure(url,
                              tr("The provider redirects (HTTP %1) to %2.")
                                  .arg(status)
                                  .arg(QString::fromUtf8(reply->rawHeader("Location"))),
                              tr("Redirects are not followed: enter the issuer (or discovery URL) "
                                 "it redirects to.")));
    if (status != 200)
        return finish(failure(
            url, tr("The provider answered HTTP %1 for %2.").arg(status).arg(url.toString()),
            tr("Check the issuer: the document must be at "
               "<issuer>/.well-known/openid-configuration, or enter the "
               "discovery URL.")));
    if (body.size() > kMaxBytes)
        return finish(failure(url, tr("The answer is larger than a discovery document can be."),
                              tr("Check that the URL is the provider's discovery document.")));
    finish(check(body, issuer, url));
}

DiscoveryResult DiscoveryProbe::check(const QByteArray& body, const QString& issuer,
                                      const QUrl& url) const {
    QJsonParseError parse{};
    const QJsonDocument json = QJsonDocument::fromJson(body, &parse);
    if (parse.error != QJsonParseError::NoError || !json.isObject())
        return failure(url, tr("The answer is not a JSON discovery document."),
                       tr("Check that the URL is the provider's discovery document."));
    const QJsonObject object = json.object();
    DiscoveryDocument document;
    document.issuer = object.value("issuer"_L1).toString();
    document.authorizationEndpoint = object.value("authorization_endpoint"_L1).toString();
    document.tokenEndpoint = object.value("token_endpoint"_L1).toString();
    document.userinfoEndpoint = object.value("userinfo_endpoint"_L1).toString();
    document.jwksUri = object.value("jwks_uri"_L1).toString();
    document.endSessionEndpoint = object.value("end_session_endpoint"_L1).toString();
    for (const QJsonValue& scope : object.value("scopes_supported"_L1).toArray())
        document.scopesSupported.append(scope.toString());
    if (document.issuer != issuer)
        return failure(
            url, tr("The document names the issuer “%1”, not “%2”.").arg(document.issuer, issuer),
            tr("The issuer must match exactly (OpenID Connect Discovery §4.3), "
               "including any trailing slash: enter “%1”.")
                .arg(document.issuer));
    const QList<std::pair<QString, QString>> required{
        {u"authorization_endpoint"_s, document.authorizationEndpoint},
        {u"token_endpoint"_s, document.tokenEndpoint},
        {u"jwks_uri"_s, document.jwksUri}};
    for (const auto& [name, value] : required) {
        if (!isAllowedEndpoint(value))
            return failure(url, tr("The document's %1 is missing or not an https URL.").arg(name),
                           tr("Sign-in through this provider cannot work until it has one."));
    }
    DiscoveryResult result;
    result.outcome = DiscoveryResult::Outcome::Success;
    result.url = url;
    result.document = document;
    return result;
}

} // namespace gatehouse::client
