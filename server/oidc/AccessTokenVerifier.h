#pragma once

#include "core/Result.h"
#include "tenancy/Clock.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <chrono>
#include <functional>

namespace gatehouse::http {
class HttpRequest;
}
namespace gatehouse::tenancy {
class TenantSnapshot;
}

namespace gatehouse::oidc {

struct VerifiedAccessToken {
    QString tenant; // the tenant whose key signed it and whose issuer it carries
    QString issuer;
    QString subject;
    QString clientId;
    QString audience; // the expected audience that matched
    QStringList scopes;
    QDateTime expiresAt;
    QJsonObject claims;

    [[nodiscard]] bool hasScope(const QString& scope) const { return scopes.contains(scope); }
};

// Validates JWT access tokens the way RFC 9068 §4 asks a resource server to, for one tenant:
//  - the signature, with the tenant's own Next/Current/Previous keys looked up by kid, so a kid of
//    another tenant (or a revoked one) is unknown; crypto::verifyJwt refuses alg none, HS* (an
//    HS256 token MACed with a public key), crit, and exp/nbf/iat out of range;
//  - typ "at+jwt";
//  - iss one of the tenant's issuers (any of them: a token got through the custom domain is good
//    at the path URL too, as with Auth0), never another tenant's;
//  - aud containing the expected audience; sub and client_id present.
// Every failure is invalid_token (401), ready for an RFC 6750 §3 challenge (oidc::bearerChallenge).
// Thread-safe; does no I/O.
class AccessTokenVerifier final {
public:
    explicit AccessTokenVerifier(tenancy::Clock clock = tenancy::systemClock(),
                                 std::chrono::seconds leeway = std::chrono::seconds(30));

    [[nodiscard]] Result<VerifiedAccessToken> verify(QByteArrayView token,
                                                     const tenancy::TenantSnapshot& tenant,
                                                     const QString& audience) const;

    // aud must be the tenant's Management API: `{issuer}api/v2/` for any of its issuers.
    [[nodiscard]] Result<VerifiedAccessToken>
    verifyForManagementApi(QByteArrayView token, const tenancy::TenantSnapshot& tenant) const;

    // For the Management API of `target`, also accepting the system tenant's Management API
    // tokens (the dashboard's administrators manage every tenant). The token's unverified iss only
    // chooses which tenant to verify against: when it is one of `system`'s issuers, the token is
    // verified completely against `system` (its keys, issuers and Management API audience) and
    // the result's tenant is "system"; otherwise against `target`. The caller then decides what
    // a system token may do in `target` (its scopes). `system` may be null or equal to `target`.
    [[nodiscard]] Result<VerifiedAccessToken>
    verifyManagementToken(QByteArrayView token, const tenancy::TenantSnapshot& target,
                          const tenancy::TenantSnapshot* system) const;

    // The token of `Authorization: Bearer <token>` (RFC 6750 §2.1; the scheme is
    // case-insensitive). 401 "unauthorized" when there is no Bearer authorization (RFC 6750 §3.1:
    // no error code then), 400 invalid_request when there are several Authorization headers.
    [[nodiscard]] static Result<QByteArray> bearerToken(const http::HttpRequest& request);

    // Decides whether one `aud` value is acceptable; the first one that is becomes `audience`.
    using AudienceMatch = std::function<bool(const QString&)>;

    // Every check above, with the audience rule of the caller: /userinfo accepts the tenant's
    // userinfo audience or its APIs, introspection and revocation any audience at all (the token
    // only has to be this tenant's).
    [[nodiscard]] Result<VerifiedAccessToken>
    verifyWith(QByteArrayView token, const tenancy::TenantSnapshot& tenant,
               const AudienceMatch& audienceMatches) const;

private:
    tenancy::Clock m_clock;
    std::chrono::seconds m_leeway;
};

} // namespace gatehouse::oidc
