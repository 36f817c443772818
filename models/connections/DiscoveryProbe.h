#pragma once

#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;

namespace gatehouse::client {

// What an upstream provider's discovery document says (OpenID Connect Discovery 1.0 §3).
struct DiscoveryDocument {
    QString issuer;
    QString authorizationEndpoint;
    QString tokenEndpoint;
    QString userinfoEndpoint;
    QString jwksUri;
    QString endSessionEndpoint;
    QStringList scopesSupported;
};

// The outcome of one probe: the document, or what went wrong and what to do about it.
struct DiscoveryResult {
    enum class Outcome { Success, Failure, Cancelled };
    Outcome outcome = Outcome::Failure;
    QUrl url; // the discovery URL fetched
    DiscoveryDocument document;
    QString error; // what went wrong
    QString hint;  // what to do about it

    [[nodiscard]] bool ok() const { return outcome == Outcome::Success; }
};

// "Test" for an upstream OIDC connection: fetches the discovery document from the dashboard's
// machine and checks it as the server will (identity::UpstreamMetadata): the issuer it names
// must be the configured one exactly (Discovery §4.3), and the authorization, token and JWKS
// endpoints must be https URLs. It shows that the provider answers and is configured as
// written; the server still fetches it itself when someone signs in.
//
// TLS: the system's trust store, plus the certificate a person already pinned for the
// dashboard's own server, and only for URLs on that server (so a tenant of the same Gatehouse
// can be tested as an upstream).
class DiscoveryProbe final : public QObject {
    Q_OBJECT

public:
    explicit DiscoveryProbe(QNetworkAccessManager& network, QObject* parent = nullptr);

    // Accept the certificate with this SHA-256 fingerprint for URLs with the scheme, host and
    // port of one of `servers` (the profile's URLs); replaces what was trusted before.
    void setPinnedCertificate(const QList<QUrl>& servers, const QString& sha256);
    void setTimeout(int milliseconds) { m_timeoutMs = milliseconds; }

    // The URL fetched: `discoveryUrl` when given, else the issuer's well-known document.
    [[nodiscard]] static QUrl discoveryUrlFor(const QString& issuer, const QString& discoveryUrl);

    // Starts a probe (cancelling one running); finished() reports it.
    void start(const QString& issuer, const QString& discoveryUrl = {});
    void cancel();
    [[nodiscard]] bool isRunning() const { return !m_reply.isNull(); }

Q_SIGNALS:
    void started(const QUrl& url);
    void progress(qint64 received, qint64 total);
    void finished(const gatehouse::client::DiscoveryResult& result);

private:
    void onFinished(QNetworkReply* reply, const QString& issuer, const QUrl& url);
    [[nodiscard]] DiscoveryResult check(const QByteArray& body, const QString& issuer,
                                        const QUrl& url) const;
    void finish(DiscoveryResult result);

    QNetworkAccessManager& m_network;
    QList<QUrl> m_pinnedServers;
    QString m_pinnedSha256;
    QPointer<QNetworkReply> m_reply;
    QString m_untrusted; // the fingerprint of a certificate refused during this probe
    int m_timeoutMs = 15000;
};

} // namespace gatehouse::client
