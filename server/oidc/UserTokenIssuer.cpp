#include "oidc/UserTokenIssuer.h"

#include "crypto/Random.h"
#include "crypto/SigningAlgorithm.h"
#include "identity/SessionService.h"
#include "monitoring/Metrics.h"
#include "oidc/AccessTokenClaims.h"
#include "oidc/IdTokenClaims.h"
#include "oidc/OAuthResponses.h"
#include "oidc/SigningPool.h"
#include "oidc/UserClaims.h"
#include "tenancy/TenantSnapshot.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace gatehouse::oidc {

namespace {

using namespace Qt::StringLiterals;

struct Prepared {
    AccessTokenClaims access;
    std::optional<IdTokenClaims> id;
    int expiresIn = 0;
};

Prepared prepare(const UserTokenRequest& request, qint64 now) {
    const QStringList scopes = request.grant.scope.split(u' ', Qt::SkipEmptyParts);
    const tenancy::ResourceServerEntry* api =
        request.grant.audience.isEmpty()
            ? nullptr
            : request.tenant->resourceServerForAudience(request.grant.audience);
    Prepared prepared;
    prepared.expiresIn =
        api ? api->tokenLifetimeSeconds : UserTokenIssuer::kUserinfoTokenLifetimeSeconds;
    prepared.access = AccessTokenClaims{request.issuer,
                                        request.user.userId,
                                        api ? request.grant.audience
                                            : UserTokenIssuer::userinfoAudience(request.issuer),
                                        request.clientId,
                                        request.grant.scope,
                                        {},
                                        crypto::randomToken(16),
                                        now,
                                        now + prepared.expiresIn,
                                        request.grant.id};
    if (scopes.contains("openid"_L1)) {
        IdTokenClaims id;
        id.issuer = request.issuer;
        id.subject = request.user.userId;
        id.audience = request.clientId;
        id.issuedAt = now;
        id.expiresAt = now + UserTokenIssuer::kIdTokenLifetimeSeconds;
        id.authTime = request.grant.authTime.toSecsSinceEpoch();
        id.nonce = request.nonce;
        // OIDC Front-Channel Logout §3 / Back-Channel Logout §2.4: the SSO session the grant
        // was made in, by its public id (never the cookie or its stored hash). Grants without
        // a session (password grant) have none.
        if (!request.grant.sessionHash.isEmpty())
            id.sessionId = identity::SessionService::sessionIdForToken(request.grant.sessionHash);
        id.profile = UserClaims::forScopes(request.user, scopes);
        prepared.id = std::move(id);
    }
    return prepared;
}

} // namespace

UserTokenIssuer::UserTokenIssuer(SigningPool& pool, monitoring::Metrics& metrics,
                                 tenancy::Clock clock)
    : m_pool(pool)
    , m_metrics(metrics)
    , m_clock(std::move(clock)) {}

QString UserTokenIssuer::userinfoAudience(const QString& issuer) {
    return issuer + u"userinfo"_s;
}

void UserTokenIssuer::respond(UserTokenRequest request, const http::Responder& responder) const {
    const auto& key = request.tenant->signingKey();
    if (!key) {
        responder.send(tokenError(500, "server_error", u"the tenant has no signing key"_s));
        return;
    }
    Prepared prepared = prepare(request, m_clock().toSecsSinceEpoch());
    auto work = [request = std::move(request), prepared = std::move(prepared), responder,
                 &metrics = m_metrics] {
        const auto& key = request.tenant->signingKey();
        const QByteArray accessToken = key->signAccessToken(prepared.access.toJson());
        const QByteArray idToken = prepared.id ? key->signIdToken(prepared.id->toJson()) : "";
        if (accessToken.isEmpty() || (prepared.id && idToken.isEmpty())) {
            responder.send(tokenError(500, "server_error", u"signing failed"_s));
            return;
        }
        QJsonObject body{{u"access_token"_s, QString::fromLatin1(accessToken)},
                         {u"token_type"_s, u"Bearer"_s},
                         {u"expires_in"_s, prepared.expiresIn},
                         {u"scope"_s, request.grant.scope}};
        if (!idToken.isEmpty())
            body.insert(u"id_token"_s, QString::fromLatin1(idToken));
        if (!request.refreshToken.isEmpty())
            body.insert(u"refresh_token"_s, QString::fromLatin1(request.refreshToken));
        http::HttpResponse response = http::HttpResponse::json(200, body);
        setNoStore(response);
        metrics.recordTokenIssued(request.tenant->id(), request.grantType);
        responder.send(std::move(response));
    };
    // As for client credentials: only RSA is worth a trip to the pool.
    if (key->keyPair.algorithm() != crypto::SigningAlgorithm::RS256) {
        work();
        return;
    }
    if (!m_pool.trySubmit(std::move(work))) {
        http::HttpResponse busy =
            tokenError(503, "temporarily_unavailable", u"too many token requests in progress"_s);
        busy.setHeader("Retry-After", "1");
        responder.send(std::move(busy));
    }
}

} // namespace gatehouse::oidc
