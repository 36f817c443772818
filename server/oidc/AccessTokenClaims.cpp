#include "oidc/AccessTokenClaims.h"

#include "crypto/Random.h"
#include "oidc/JsonText.h"

namespace gatehouse::oidc {

AccessTokenClaims AccessTokenClaims::forClient(const QString& issuer, const QString& clientId,
                                               const QString& audience, const QString& scope,
                                               qint64 now, qint64 lifetimeSeconds) {
    return AccessTokenClaims{issuer,
                             clientId + QStringLiteral("@clients"),
                             audience,
                             clientId,
                             scope,
                             QStringLiteral("client-credentials"),
                             crypto::randomToken(16),
                             now,
                             now + lifetimeSeconds,
                             {}};
}

QByteArray AccessTokenClaims::toJson() const {
    QByteArray out;
    out.reserve(256 + issuer.size() + audience.size() + scope.size() + 2 * clientId.size());
    out.append("{\"iss\":");
    appendJsonString(out, issuer);
    out.append(",\"sub\":");
    appendJsonString(out, subject);
    out.append(",\"aud\":");
    appendJsonString(out, audience);
    out.append(",\"iat\":").append(QByteArray::number(issuedAt));
    out.append(",\"exp\":").append(QByteArray::number(expiresAt));
    out.append(",\"jti\":");
    appendJsonString(out, QString::fromLatin1(jwtId));
    out.append(",\"client_id\":");
    appendJsonString(out, clientId);
    if (!scope.isEmpty()) {
        out.append(",\"scope\":");
        appendJsonString(out, scope);
    }
    if (!grantType.isEmpty()) {
        out.append(",\"gty\":");
        appendJsonString(out, grantType);
    }
    if (!grantId.isEmpty()) {
        out.append(",\"gid\":");
        appendJsonString(out, grantId);
    }
    out.append('}');
    return out;
}

} // namespace gatehouse::oidc
