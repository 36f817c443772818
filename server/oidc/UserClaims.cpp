#include "oidc/UserClaims.h"

namespace gatehouse::oidc {

namespace {

using namespace Qt::StringLiterals;

void insertIfSet(QJsonObject& claims, const QString& name, const QString& value) {
    if (!value.isEmpty())
        claims.insert(name, value);
}

} // namespace

QJsonObject UserClaims::forScopes(const store::UserRecord& user, const QStringList& scopes) {
    QJsonObject claims;
    if (scopes.contains("profile"_L1)) {
        insertIfSet(claims, u"name"_s, user.name);
        insertIfSet(claims, u"family_name"_s, user.familyName);
        insertIfSet(claims, u"given_name"_s, user.givenName);
        insertIfSet(claims, u"nickname"_s, user.nickname);
        insertIfSet(claims, u"picture"_s, user.picture);
        if (user.updatedAt.isValid())
            claims.insert(u"updated_at"_s, double(user.updatedAt.toSecsSinceEpoch()));
    }
    if (scopes.contains("email"_L1) && !user.email.isEmpty()) {
        claims.insert(u"email"_s, user.email);
        claims.insert(u"email_verified"_s, user.emailVerified);
    }
    return claims;
}

} // namespace gatehouse::oidc
