#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace gatehouse::client {

// What a token endpoint answered (RFC 6749 §5.1), plus who signed in, from the ID token's claims.
// The ID token came straight from the server over the transport's TLS, so the dashboard reads
// its claims for display only and never decides anything on them: the server authorizes every
// call from the access token.
struct TokenSet {
    QByteArray accessToken;
    QByteArray refreshToken; // empty for client credentials
    QByteArray idToken;
    QDateTime expiresAt; // of the access token
    QString subject;
    QString email;
    QString name;

    // A token response body; `now` is when it was received.
    [[nodiscard]] static TokenSet fromResponse(const QJsonObject& body, const QDateTime& now);
    // True within `margin` seconds of expiry: time to refresh before calling.
    [[nodiscard]] bool expiresWithin(const QDateTime& now, int marginSeconds = 30) const;
    [[nodiscard]] QString displayName() const;
};

} // namespace gatehouse::client
