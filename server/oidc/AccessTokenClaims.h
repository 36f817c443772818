#pragma once

#include <QByteArray>
#include <QString>

namespace gatehouse::oidc {

// The claims of a JWT access token (RFC 9068 §2.2) as Gatehouse issues them, in the shape Auth0's
// SDKs expect for client credentials: sub "{client_id}@clients" and gty "client-credentials".
struct AccessTokenClaims {
    QString issuer;
    QString subject;
    QString audience;
    QString clientId;
    QString scope;     // space-separated; omitted from the token when empty
    QString grantType; // Auth0's "gty"; omitted when empty
    QByteArray jwtId;
    qint64 issuedAt = 0;
    qint64 expiresAt = 0;
    // "gid": the grant a user's token was issued from, so that /userinfo and introspection refuse
    // it once the grant is revoked (logout, code or refresh-token reuse); omitted when empty.
    QString grantId;

    // A client-credentials token of `clientId` for `audience`, issued `now` (seconds since the
    // epoch) for `lifetimeSeconds`, with a fresh jti: the token endpoint's and `gatehoused
    // token`'s.
    [[nodiscard]] static AccessTokenClaims forClient(const QString& issuer, const QString& clientId,
                                                     const QString& audience, const QString& scope,
                                                     qint64 now, qint64 lifetimeSeconds);

    // Compact JSON, members in a fixed order.
    [[nodiscard]] QByteArray toJson() const;
};

} // namespace gatehouse::oidc
