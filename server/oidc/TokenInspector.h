#pragma once

#include "core/Result.h"
#include "oidc/AccessTokenVerifier.h"
#include "store/Store.h"
#include "store/TransactionalRecords.h"
#include "tenancy/Clock.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <optional>

namespace gatehouse::tenancy {
class TenantSnapshot;
}

namespace gatehouse::oidc {

// A token this tenant issued, as revocation (RFC 7009) and introspection (RFC 7662) see it.
struct InspectedToken {
    enum class Kind { Access, Refresh };

    Kind kind = Kind::Access;
    QString clientId; // the client it was issued to
    QString subject;  // the user (or "{client}@clients")
    QString scope;
    QDateTime issuedAt;
    QDateTime expiresAt;
    QString grantId;                         // empty for client credentials tokens
    std::optional<store::GrantRecord> grant; // loaded when grantId is set and the grant exists
    QJsonObject claims;                      // Access: the verified claims
    bool active = false; // unexpired, its grant (if any) active, a refresh token not used up
};

// Finds out what a presented token is, for one tenant and without trusting it: refresh tokens
// (opaque base64url, no '.') by their SHA-256 in the store, access tokens (JWS, with '.') by the
// AccessTokenVerifier with the tenant's keys and issuers and any audience. The two forms cannot be
// confused, so a token_type_hint only documents what the client believes; it never changes the
// answer. nullopt for anything that is not this tenant's: unknown, malformed, forged, another
// tenant's, or an access token that no longer verifies (expired: inactive either way).
//
// A refresh token is active while its grant is active (not revoked, not expired), its idle expiry
// has not passed, and it was not rotated, or was rotated within the tenant's reuse interval (it
// would still be exchanged, UserGrants). An access token is active while it verifies and, when it
// names a grant (`gid`), that grant is active.
class TokenInspector final {
public:
    TokenInspector(store::Store store, const AccessTokenVerifier& verifier,
                   tenancy::Clock clock = tenancy::systemClock());

    [[nodiscard]] Result<std::optional<InspectedToken>>
    inspect(const tenancy::TenantSnapshot& tenant, const QString& token) const;

private:
    [[nodiscard]] Result<std::optional<InspectedToken>>
    inspectRefresh(const tenancy::TenantSnapshot& tenant, const QString& token) const;
    [[nodiscard]] Result<std::optional<InspectedToken>>
    inspectAccess(const tenancy::TenantSnapshot& tenant, const QString& token) const;
    [[nodiscard]] Result<std::optional<store::GrantRecord>> grant(const QString& tenant,
                                                                  const QString& id) const;

    mutable store::Store m_store;
    const AccessTokenVerifier& m_verifier;
    tenancy::Clock m_clock;
};

} // namespace gatehouse::oidc
