#pragma once

#include "tenancy/TenancyTestSupport.h"

#include "crypto/Jwt.h"
#include "http/HttpRequest.h"
#include "http/HttpResponse.h"
#include "http/Responder.h"
#include "monitoring/Metrics.h"
#include "oidc/AccessTokenVerifier.h"
#include "oidc/DiscoveryEndpoint.h"
#include "oidc/JwksEndpoint.h"
#include "oidc/SigningPool.h"
#include "oidc/TokenEndpoint.h"
#include "tenancy/TenantResolver.h"

#include <QJsonDocument>
#include <QTest>

#include <atomic>

namespace gatehouse::oidc::test {

inline const QString kAcmeIssuer = QStringLiteral("https://localhost:8443/t/acme/");
inline const QByteArray kForm = QByteArrayLiteral("application/x-www-form-urlencoded");
inline const QByteArray kJson = QByteArrayLiteral("application/json");

// Calls a handler with a Responder whose response the test can wait for; the response may come
// from another thread (the signing pool).
template <typename Handler>
http::HttpResponse call(const Handler& handle, const http::HttpRequest& request) {
    struct State {
        QMutex mutex;
        std::optional<http::HttpResponse> response;
        std::atomic<bool> done{false};
    };
    auto state = std::make_shared<State>();
    http::Responder responder([state](http::HttpResponse response) {
        QMutexLocker lock(&state->mutex);
        state->response = std::move(response);
        state->done.store(true);
    });
    handle(request, responder);
    EXPECT_TRUE(QTest::qWaitFor([&] { return state->done.load(); }, 10000));
    QMutexLocker lock(&state->mutex);
    return state->response.value_or(http::HttpResponse(0));
}

inline QJsonObject jsonOf(const http::HttpResponse& response) {
    return QJsonDocument::fromJson(response.body()).object();
}

inline QByteArray basic(const QByteArray& clientId, const QByteArray& secret) {
    return QByteArrayLiteral("Basic ") + QByteArray(clientId + ':' + secret).toBase64();
}

// Tenants acme and globex (ES256 unless said otherwise), each with an API https://api.example
// (scopes read, write, delete) and a client "app" granted read and write on it, plus the
// endpoints over a real catalog.
class OidcEnvironment : public tenancy::test::TenancyEnvironment {
public:
    static constexpr const char* kSecret = "app-secret-0123456789";

    explicit OidcEnvironment(int poolThreads = 2, int poolQueue = 64)
        : pool(poolThreads, poolQueue)
        , resolver(*catalog)
        , token(resolver, pool, metrics, clock.clock())
        , jwks(resolver)
        , discovery(resolver)
        , verifier(clock.clock()) {}

    void addStandardTenant(const QString& id, const QString& algorithm = QStringLiteral("ES256"),
                           const QString& customDomain = {}) {
        createTenant(id, algorithm, customDomain);
        addApi(id, QStringLiteral("https://api.example"),
               {QStringLiteral("read"), QStringLiteral("write"), QStringLiteral("delete")}, 600);
        addClient(id, QStringLiteral("app"), kSecret);
        addGrant(id, QStringLiteral("app"), QStringLiteral("https://api.example"),
                 {QStringLiteral("read"), QStringLiteral("write")});
    }

    http::HttpRequest tokenRequest(const QByteArray& body, const QByteArray& contentType = kForm,
                                   const QByteArray& target = "/t/acme/oauth/token",
                                   const QByteArray& host = "localhost:8443") const {
        http::HttpRequest request(http::Method::Post, target);
        request.addHeader("Host", host);
        if (!contentType.isEmpty())
            request.addHeader("Content-Type", contentType);
        request.setBody(body);
        return request;
    }

    http::HttpResponse requestToken(const http::HttpRequest& request) {
        return call(
            [this](const http::HttpRequest& r, const http::Responder& s) { token.handle(r, s); },
            request);
    }

    // A token for `audience` via client_secret_post in tenant `tenant`.
    QByteArray issue(const QString& tenant = QStringLiteral("acme"),
                     const QByteArray& audience = "https://api.example") {
        const http::HttpResponse response = requestToken(tokenRequest(
            "grant_type=client_credentials&client_id=app&client_secret=" + QByteArray(kSecret) +
                "&audience=" + QUrl::toPercentEncoding(QString::fromUtf8(audience)),
            kForm, "/t/" + tenant.toLatin1() + "/oauth/token"));
        EXPECT_EQ(response.status(), 200) << response.body().toStdString();
        return jsonOf(response).value(QStringLiteral("access_token")).toString().toLatin1();
    }

    monitoring::Metrics metrics;
    SigningPool pool; // after metrics: destroyed (and drained) first
    tenancy::TenantResolver resolver;
    TokenEndpoint token;
    JwksEndpoint jwks;
    DiscoveryEndpoint discovery;
    AccessTokenVerifier verifier;
};

// Verifies a token the way an outside resource server would: with the keys of the JWKS document.
inline Result<crypto::DecodedJwt> verifyWithJwks(const QByteArray& token,
                                                 const QByteArray& jwksBody, const QDateTime& now) {
    QHash<QByteArray, crypto::PublicKey> keys;
    for (const QJsonValue& jwk :
         QJsonDocument::fromJson(jwksBody).object().value(QStringLiteral("keys")).toArray()) {
        Result<crypto::PublicKey> key = crypto::PublicKey::fromJwk(jwk.toObject());
        if (key)
            keys.insert(jwk.toObject().value(QStringLiteral("kid")).toString().toLatin1(), *key);
    }
    crypto::JwtVerifyOptions options;
    options.now = now;
    options.expectedTyp = "at+jwt";
    return crypto::verifyJwt(
        token,
        [&](QByteArrayView kid) -> std::optional<crypto::PublicKey> {
            const auto it = keys.constFind(kid.toByteArray());
            return it == keys.cend() ? std::nullopt : std::optional<crypto::PublicKey>(*it);
        },
        options);
}

} // namespace gatehouse::oidc::test
