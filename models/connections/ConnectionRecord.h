#pragma once

#include "models/api/ApiCall.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace gatehouse::client {

// A database connection's options that the dashboard edits (strategy `auth0`).
struct DatabaseOptions {
    static constexpr int kMinPasswordLength = 1;
    static constexpr int kMaxPasswordLength = 128; // identity::PasswordPolicy::kMaxMinLength
    static constexpr int kDefaultPasswordLength = 8;

    bool disableSignup = false;
    bool requiresUsername = false;
    int minPasswordLength = kDefaultPasswordLength;
};

// An upstream OpenID Connect provider's options (strategy `oidc`). The client secret is
// write-only: the server seals it and never returns it, so `clientSecret` is only what a person
// typed to replace it; empty keeps the stored one.
struct OidcOptions {
    QString issuer;
    QString discoveryUrl; // empty: the issuer's /.well-known/openid-configuration
    QString clientId;
    QString clientSecret;
    QStringList scopes;
    QString displayName;
};

// A connection of a tenant, the typed form of the Management API's JSON (README "Shapes").
struct ConnectionRecord {
    static constexpr const char* kDatabase = "auth0";
    static constexpr const char* kOidc = "oidc";

    QString id;
    QString name;
    QString strategy;
    QStringList enabledClients;
    DatabaseOptions database;
    OidcOptions oidc;
    // The options as the server returned them, so that an edit keeps the ones the dashboard
    // does not show (Auth0's passwordPolicy, brute_force_protection, …).
    QJsonObject otherOptions;

    [[nodiscard]] static ConnectionRecord fromJson(const QJsonObject& json);
    [[nodiscard]] static ConnectionRecord fromResult(const ApiResult& result);
    [[nodiscard]] QJsonObject toCreateJson() const;
    // PATCH: the options (replaced as a whole by the server, hence built from the record and
    // the options the dashboard does not edit) and enabled_clients.
    [[nodiscard]] QJsonObject toPatchJson() const;

    [[nodiscard]] bool isDatabase() const { return strategy == QLatin1String(kDatabase); }
    [[nodiscard]] bool isOidc() const { return strategy == QLatin1String(kOidc); }
    // "Database", "OpenID Connect"
    [[nodiscard]] static QString strategyName(const QString& strategy);

    // The server's checks, to say what is wrong before anything is sent; empty when fine.
    [[nodiscard]] static QString checkName(const QString& name);
    // An issuer or discovery URL: https, or http on a loopback host, no query, user or fragment.
    [[nodiscard]] static QString checkUpstreamUrl(const QString& url);
    [[nodiscard]] static QString checkScopes(const QStringList& scopes);
    [[nodiscard]] static QStringList defaultScopes();

private:
    [[nodiscard]] QJsonObject optionsJson() const;
};

} // namespace gatehouse::client
