#include "oidc/IdTokenClaims.h"

#include <QJsonDocument>

namespace gatehouse::oidc {

QByteArray IdTokenClaims::toJson() const {
    // Profile claims first, so that none of them can replace a protocol claim below.
    QJsonObject claims = profile;
    claims.insert(QStringLiteral("iss"), issuer);
    claims.insert(QStringLiteral("sub"), subject);
    claims.insert(QStringLiteral("aud"), audience);
    claims.insert(QStringLiteral("iat"), double(issuedAt));
    claims.insert(QStringLiteral("exp"), double(expiresAt));
    claims.insert(QStringLiteral("auth_time"), double(authTime));
    if (!nonce.isEmpty())
        claims.insert(QStringLiteral("nonce"), nonce);
    if (!sessionId.isEmpty())
        claims.insert(QStringLiteral("sid"), sessionId);
    return QJsonDocument(claims).toJson(QJsonDocument::Compact);
}

} // namespace gatehouse::oidc
