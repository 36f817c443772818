#include "FakeUpstream.h"

#include "crypto/Jwt.h"
#include "http/HttpResponse.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <gtest/gtest.h>

namespace gatehouse::identity::test {

FakeUpstream::FakeUpstream(std::optional<QSslConfiguration> tls)
    : m_tls(std::move(tls)) {}

FakeUpstream::~FakeUpstream() {
    m_server.reset(); // its worker threads call handle() until they stop
}

bool FakeUpstream::start() {
    buildRoutes();
    http::HttpServerOptions options;
    options.address = QHostAddress::LocalHost;
    options.port = 0;
    options.workerThreads = 1;
    options.tls = m_tls;
    m_server = std::make_unique<http::HttpServer>(options, m_router.handler());
    const Result<void> started = m_server->start();
    if (!started)
        ADD_FAILURE() << started.error().toString().toStdString();
    return started.ok();
}

QString FakeUpstream::issuer() const {
    return (m_tls ? QStringLiteral("https://127.0.0.1:") : QStringLiteral("http://127.0.0.1:")) +
           QString::number(m_server->port());
}

void FakeUpstream::publishKeys(QList<std::pair<QString, crypto::KeyPair>> keys) {
    QMutexLocker lock(&m_mutex);
    m_keys = std::move(keys);
}

void FakeUpstream::setSigningKey(const QString& kid, const crypto::KeyPair& key) {
    QMutexLocker lock(&m_mutex);
    m_signingKey = std::make_pair(kid, key);
}

void FakeUpstream::setDiscoveryOverrides(QJsonObject overrides) {
    QMutexLocker lock(&m_mutex);
    m_discoveryOverrides = std::move(overrides);
}

void FakeUpstream::setIdTokenClaims(QJsonObject claims) {
    QMutexLocker lock(&m_mutex);
    m_claims = std::move(claims);
}

void FakeUpstream::setTokenHandler(TokenHandler handler) {
    QMutexLocker lock(&m_mutex);
    m_tokenHandler = std::move(handler);
}

QByteArray FakeUpstream::signIdToken(const QJsonObject& claims) const {
    QMutexLocker lock(&m_mutex);
    const auto& [kid, key] = m_signingKey ? *m_signingKey : m_keys.first();
    return crypto::signJwt(QJsonObject{{QStringLiteral("typ"), QStringLiteral("JWT")}}, claims, key,
                           kid.toUtf8());
}

http::HttpResponse FakeUpstream::tokenResponse(const QByteArray& idToken) {
    return http::HttpResponse::json(
        200, QJsonObject{{QStringLiteral("access_token"), QStringLiteral("upstream-access")},
                         {QStringLiteral("token_type"), QStringLiteral("Bearer")},
                         {QStringLiteral("expires_in"), 3600},
                         {QStringLiteral("id_token"), QString::fromLatin1(idToken)}});
}

int FakeUpstream::discoveryHits() const {
    QMutexLocker lock(&m_mutex);
    return m_discoveryHits;
}

int FakeUpstream::jwksHits() const {
    QMutexLocker lock(&m_mutex);
    return m_jwksHits;
}

int FakeUpstream::tokenHits() const {
    QMutexLocker lock(&m_mutex);
    return m_tokenHits;
}

http::HttpRequest FakeUpstream::lastTokenRequest() const {
    QMutexLocker lock(&m_mutex);
    return m_lastTokenRequest;
}

void FakeUpstream::park(http::Responder responder) {
    QMutexLocker lock(&m_mutex);
    m_parked.append(std::move(responder));
}

void FakeUpstream::buildRoutes() {
    m_router.add(http::Method::Get, "/.well-known/openid-configuration",
                 [this](const http::HttpRequest&, const http::Responder& responder) {
                     responder.send(http::HttpResponse::json(200, discovery()));
                 });
    m_router.add(http::Method::Get, "/jwks",
                 [this](const http::HttpRequest&, const http::Responder& responder) {
                     responder.send(http::HttpResponse::json(200, jwks()));
                 });
    m_router.add(http::Method::Post, "/token",
                 [this](http::HttpRequest request, http::Responder responder) {
                     QMutexLocker lock(&m_mutex);
                     ++m_tokenHits;
                     m_lastTokenRequest = request;
                     const TokenHandler handler = m_tokenHandler;
                     const QJsonObject claims = m_claims;
                     lock.unlock();
                     if (handler)
                         handler(std::move(request), std::move(responder));
                     else
                         responder.send(tokenResponse(signIdToken(claims)));
                 });
}

QJsonObject FakeUpstream::discovery() {
    QMutexLocker lock(&m_mutex);
    ++m_discoveryHits;
    const QString base = issuer();
    QJsonObject document{
        {QStringLiteral("issuer"), base},
        {QStringLiteral("authorization_endpoint"), QString(base + QStringLiteral("/authorize"))},
        {QStringLiteral("token_endpoint"), QString(base + QStringLiteral("/token"))},
        {QStringLiteral("jwks_uri"), QString(base + QStringLiteral("/jwks"))}};
    document.insert(QStringLiteral("response_types_supported"), QJsonArray{QStringLiteral("code")});
    document.insert(
        QStringLiteral("id_token_signing_alg_values_supported"),
        QJsonArray{QStringLiteral("RS256"), QStringLiteral("ES256"), QStringLiteral("EdDSA")});
    for (auto it = m_discoveryOverrides.begin(); it != m_discoveryOverrides.end(); ++it)
        document.insert(it.key(), it.value());
    return document;
}

QJsonObject FakeUpstream::jwks() {
    QMutexLocker lock(&m_mutex);
    ++m_jwksHits;
    QJsonArray keys;
    for (const auto& [kid, key] : std::as_const(m_keys)) {
        QJsonObject jwk = key.publicJwk();
        jwk.insert(QStringLiteral("kid"), kid);
        jwk.insert(QStringLiteral("use"), QStringLiteral("sig"));
        keys.append(jwk);
    }
    return QJsonObject{{QStringLiteral("keys"), keys}};
}

} // namespace gatehouse::identity::test
