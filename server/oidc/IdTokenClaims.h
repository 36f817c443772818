#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace gatehouse::oidc {

// The claims of an ID token (OIDC Core §2, §3.1.3.7): who logged in, for which client, when, and
// the nonce that binds the token to the client's request. `profile` carries the standard claims
// the granted scopes release (§5.4), chosen by UserClaims.
struct IdTokenClaims {
    QString issuer;
    QString subject;
    QString audience; // the client id
    qint64 issuedAt = 0;
    qint64 expiresAt = 0;
    qint64 authTime = 0; // when the user last authenticated (§2 auth_time)
    QString nonce;       // omitted when the request sent none
    QString sessionId;   // "sid": the SSO session, for logout; omitted when empty
    QJsonObject profile;

    [[nodiscard]] QByteArray toJson() const;
};

} // namespace gatehouse::oidc
