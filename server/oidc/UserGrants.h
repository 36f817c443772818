#pragma once

#include "http/Responder.h"
#include "oidc/UserTokenIssuer.h"
#include "store/Store.h"

namespace gatehouse::tenancy {
struct ClientEntry;
struct TenantRoute;
} // namespace gatehouse::tenancy

namespace gatehouse::oidc {

class RequestParameters;

// The token endpoint's grants for users (RFC 6749 §4.1.3 and §6), once the client is identified:
//   authorization_code  redeems the code once, checks client, redirect_uri and PKCE, creates the
//                       grant and issues tokens; a code presented again revokes that grant
//                       (RFC 6749 §4.1.2: "SHOULD revoke … all tokens previously issued")
//   refresh_token       rotates the token; reuse after the reuse interval revokes the grant
// Every failure is invalid_grant (400) except a missing parameter (invalid_request) and a scope
// wider than the grant (invalid_scope).
class UserGrants final {
public:
    UserGrants(store::Store store, UserTokenIssuer& issuer);

    void authorizationCode(const tenancy::TenantRoute& route, const tenancy::ClientEntry& client,
                           const RequestParameters& parameters,
                           const http::Responder& responder) const;
    void refreshToken(const tenancy::TenantRoute& route, const tenancy::ClientEntry& client,
                      const RequestParameters& parameters, const http::Responder& responder) const;
    // A user who authenticated at the token endpoint itself (the password grant, RFC 6749 §4.3).
    struct DirectLogin {
        store::UserRecord user;
        QString scope;
        QString audience;
        QByteArray grantType;
        QString ip; // for the user's login statistics
    };
    // For a DirectLogin: the login statistics and a grant with auth_time now, no code and no SSO
    // session, and a refresh token when `scope` has offline_access, in one transaction; then the
    // tokens, as for a code.
    void grantDirectly(const tenancy::TenantRoute& route, const tenancy::ClientEntry& client,
                       DirectLogin login, const http::Responder& responder) const;

private:
    [[nodiscard]] Result<UserTokenRequest> redeemCode(const tenancy::TenantRoute& route,
                                                      const tenancy::ClientEntry& client,
                                                      const RequestParameters& parameters) const;
    [[nodiscard]] Result<UserTokenRequest> rotate(const tenancy::TenantRoute& route,
                                                  const tenancy::ClientEntry& client,
                                                  const RequestParameters& parameters) const;
    [[nodiscard]] Result<store::UserRecord> activeUser(const QString& tenant,
                                                       const QString& userId) const;
    // The grant's refresh token, stored; empty unless its scope has offline_access.
    [[nodiscard]] Result<QByteArray>
    issueRefreshToken(const QString& tenant, const store::GrantRecord& grant,
                      const store::RefreshTokenPolicy& policy) const;

    mutable store::Store m_store;
    UserTokenIssuer& m_issuer;
};

} // namespace gatehouse::oidc
