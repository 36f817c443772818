#pragma once

#include "models/api/ApiCall.h"
#include "models/api/ServerProfile.h"

#include <QNetworkAccessManager>
#include <QObject>

namespace gatehouse::client {

// The HTTP side of the dashboard (Transmission's RpcClient): sends ApiRequests to the profile's
// server and turns every answer into an ApiResult. It knows nothing of widgets or of what the
// JSON means.
//
// - TLS: a certificate the system trusts is accepted; one it does not is accepted only when its
//   SHA-256 fingerprint is the profile's pinned one. Otherwise the call fails with
//   `untrusted_certificate` carrying the certificate, and untrustedCertificate() is emitted so
//   that the window can ask a person; pinning is their explicit decision (pinFingerprint()).
// - Datacenters: calls go to the active endpoint (the primary at first). When it cannot be
//   reached at all (refused, unknown host, timed out) and the profile has a secondary URL, the
//   call is tried once on the other one, which becomes the active endpoint.
class ApiTransport final : public QObject {
    Q_OBJECT

public:
    enum class Endpoint { Primary, Secondary };
    Q_ENUM(Endpoint)

    ApiTransport(QNetworkAccessManager& network, ServerProfile profile, QObject* parent = nullptr);

    [[nodiscard]] const ServerProfile& profile() const { return m_profile; }
    [[nodiscard]] Endpoint activeEndpoint() const { return m_active; }
    [[nodiscard]] QUrl activeUrl() const;
    // The absolute URL of `path` on the active endpoint (for the browser, discovery, …).
    [[nodiscard]] QUrl urlFor(const QString& path, const QUrlQuery& query = {}) const;

    // Another server: later calls go to its primary URL.
    void setProfile(ServerProfile profile);
    // Trust this certificate for this profile from now on (after a person confirmed it).
    void pinFingerprint(const QString& sha256);
    // Longest wait for an answer; 30 s by default.
    void setTimeout(int milliseconds) { m_timeoutMs = milliseconds; }

    // Starts the call; the returned object reports it (ApiCall::finished).
    ApiCall* send(ApiRequest request);

Q_SIGNALS:
    void untrustedCertificate(const gatehouse::client::CertificateInfo& certificate);
    void activeEndpointChanged(gatehouse::client::ApiTransport::Endpoint endpoint);
    // Whether the last call reached a server at all.
    void reachabilityChanged(bool reachable);

private:
    void start(ApiCall* call);
    void onFinished(ApiCall* call, QNetworkReply* reply);
    [[nodiscard]] QUrl baseUrl(Endpoint endpoint) const;
    void setReachable(bool reachable);

    QNetworkAccessManager& m_network;
    ServerProfile m_profile;
    Endpoint m_active = Endpoint::Primary;
    int m_timeoutMs = 30000;
    bool m_reachable = true;
};

} // namespace gatehouse::client
