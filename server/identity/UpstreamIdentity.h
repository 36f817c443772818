#pragma once

#include <QJsonObject>
#include <QString>

namespace gatehouse::identity {

// Who the upstream provider says the user is: the verified ID token's standard claims
// (OIDC Core §5.1) and all of its claims for rules and mappings.
struct UpstreamIdentity {
    QString subject; // `sub`: with the connection, the key of the user's identity
    QString email;
    bool emailVerified = false; // also true for the string "true", which some providers send
    QString name;
    QString givenName;
    QString familyName;
    QString nickname;
    QString picture;
    QJsonObject claims;
};

} // namespace gatehouse::identity
