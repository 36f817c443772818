#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QSslCertificate>
#include <QUrl>
#include <chrono>
#include <functional>
#include <utility>

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;

namespace gatehouse::identity {

struct UpstreamHttpLimits {
    // For the whole exchange (Qt's transfer timeout covers only a silent connection; a total
    // deadline also stops a server that trickles bytes).
    std::chrono::milliseconds timeout{10000};
    qint64 maxResponseBytes = 1024 * 1024;
};

struct UpstreamHttpResponse {
    int status = 0;
    QByteArray body;
};

// GET and form POST to an upstream provider with the limits applied, redirects never followed
// (a 3xx is returned as a response) and TLS verified against the system store plus the given
// extra CA certificates. Owns its QNetworkAccessManager: create, use and destroy it in one thread.
// Errors (502): `upstream_unreachable` for no connection, a TLS failure or a timeout;
// `upstream_error` for a response over the size cap (announced or received). Any HTTP status is
// a response, not an error. Destroying the object drops pending callbacks.
class UpstreamHttp final : public QObject {
    Q_OBJECT

public:
    using Callback = std::function<void(Result<UpstreamHttpResponse>)>;
    using Header = std::pair<QByteArray, QByteArray>;

    explicit UpstreamHttp(UpstreamHttpLimits limits, QObject* parent = nullptr);
    ~UpstreamHttp() override;

    void get(const QUrl& url, const QList<QSslCertificate>& extraCa, Callback callback);
    void postForm(const QUrl& url, const QByteArray& body, const QList<Header>& headers,
                  const QList<QSslCertificate>& extraCa, Callback callback);

private:
    [[nodiscard]] QNetworkRequest makeRequest(const QUrl& url,
                                              const QList<QSslCertificate>& extraCa) const;
    void track(QNetworkReply* reply, const QUrl& url, Callback callback);

    UpstreamHttpLimits m_limits;
    QNetworkAccessManager* m_network; // a child: lives and dies in this object's thread
};

} // namespace gatehouse::identity
