#include "models/auth/TokenSet.h"

#include <QJsonDocument>
#include <QList>

namespace gatehouse::client {

using namespace Qt::StringLiterals;

namespace {

QJsonObject idTokenClaims(const QByteArray& idToken) {
    const QList<QByteArray> parts = idToken.split('.');
    if (parts.size() != 3)
        return {};
    const QByteArray payload = QByteArray::fromBase64(
        parts.at(1), QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    return QJsonDocument::fromJson(payload).object();
}

} // namespace

TokenSet TokenSet::fromResponse(const QJsonObject& body, const QDateTime& now) {
    TokenSet tokens;
    tokens.accessToken = body.value("access_token"_L1).toString().toUtf8();
    tokens.refreshToken = body.value("refresh_token"_L1).toString().toUtf8();
    tokens.idToken = body.value("id_token"_L1).toString().toUtf8();
    const qint64 expiresIn = body.value("expires_in"_L1).toInteger(3600);
    tokens.expiresAt = now.addSecs(expiresIn);
    const QJsonObject claims = idTokenClaims(tokens.idToken);
    tokens.subject = claims.value("sub"_L1).toString();
    tokens.email = claims.value("email"_L1).toString();
    tokens.name = claims.value("name"_L1).toString();
    return tokens;
}

bool TokenSet::expiresWithin(const QDateTime& now, int marginSeconds) const {
    return !expiresAt.isValid() || now.addSecs(marginSeconds) >= expiresAt;
}

QString TokenSet::displayName() const {
    if (!email.isEmpty())
        return email;
    if (!name.isEmpty())
        return name;
    return subject;
}

} // namespace gatehouse::client
