#pragma once

#include "http/Responder.h"
#include "store/Records.h"
#include "store/TransactionalRecords.h"
#include "tenancy/Clock.h"

#include <QByteArray>
#include <QString>
#include <memory>

namespace gatehouse::monitoring {
class Metrics;
}
namespace gatehouse::tenancy {
class TenantSnapshot;
}

namespace gatehouse::oidc {

class SigningPool;

// What a successful authorization_code, refresh_token or password grant hands out.
struct UserTokenRequest {
    std::shared_ptr<const tenancy::TenantSnapshot> tenant;
    QString issuer;
    QString clientId;
    store::UserRecord user;
    store::GrantRecord grant; // scope, audience, auth_time
    QString nonce;            // the authorization request's; empty for refresh and password
    QByteArray refreshToken;  // already stored; empty when none is issued
    QByteArray grantType;     // for metrics: authorization_code | refresh_token | password
};

// Signs and sends a user's tokens (RFC 6749 §5.1): an RFC 9068 access token for the requested API
// (or, without one, for the tenant's /userinfo), an ID token when `openid` was granted (OIDC Core
// §3.1.3.3), and the refresh token when there is one. RS256 work goes to the SigningPool like the
// client credentials grant's; both signatures are made in one job.
class UserTokenIssuer final {
public:
    // Auth0's defaults: ID tokens live 10 hours, tokens for /userinfo 24 hours.
    static constexpr int kIdTokenLifetimeSeconds = 36000;
    static constexpr int kUserinfoTokenLifetimeSeconds = 86400;

    UserTokenIssuer(SigningPool& pool, monitoring::Metrics& metrics, tenancy::Clock clock);

    // The audience of an access token issued without an API: `{issuer}userinfo`.
    [[nodiscard]] static QString userinfoAudience(const QString& issuer);

    void respond(UserTokenRequest request, const http::Responder& responder) const;

private:
    SigningPool& m_pool;
    monitoring::Metrics& m_metrics;
    tenancy::Clock m_clock;
};

} // namespace gatehouse::oidc
