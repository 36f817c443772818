#include "models/users/UserRecord.h"

#include <QJsonArray>

namespace gatehouse::client {

using namespace Qt::StringLiterals;

namespace {

QDateTime timeOf(const QJsonObject& json, QLatin1String key) {
    return QDateTime::fromString(json.value(key).toString(), Qt::ISODateWithMs);
}

// Adds `key: after` when it differs from `before`.
template <typename T>
void addChange(QJsonObject& changes, QLatin1String key, const T& before, const T& after) {
    if (before != after)
        changes.insert(key, after);
}

} // namespace

UserRecord UserRecord::fromJson(const QJsonObject& json) {
    UserRecord user;
    user.userId = json.value("user_id"_L1).toString();
    user.connection =
        json.value("identities"_L1).toArray().at(0).toObject().value("connection"_L1).toString();
    user.email = json.value("email"_L1).toString();
    user.emailVerified = json.value("email_verified"_L1).toBool();
    user.username = json.value("username"_L1).toString();
    user.name = json.value("name"_L1).toString();
    user.givenName = json.value("given_name"_L1).toString();
    user.familyName = json.value("family_name"_L1).toString();
    user.nickname = json.value("nickname"_L1).toString();
    user.picture = json.value("picture"_L1).toString();
    user.blocked = json.value("blocked"_L1).toBool();
    user.userMetadata = json.value("user_metadata"_L1).toObject();
    user.appMetadata = json.value("app_metadata"_L1).toObject();
    user.createdAt = timeOf(json, "created_at"_L1);
    user.updatedAt = timeOf(json, "updated_at"_L1);
    user.lastLogin = timeOf(json, "last_login"_L1);
    user.lastIp = json.value("last_ip"_L1).toString();
    user.loginsCount = qint64(json.value("logins_count"_L1).toDouble());
    return user;
}

QString UserRecord::displayName() const {
    if (!email.isEmpty())
        return email;
    return username.isEmpty() ? userId : username;
}

QJsonObject UserRecord::changesSince(const UserRecord& before) const {
    QJsonObject changes;
    addChange(changes, "email"_L1, before.email, email);
    addChange(changes, "email_verified"_L1, before.emailVerified, emailVerified);
    addChange(changes, "username"_L1, before.username, username);
    addChange(changes, "name"_L1, before.name, name);
    addChange(changes, "given_name"_L1, before.givenName, givenName);
    addChange(changes, "family_name"_L1, before.familyName, familyName);
    addChange(changes, "nickname"_L1, before.nickname, nickname);
    addChange(changes, "picture"_L1, before.picture, picture);
    addChange(changes, "blocked"_L1, before.blocked, blocked);
    addChange(changes, "user_metadata"_L1, before.userMetadata, userMetadata);
    addChange(changes, "app_metadata"_L1, before.appMetadata, appMetadata);
    return changes;
}

QJsonObject NewUser::toJson() const {
    QJsonObject json{{u"connection"_s, connection}, {u"email"_s, email}, {u"password"_s, password}};
    if (!username.isEmpty())
        json.insert(u"username"_s, username);
    return json;
}

QList<UserBlock> UserBlock::listFromJson(const QJsonObject& json) {
    QList<UserBlock> blocks;
    for (const QJsonValue& value : json.value("blocked_for"_L1).toArray()) {
        const QJsonObject block = value.toObject();
        blocks.append({block.value("identifier"_L1).toString(), block.value("ip"_L1).toString()});
    }
    return blocks;
}

DatabaseConnection DatabaseConnection::fromJson(const QJsonObject& json) {
    return {json.value("name"_L1).toString(),
            json.value("options"_L1).toObject().value("requires_username"_L1).toBool()};
}

} // namespace gatehouse::client
