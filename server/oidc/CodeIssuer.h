#pragma once

#include "core/Result.h"
#include "oidc/AuthorizationRequest.h"
#include "store/Store.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QStringList>
#include <chrono>

namespace gatehouse::tenancy {
class TenantSnapshot;
}

namespace gatehouse::oidc {

// Issues authorization codes once a user has logged in (RFC 6749 §4.1.2). The code is 256 random
// bits, handed out once; the store keeps only its SHA-256 with everything the token endpoint must
// check on redemption: client, redirect URI, PKCE challenge, nonce, user, session and auth_time.
class CodeIssuer final {
public:
    // SECURITY.md: "expire in ≤ 60 s"; real clients redeem within a second.
    static constexpr std::chrono::seconds kCodeLifetime{60};

    explicit CodeIssuer(store::Store store);

    // What a user login grants of the requested scopes: the OIDC scopes Gatehouse supports
    // (offline_access only for clients allowed the refresh_token grant) and the scopes the
    // requested API defines. Others are dropped, as RFC 6749 §3.3 allows.
    [[nodiscard]] static QStringList grantedScopes(const tenancy::TenantSnapshot& tenant,
                                                   const AuthorizationRequest& request);

    // The code to send to the client.
    [[nodiscard]] Result<QString> issue(const tenancy::TenantSnapshot& tenant,
                                        const AuthorizationRequest& request, const QString& userId,
                                        const QByteArray& sessionHash, const QDateTime& authTime);

private:
    store::Store m_store;
};

} // namespace gatehouse::oidc
