#pragma once

#include "core/Result.h"
#include "identity/UpstreamHttp.h"
#include "identity/UpstreamIdentity.h"
#include "identity/UpstreamMetadata.h"
#include "identity/UpstreamMetadataCache.h"
#include "identity/UpstreamOidcConfig.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>
#include <QString>
#include <QUrl>
#include <chrono>
#include <functional>
#include <memory>

namespace gatehouse::identity {

struct UpstreamOidcClientOptions {
    UpstreamHttpLimits http;
    std::chrono::seconds metadataTtl{600};
    std::chrono::seconds jwksRefetchInterval{60};
    std::chrono::seconds leeway{30}; // for exp and iat of ID tokens
    // Empty: QDateTime::currentDateTimeUtc(). Must be callable from any thread.
    std::function<QDateTime()> clock;
};

// The relying-party side of an upstream OIDC connection (OIDC Core §3.1, authorization code flow
// with PKCE): builds the upstream authorization URL, fetches and caches discovery and JWKS, and
// exchanges the code for a verified identity.
//
// One client per worker thread: it owns a QNetworkAccessManager, which must be created, used and
// destroyed in one thread. Create the client in the thread that uses it; the metadata cache may
// (and should) be shared by all of them. Callbacks always run later on this thread, never inside
// the call; destroying the client drops the callbacks of requests still in flight.
class UpstreamOidcClient final : public QObject {
    Q_OBJECT

public:
    using MetadataCallback = std::function<void(Result<UpstreamMetadata>)>;
    using IdentityCallback = std::function<void(Result<UpstreamIdentity>)>;

    explicit UpstreamOidcClient(std::shared_ptr<UpstreamMetadataCache> cache,
                                UpstreamOidcClientOptions options = {}, QObject* parent = nullptr);
    ~UpstreamOidcClient() override;

    // The upstream authorization request (OIDC Core §3.1.2.1, RFC 7636 §4.3): response_type=code,
    // client_id, redirect_uri, scope, state, nonce, code_challenge with method S256. Every value
    // is percent-encoded except RFC 3986's unreserved characters, so '+', '&', '=' and spaces in
    // values survive; a query already in the endpoint is kept (RFC 6749 §3.1).
    [[nodiscard]] static QUrl authorizationUrl(const UpstreamOidcConfig& config,
                                               const UpstreamMetadata& metadata,
                                               const QString& redirectUri, const QString& state,
                                               const QString& nonce, const QString& codeChallenge);
    // A new PKCE verifier (RFC 7636 §4.1: 43 characters from 32 random bytes) and its S256
    // challenge (§4.2).
    [[nodiscard]] static QString newCodeVerifier();
    [[nodiscard]] static QString codeChallenge(const QString& codeVerifier);

    // Discovery, then the JWKS; from the cache while younger than the TTL. Concurrent calls for
    // the same provider on this thread share one fetch. Errors: `upstream_unreachable`,
    // `upstream_error` (bad status, bad document, issuer mismatch, no usable key).
    void fetchMetadata(const UpstreamOidcConfig& config, MetadataCallback callback);

    // Redeems the code at the token endpoint (RFC 6749 §4.1.3 with the PKCE verifier;
    // client_secret_basic, or client_secret_post when the provider offers only that; client_id
    // alone without a secret) and verifies the ID token (see verifyUpstreamIdToken). An ID token
    // naming an unknown kid makes the JWKS be fetched again, at most once per interval.
    // Errors: `upstream_unreachable`, `upstream_error` (quoting the provider's OAuth error code),
    // `invalid_upstream_token`.
    void exchangeCode(const UpstreamOidcConfig& config, const QString& code,
                      const QString& codeVerifier, const QString& redirectUri,
                      const QString& expectedNonce, IdentityCallback callback);

private:
    struct Exchange;

    void fetchKeys(const UpstreamOidcConfig& config, UpstreamMetadata metadata);
    void finishFetch(const QString& key, const Result<UpstreamMetadata>& result);
    void redeem(std::shared_ptr<const Exchange> exchange, const UpstreamMetadata& metadata);
    void onTokenResponse(std::shared_ptr<const Exchange> exchange, UpstreamMetadata metadata,
                         const UpstreamHttpResponse& response);
    void verify(const std::shared_ptr<const Exchange>& exchange, const UpstreamMetadata& metadata,
                const QByteArray& idToken);
    [[nodiscard]] QDateTime now() const;

    std::shared_ptr<UpstreamMetadataCache> m_cache;
    UpstreamOidcClientOptions m_options;
    UpstreamHttp* m_http;                              // a child
    QHash<QString, QList<MetadataCallback>> m_waiting; // by cache key, while a fetch runs
};

} // namespace gatehouse::identity
