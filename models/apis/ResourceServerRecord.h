#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace gatehouse::client {

// A permission an API defines (`read:invoices`), with what it allows in words.
struct ApiScope {
    QString value;
    QString description;

    // RFC 6749 §3.3 scope-token: printable ASCII without space, '"' or '\'. Empty when valid.
    [[nodiscard]] static QString valueProblem(const QString& value);

    friend bool operator==(const ApiScope&, const ApiScope&) = default;
};

// An API (resource server) of a tenant (server/management/README.md, "resource server").
struct ResourceServerRecord {
    static constexpr int kDefaultTokenLifetime = 86400; // seconds, as Auth0
    static constexpr int kMaxTokenLifetime = 2592000;   // 30 days: the server's limit

    QString id;
    QString name;
    QString identifier; // the audience; cannot change
    QList<ApiScope> scopes;
    int tokenLifetime = kDefaultTokenLifetime; // of its access tokens, in seconds
    QString signingAlg;                        // always the tenant's
    bool isSystem = false; // the tenant's Management API: no rename, no scope change, no delete
    QDateTime createdAt;
    QDateTime updatedAt;

    [[nodiscard]] static ResourceServerRecord fromJson(const QJsonObject& json);
    // POST resource-servers. The signing algorithm is the tenant's, so it is not sent.
    [[nodiscard]] QJsonObject toCreateJson() const;
    // PATCH resource-servers/{id}: what changed from `before` (the identifier never does).
    [[nodiscard]] QJsonObject changesSince(const ResourceServerRecord& before) const;
    [[nodiscard]] QStringList scopeValues() const;
};

} // namespace gatehouse::client
