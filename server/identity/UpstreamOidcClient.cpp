#include "identity/UpstreamOidcClient.h"

#include "crypto/Digest.h"
#include "crypto/Encoding.h"
#include "crypto/Random.h"
#include "identity/UpstreamErrors.h"
#include "identity/UpstreamIdToken.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QMetaObject>

namespace gatehouse::identity {
namespace {

const QString kBasic = QStringLiteral("client_secret_basic");
const QString kPost = QStringLiteral("client_secret_post");

// Everything but RFC 3986's unreserved characters: '+', '&', '=', '#' and spaces in a value
// cannot be read as syntax, by a URL parser or by a form decoder.
QByteArray encode(const QString& value) {
    return QUrl::toPercentEncoding(value);
}

void appendParameter(QByteArray& query, const char* name, const QString& value) {
    if (!query.isEmpty())
        query += '&';
    query += name;
    query += '=';
    query += encode(value);
}

enum class AuthMethod { Basic, Post, None };

Result<AuthMethod> chooseAuthMethod(const UpstreamOidcConfig& config,
                                    const UpstreamMetadata& metadata) {
    if (config.clientSecret.isEmpty())
        return AuthMethod::None;
    const QStringList& offered = metadata.tokenEndpointAuthMethods;
    if (offered.isEmpty() || offered.contains(kBasic))
        return AuthMethod::Basic;
    if (offered.contains(kPost))
        return AuthMethod::Post;
    return upstreamError(QStringLiteral(
        "the upstream token endpoint supports neither client_secret_basic nor client_secret_post"));
}

// RFC 6749 §5.2: quotes the provider's error code, never its description, which could echo
// anything that was sent.
Error tokenEndpointError(const UpstreamHttpResponse& response) {
    if (response.status >= 300 && response.status < 400)
        return upstreamError(QStringLiteral("the upstream token endpoint answered with a redirect "
                                            "(HTTP %1), which is not followed")
                                 .arg(response.status));
    const QJsonObject body = QJsonDocument::fromJson(response.body).object();
    const QJsonValue code = body.value(QLatin1String("error"));
    if (code.isString())
        return upstreamError(QStringLiteral("the upstream refused the code exchange: %1 (HTTP %2)")
                                 .arg(quotableOAuthErrorCode(code.toString()))
                                 .arg(response.status));
    return upstreamError(
        QStringLiteral("the upstream token endpoint answered HTTP %1").arg(response.status));
}

} // namespace

struct UpstreamOidcClient::Exchange {
    UpstreamOidcConfig config;
    QString code;
    QString codeVerifier;
    QString redirectUri;
    QString expectedNonce;
    IdentityCallback callback;
};

UpstreamOidcClient::UpstreamOidcClient(std::shared_ptr<UpstreamMetadataCache> cache,
                                       UpstreamOidcClientOptions options, QObject* parent)
    : QObject(parent)
    , m_cache(cache ? std::move(cache) : std::make_shared<UpstreamMetadataCache>())
    , m_options(std::move(options))
    , m_http(new UpstreamHttp(m_options.http, this)) {}

UpstreamOidcClient::~UpstreamOidcClient() {
    // Before the members the pending callbacks refer to are gone.
    delete m_http;
}

QDateTime UpstreamOidcClient::now() const {
    return m_options.clock ? m_options.clock() : QDateTime::currentDateTimeUtc();
}

QUrl UpstreamOidcClient::authorizationUrl(const UpstreamOidcConfig& config,
                                          const UpstreamMetadata& metadata,
                                          const QString& redirectUri, const QString& state,
                                          const QString& nonce, const QString& codeChallenge) {
    QUrl url = metadata.authorizationEndpoint;
    QByteArray query = url.query(QUrl::FullyEncoded).toLatin1();
    appendParameter(query, "response_type", QStringLiteral("code"));
    appendParameter(query, "client_id", config.clientId);
    appendParameter(query, "redirect_uri", redirectUri);
    appendParameter(query, "scope", config.scopes.join(QLatin1Char(' ')));
    appendParameter(query, "state", state);
    appendParameter(query, "nonce", nonce);
    appendParameter(query, "code_challenge", codeChallenge);
    appendParameter(query, "code_challenge_method", QStringLiteral("S256"));
    url.setQuery(QString::fromLatin1(query), QUrl::StrictMode);
    return url;
}

QString UpstreamOidcClient::newCodeVerifier() {
    return QString::fromLatin1(crypto::randomToken(32));
}

QString UpstreamOidcClient::codeChallenge(const QString& codeVerifier) {
    return QString::fromLatin1(crypto::base64UrlEncode(crypto::sha256(codeVerifier.toLatin1())));
}

void UpstreamOidcClient::fetchMetadata(const UpstreamOidcConfig& config,
                                       MetadataCallback callback) {
    const QString key = config.cacheKey();
    if (std::optional<UpstreamMetadata> cached =
            m_cache->fresh(key, now(), m_options.metadataTtl)) {
        QMetaObject::invokeMethod(
            this,
            [callback = std::move(callback), metadata = std::move(*cached)] { callback(metadata); },
            Qt::QueuedConnection);
        return;
    }
    auto waiting = m_waiting.find(key);
    if (waiting != m_waiting.end()) {
        waiting->append(std::move(callback));
        return;
    }
    m_waiting.insert(key, {std::move(callback)});
    m_http->get(config.discoveryUrl, config.extraCaCertificates,
                [this, config, key](Result<UpstreamHttpResponse> response) {
                    if (!response)
                        return finishFetch(key, response.error());
                    if (response->status != 200)
                        return finishFetch(
                            key, upstreamError(QStringLiteral("the upstream discovery document "
                                                              "answered HTTP %1")
                                                   .arg(response->status)));
                    Result<UpstreamMetadata> metadata =
                        UpstreamMetadata::fromDiscovery(response->body, config.issuer);
                    if (!metadata)
                        return finishFetch(key, metadata.error());
                    fetchKeys(config, std::move(metadata).value());
                });
}

void UpstreamOidcClient::fetchKeys(const UpstreamOidcConfig& config, UpstreamMetadata metadata) {
    const QString key = config.cacheKey();
    const QUrl jwksUri = metadata.jwksUri;
    m_http->get(
        jwksUri, config.extraCaCertificates,
        [this, key, metadata = std::move(metadata)](Result<UpstreamHttpResponse> response) mutable {
            if (!response)
                return finishFetch(key, response.error());
            if (response->status != 200)
                return finishFetch(
                    key, upstreamError(QStringLiteral("the upstream JWKS answered HTTP %1")
                                           .arg(response->status)));
            Result<QHash<QString, crypto::PublicKey>> keys =
                UpstreamMetadata::keysFromJwks(response->body);
            if (!keys)
                return finishFetch(key, keys.error());
            metadata.keys = std::move(keys).value();
            metadata.fetchedAt = now();
            m_cache->store(key, metadata);
            finishFetch(key, metadata);
        });
}

void UpstreamOidcClient::finishFetch(const QString& key, const Result<UpstreamMetadata>& result) {
    const QList<MetadataCallback> callbacks = m_waiting.take(key);
    for (const MetadataCallback& callback : callbacks)
        callback(result);
}

void UpstreamOidcClient::exchangeCode(const UpstreamOidcConfig& config, const QString& code,
                                      const QString& codeVerifier, const QString& redirectUri,
                                      const QString& expectedNonce, IdentityCallback callback) {
    auto exchange = std::make_shared<const Exchange>(
        Exchange{config, code, codeVerifier, redirectUri, expectedNonce, std::move(callback)});
    fetchMetadata(config, [this, exchange](Result<UpstreamMetadata> metadata) {
        if (!metadata)
            return exchange->callback(metadata.error());
        redeem(exchange, *metadata);
    });
}

void UpstreamOidcClient::redeem(std::shared_ptr<const Exchange> exchange,
                                const UpstreamMetadata& metadata) {
    const UpstreamOidcConfig& config = exchange->config;
    Result<AuthMethod> method = chooseAuthMethod(config, metadata);
    if (!method)
        return exchange->callback(method.error());
    QByteArray body;
    appendParameter(body, "grant_type", QStringLiteral("authorization_code"));
    appendParameter(body, "code", exchange->code);
    appendParameter(body, "redirect_uri", exchange->redirectUri);
    appendParameter(body, "code_verifier", exchange->codeVerifier);
    QList<UpstreamHttp::Header> headers;
    if (*method == AuthMethod::Basic) {
        // RFC 6749 §2.3.1: each part form-encoded before joining and base64.
        const QByteArray credentials = encode(config.clientId) + ':' + encode(config.clientSecret);
        headers.append(UpstreamHttp::Header(QByteArrayLiteral("Authorization"),
                                            "Basic " + credentials.toBase64()));
    } else {
        appendParameter(body, "client_id", config.clientId);
        if (*method == AuthMethod::Post)
            appendParameter(body, "client_secret", config.clientSecret);
    }
    m_http->postForm(metadata.tokenEndpoint, body, headers, config.extraCaCertificates,
                     [this, exchange, metadata](Result<UpstreamHttpResponse> response) {
                         if (!response)
                             return exchange->callback(response.error());
                         onTokenResponse(exchange, metadata, *response);
                     });
}

void UpstreamOidcClient::onTokenResponse(std::shared_ptr<const Exchange> exchange,
                                         UpstreamMetadata metadata,
                                         const UpstreamHttpResponse& response) {
    if (response.status != 200)
        return exchange->callback(tokenEndpointError(response));
    const QJsonDocument document = QJsonDocument::fromJson(response.body);
    const QJsonValue idToken = document.object().value(QLatin1String("id_token"));
    if (!document.isObject() || !idToken.isString() || idToken.toString().isEmpty())
        return exchange->callback(
            upstreamError(QStringLiteral("the upstream token response has no id_token")));
    const QByteArray token = idToken.toString().toLatin1();
    const std::optional<QString> unknownKid = unknownIdTokenKid(token, metadata.keys);
    if (!unknownKid)
        return verify(exchange, metadata, token);
    const QString key = exchange->config.cacheKey();
    if (!m_cache->claimJwksRefetch(key, now(), m_options.jwksRefetchInterval))
        return exchange->callback(invalidUpstreamToken(
            QStringLiteral("the ID token's kid is not in the upstream JWKS, which was fetched "
                           "again less than %1 s ago")
                .arg(m_options.jwksRefetchInterval.count())));
    const QUrl jwksUri = metadata.jwksUri;
    m_http->get(
        jwksUri, exchange->config.extraCaCertificates,
        [this, exchange, key, token,
         metadata = std::move(metadata)](Result<UpstreamHttpResponse> refetched) mutable {
            if (!refetched)
                return exchange->callback(refetched.error());
            if (refetched->status != 200)
                return exchange->callback(upstreamError(
                    QStringLiteral("the upstream JWKS answered HTTP %1").arg(refetched->status)));
            Result<QHash<QString, crypto::PublicKey>> keys =
                UpstreamMetadata::keysFromJwks(refetched->body);
            if (!keys)
                return exchange->callback(keys.error());
            metadata.keys = std::move(keys).value();
            m_cache->replaceKeys(key, metadata.keys);
            verify(exchange, metadata, token);
        });
}

void UpstreamOidcClient::verify(const std::shared_ptr<const Exchange>& exchange,
                                const UpstreamMetadata& metadata, const QByteArray& idToken) {
    IdTokenExpectations expected;
    expected.issuer = exchange->config.issuer;
    expected.clientId = exchange->config.clientId;
    expected.nonce = exchange->expectedNonce;
    expected.now = now();
    expected.leeway = m_options.leeway;
    exchange->callback(verifyUpstreamIdToken(idToken, metadata.keys, expected));
}

} // namespace gatehouse::identity
