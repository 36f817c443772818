#pragma once

#include "crypto/KeyPair.h"
#include "http/HttpServer.h"
#include "http/Responder.h"
#include "http/Router.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QMutex>
#include <QSslConfiguration>
#include <QString>
#include <functional>
#include <memory>
#include <optional>
#include <utility>

namespace gatehouse::identity::test {

// An upstream OpenID Provider on 127.0.0.1 with a kernel-chosen port, on the project's own
// http::HttpServer: discovery, a JWKS and a token endpoint that answers with ID tokens signed by
// crypto. Handlers run on the server's worker thread, so the state is behind a mutex.
class FakeUpstream final {
public:
    using TokenHandler = std::function<void(http::HttpRequest, http::Responder)>;

    explicit FakeUpstream(std::optional<QSslConfiguration> tls = std::nullopt);
    ~FakeUpstream();

    [[nodiscard]] bool start();
    [[nodiscard]] QString issuer() const; // http(s)://127.0.0.1:port, no trailing slash

    // Published keys, in order; the first one signs unless setSigningKey says otherwise.
    void publishKeys(QList<std::pair<QString, crypto::KeyPair>> keys);
    void setSigningKey(const QString& kid, const crypto::KeyPair& key);
    // Members merged into the discovery document (e.g. another "issuer").
    void setDiscoveryOverrides(QJsonObject overrides);
    // The claims of the ID tokens the default token handler signs.
    void setIdTokenClaims(QJsonObject claims);
    // Replaces the default token handler.
    void setTokenHandler(TokenHandler handler);

    [[nodiscard]] QByteArray signIdToken(const QJsonObject& claims) const;
    [[nodiscard]] static http::HttpResponse tokenResponse(const QByteArray& idToken);

    [[nodiscard]] int discoveryHits() const;
    [[nodiscard]] int jwksHits() const;
    [[nodiscard]] int tokenHits() const;
    [[nodiscard]] http::HttpRequest lastTokenRequest() const;
    // Keeps a responder unanswered until the server goes away (a provider that never answers).
    void park(http::Responder responder);

private:
    void buildRoutes();
    [[nodiscard]] QJsonObject discovery();
    [[nodiscard]] QJsonObject jwks();

    std::optional<QSslConfiguration> m_tls;
    http::Router m_router; // outlives the server, whose handler it is
    std::unique_ptr<http::HttpServer> m_server;
    mutable QMutex m_mutex;
    QList<std::pair<QString, crypto::KeyPair>> m_keys;
    std::optional<std::pair<QString, crypto::KeyPair>> m_signingKey;
    QJsonObject m_discoveryOverrides;
    QJsonObject m_claims;
    TokenHandler m_tokenHandler;
    QList<http::Responder> m_parked;
    http::HttpRequest m_lastTokenRequest;
    int m_discoveryHits = 0;
    int m_jwksHits = 0;
    int m_tokenHits = 0;
};

} // namespace gatehouse::identity::test
