#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace gatehouse::client {

// A tenant's user as the Management API shows it (server/management/README.md, "user"). The
// metadata stay JSON objects: they are JSON by nature and the page edits them as such.
struct UserRecord {
    QString userId;
    QString connection; // the first identity's connection
    QString email;
    bool emailVerified = false;
    QString username;
    QString name;
    QString givenName;
    QString familyName;
    QString nickname;
    QString picture;
    bool blocked = false;
    QJsonObject userMetadata;
    QJsonObject appMetadata;
    QDateTime createdAt;
    QDateTime updatedAt;
    QDateTime lastLogin;
    QString lastIp;
    qint64 loginsCount = 0;

    [[nodiscard]] static UserRecord fromJson(const QJsonObject& json);
    // What a person sees for the user: the address, else the username, else the id.
    [[nodiscard]] QString displayName() const;
    // The PATCH body that turns `before` into this record: only the fields that differ, so that
    // a field the server refuses for this user (a username on a connection without usernames) is
    // never sent unless it was edited.
    [[nodiscard]] QJsonObject changesSince(const UserRecord& before) const;
};

// POST /users: a database user.
struct NewUser {
    QString connection;
    QString email;
    QString password;
    QString username; // only for connections that require one

    [[nodiscard]] QJsonObject toJson() const;
};

// An attack-protection block: failed logins from `ip` for the user's `identifier`.
struct UserBlock {
    QString identifier;
    QString ip;

    // GET user-blocks/{id}: {"blocked_for": [{identifier, ip}]}
    [[nodiscard]] static QList<UserBlock> listFromJson(const QJsonObject& json);
};

// A database connection new users can be created in.
struct DatabaseConnection {
    QString name;
    bool requiresUsername = false;

    [[nodiscard]] static DatabaseConnection fromJson(const QJsonObject& json);
};

} // namespace gatehouse::client
