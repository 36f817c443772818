#pragma once

#include "core/Result.h"
#include "http/HttpRequest.h"
#include "http/Responder.h"
#include "oidc/TokenEndpoint.h"
#include "store/Records.h"

namespace gatehouse::oidc {
class RequestParameters;
class UserGrants;
} // namespace gatehouse::oidc

namespace gatehouse::login {

struct LoginServices;

// The password grants of POST /oauth/token (docs/login.md, "Password grant"), handed over by
// oidc::TokenEndpoint once the client is identified and lists the grant type in its grant_types:
//   grant_type=password            RFC 6749 §4.3: username, password, optional scope and
//                                  audience; the tenant's `Username-Password-Authentication`
//   grant_type=http://auth0.com/oauth/grant-type/password-realm
//                                  Auth0's: the same with `realm` = a database connection's name
// The connection must be enabled for the client. The password goes through PasswordVerification,
// the login page's own check (attack protection, argon2id on the hashing pool, dummy hash, rehash).
// A success makes a grant (auth_time now, no SSO session) and issues tokens like a code does: an
// access token, an ID token for `openid`, a refresh token for `offline_access` when the client
// may use refresh_token.
//
// Errors (RFC 6749 §5.2, Auth0's codes and wording):
//   400 invalid_request        missing username, password or realm; a connection that is not a
//                              database connection enabled for the client
//   400 invalid_grant          "Wrong email or password." for a wrong password and an unknown
//                              account alike
//   401 unauthorized           "user is blocked" (an administrator blocked the account; only after
//                              the right password)
//   403 access_denied          an unknown audience ("Service not found: X")
//   429 too_many_attempts      this user is blocked from this address after repeated failures
//   429 too_many_requests      the address is throttled; with Retry-After
//   503 temporarily_unavailable  the hashing pool is full; with Retry-After
class PasswordGrant final {
public:
    // Auth0's default database connection, which plain `password` logs in to.
    static constexpr QLatin1StringView kDefaultConnection{"Username-Password-Authentication"};

    PasswordGrant(const LoginServices& services, const oidc::UserGrants& grants);

    void handle(const tenancy::TenantRoute& route, const tenancy::ClientEntry& client,
                const oidc::RequestParameters& parameters, const http::HttpRequest& request,
                const http::Responder& responder) const;
    // A handler bound to this object, which must outlive it.
    [[nodiscard]] oidc::PasswordGrantHandler handler() const;

private:
    [[nodiscard]] Result<store::ConnectionRecord>
    connectionFor(const tenancy::TenantRoute& route, const tenancy::ClientEntry& client,
                  const oidc::RequestParameters& parameters) const;

    const LoginServices& m_services;
    const oidc::UserGrants& m_grants;
};

} // namespace gatehouse::login
