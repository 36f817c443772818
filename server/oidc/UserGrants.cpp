#include "oidc/UserGrants.h"

#include "crypto/Digest.h"
#include "crypto/Encoding.h"
#include "crypto/Random.h"
#include "oidc/OAuthResponses.h"
#include "oidc/Pkce.h"
#include "oidc/RequestParameters.h"
#include "oidc/UserGrantSettings.h"
#include "store/AuthorizationCodeRepository.h"
#include "tenancy/TenantResolver.h"
#include "tenancy/TenantSnapshot.h"

namespace gatehouse::oidc {

namespace {

using namespace Qt::StringLiterals;

Error invalidGrant(QString message) {
    return Error{QByteArrayLiteral("invalid_grant"), std::move(message), 400};
}

Error invalidRequest(QString message) {
    return Error{QByteArrayLiteral("invalid_request"), std::move(message), 400};
}

void sendResult(Result<UserTokenRequest> prepared, const UserTokenIssuer& issuer,
                const http::Responder& responder) {
    if (!prepared) {
        const Error& error = prepared.error();
        // Store failures are the server's; everything else is the client's (RFC 6749 §5.2).
        responder.send(tokenError(error.httpStatus, error.code, error.message));
        return;
    }
    issuer.respond(std::move(prepared).value(), responder);
}

// RFC 6749 §4.1.3 (client, redirect_uri) and RFC 7636 §4.6 (PKCE, with no downgrade: a verifier
// for a code issued without a challenge fails too).
std::optional<Error> checkBindings(const store::AuthorizationCodeRecord& record,
                                   const tenancy::ClientEntry& client,
                                   const RequestParameters& parameters) {
    if (record.clientId != client.clientId)
        return invalidGrant(u"the authorization code was issued to another client"_s);
    if (parameters.value("redirect_uri"_L1) != record.redirectUri)
        return invalidGrant(u"redirect_uri does not match the authorization request"_s);
    const QString verifier = parameters.value("code_verifier"_L1);
    if (record.codeChallenge.isEmpty() && !verifier.isEmpty())
        return invalidGrant(u"code_verifier sent but the authorization request had no "
                            "code_challenge"_s);
    if (!record.codeChallenge.isEmpty() && !Pkce::verify(verifier, record.codeChallenge))
        return invalidGrant(verifier.isEmpty() ? u"missing code_verifier"_s
                                               : u"code_verifier does not match"_s);
    return std::nullopt;
}

QByteArray newSecret() {
    return crypto::base64UrlEncode(crypto::randomBytes(32));
}

} // namespace

UserGrants::UserGrants(store::Store store, UserTokenIssuer& issuer)
    : m_store(std::move(store))
    , m_issuer(issuer) {}

void UserGrants::authorizationCode(const tenancy::TenantRoute& route,
                                   const tenancy::ClientEntry& client,
                                   const RequestParameters& parameters,
                                   const http::Responder& responder) const {
    sendResult(redeemCode(route, client, parameters), m_issuer, responder);
}

void UserGrants::refreshToken(const tenancy::TenantRoute& route, const tenancy::ClientEntry& client,
                              const RequestParameters& parameters,
                              const http::Responder& responder) const {
    sendResult(rotate(route, client, parameters), m_issuer, responder);
}

void UserGrants::grantDirectly(const tenancy::TenantRoute& route,
                               const tenancy::ClientEntry& client, DirectLogin login,
                               const http::Responder& responder) const {
    const tenancy::TenantSnapshot& tenant = *route.tenant;
    const UserGrantSettings settings = UserGrantSettings::fromTenantSettings(tenant.settings());
    UserTokenRequest request;
    Result<void> done = m_store.transaction([&]() -> Result<void> {
        // A user deleted meanwhile has no statistics to move; the grant below then fails.
        (void)m_store.users().recordLogin(tenant.id(), login.user.userId, login.ip);
        store::GrantRecord grant;
        grant.tenant = tenant.id();
        grant.clientId = client.clientId;
        grant.userId = login.user.userId;
        grant.scope = login.scope;
        grant.audience = login.audience;
        Result<store::GrantRecord> created =
            m_store.grants().create(std::move(grant), settings.grantLifetime);
        if (!created)
            return created.error();
        Result<QByteArray> refresh =
            issueRefreshToken(tenant.id(), *created, settings.refreshPolicy);
        if (!refresh)
            return refresh.error();
        request.refreshToken = *refresh;
        request.grant = std::move(created).value();
        return {};
    });
    if (!done) {
        sendResult(done.error(), m_issuer, responder);
        return;
    }
    request.tenant = route.tenant;
    request.issuer = route.issuer;
    request.clientId = client.clientId;
    request.user = std::move(login.user);
    request.grantType = login.grantType;
    m_issuer.respond(std::move(request), responder);
}

Result<UserTokenRequest> UserGrants::redeemCode(const tenancy::TenantRoute& route,
                                                const tenancy::ClientEntry& client,
                                                const RequestParameters& parameters) const {
    const QString code = parameters.value("code"_L1);
    if (code.isEmpty())
        return invalidRequest(u"missing code"_s);
    const tenancy::TenantSnapshot& tenant = *route.tenant;
    const UserGrantSettings settings = UserGrantSettings::fromTenantSettings(tenant.settings());
    const QByteArray codeHash = crypto::sha256(code.toUtf8());

    UserTokenRequest request;
    std::optional<Error> rejected;
    // One transaction: a concurrent second redemption waits for this one to commit and then
    // finds the grant to revoke.
    Result<void> done = m_store.transaction([&]() -> Result<void> {
        Result<store::AuthorizationCodeRecord> redeemed =
            m_store.authorizationCodes().redeem(tenant.id(), codeHash);
        if (!redeemed)
            return redeemed.error();
        const store::AuthorizationCodeRecord& record = *redeemed;
        // A failed binding still consumes the code (the transaction commits): a code presented
        // by the wrong client or with the wrong verifier is likely stolen.
        if (std::optional<Error> mismatch = checkBindings(record, client, parameters)) {
            rejected = std::move(mismatch);
            return {};
        }
        Result<store::UserRecord> user = activeUser(tenant.id(), record.userId);
        if (!user) {
            rejected = user.error();
            return {};
        }
        store::GrantRecord grant;
        grant.tenant = tenant.id();
        grant.clientId = client.clientId;
        grant.userId = record.userId;
        grant.sessionHash = record.sessionHash;
        grant.codeHash = codeHash;
        grant.scope = record.scope;
        grant.audience = record.audience;
        grant.authTime = record.authTime;
        Result<store::GrantRecord> created =
            m_store.grants().create(std::move(grant), settings.grantLifetime);
        if (!created)
            return created.error();
        if (Result<void> linked =
                m_store.authorizationCodes().setGrant(tenant.id(), codeHash, created->id);
            !linked)
            return linked;
        if (!record.sessionHash.isEmpty())
            (void)m_store.loginSessions().addClient(tenant.id(), record.sessionHash,
                                                    client.clientId);
        Result<QByteArray> refresh =
            issueRefreshToken(tenant.id(), *created, settings.refreshPolicy);
        if (!refresh)
            return refresh.error();
        request.refreshToken = *refresh;
        request.user = std::move(user).value();
        request.grant = std::move(created).value();
        request.nonce = record.nonce;
        return {};
    });
    if (!done) {
        if (done.error().code == store::AuthorizationCodeRepository::kAlreadyRedeemed) {
            // Someone replays a code: whatever it bought is revoked (SECURITY.md).
            if (auto earlier = m_store.authorizationCodes().findByHash(tenant.id(), codeHash);
                earlier && *earlier && !(*earlier)->grantId.isEmpty())
                (void)m_store.grants().revoke(tenant.id(), (*earlier)->grantId,
                                              u"authorization_code_reuse"_s);
            return invalidGrant(u"the authorization code was already used"_s);
        }
        if (done.error().code == store::AuthorizationCodeRepository::kInvalidGrant)
            return invalidGrant(u"the authorization code is invalid or expired"_s);
        return done.error();
    }
    if (rejected)
        return *rejected;
    request.tenant = route.tenant;
    request.issuer = route.issuer;
    request.clientId = client.clientId;
    request.grantType = "authorization_code";
    return request;
}

Result<UserTokenRequest> UserGrants::rotate(const tenancy::TenantRoute& route,
                                            const tenancy::ClientEntry& client,
                                            const RequestParameters& parameters) const {
    const QString presented = parameters.value("refresh_token"_L1);
    if (presented.isEmpty())
        return invalidRequest(u"missing refresh_token"_s);
    if (!client.grantTypes.contains("refresh_token"_L1))
        return Error{QByteArrayLiteral("unauthorized_client"),
                     u"Grant type 'refresh_token' not allowed for the client."_s, 400};
    const tenancy::TenantSnapshot& tenant = *route.tenant;
    const UserGrantSettings settings = UserGrantSettings::fromTenantSettings(tenant.settings());
    const QByteArray next = newSecret();
    Result<store::RefreshRotation> rotation = m_store.refreshTokens().rotate(
        tenant.id(), client.clientId, crypto::sha256(presented.toUtf8()), crypto::sha256(next),
        settings.refreshPolicy);
    if (!rotation)
        return rotation.error().code == "invalid_grant"
                   ? invalidGrant(u"the refresh token is invalid, expired or revoked"_s)
                   : rotation.error();
    if (rotation->outcome == store::RefreshRotation::Outcome::ReuseDetected)
        return invalidGrant(u"the refresh token was already used; every token of this grant "
                            "is revoked"_s);
    Result<store::UserRecord> user = activeUser(tenant.id(), rotation->grant.userId);
    if (!user)
        return user.error();
    UserTokenRequest request;
    request.grant = rotation->grant;
    // RFC 6749 §6: a refresh may narrow the scope, never widen it.
    if (const QString scope = parameters.value("scope"_L1); !scope.isEmpty()) {
        const QStringList granted = rotation->grant.scope.split(u' ', Qt::SkipEmptyParts);
        const QStringList wanted = scope.split(u' ', Qt::SkipEmptyParts);
        for (const QString& one : wanted) {
            if (!granted.contains(one))
                return Error{QByteArrayLiteral("invalid_scope"),
                             u"scope exceeds what was granted: "_s + one, 400};
        }
        request.grant.scope = wanted.join(u' ');
    }
    request.tenant = route.tenant;
    request.issuer = route.issuer;
    request.clientId = client.clientId;
    request.user = std::move(user).value();
    request.refreshToken = next;
    request.grantType = "refresh_token";
    return request;
}

Result<store::UserRecord> UserGrants::activeUser(const QString& tenant,
                                                 const QString& userId) const {
    Result<std::optional<store::UserRecord>> user = m_store.users().find(tenant, userId);
    if (!user)
        return user.error();
    if (!*user)
        return invalidGrant(u"the user no longer exists"_s);
    if ((*user)->blocked)
        return invalidGrant(u"the user is blocked"_s);
    return std::move(**user);
}

Result<QByteArray> UserGrants::issueRefreshToken(const QString& tenant,
                                                 const store::GrantRecord& grant,
                                                 const store::RefreshTokenPolicy& policy) const {
    if (!grant.scope.split(u' ').contains("offline_access"_L1))
        return QByteArray();
    const QByteArray token = newSecret();
    store::RefreshTokenRecord record;
    record.tokenHash = crypto::sha256(token);
    record.tenant = tenant;
    record.grantId = grant.id;
    record.clientId = grant.clientId;
    Result<store::RefreshTokenRecord> issued = m_store.refreshTokens().issue(record, policy);
    if (!issued)
        return issued.error();
    return token;
}

} // namespace gatehouse::oidc
