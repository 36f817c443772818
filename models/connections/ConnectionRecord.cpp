#include "models/connections/ConnectionRecord.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QUrl>

namespace gatehouse::client {

using namespace Qt::StringLiterals;

namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("gatehouse::client::ConnectionRecord", text);
}

// The minimum length the server enforces (identity::PasswordPolicy::fromConnectionOptions):
// Gatehouse's password_policy first, then Auth0's password_complexity_options, then Auth0's
// named passwordPolicy level.
int minPasswordLength(const QJsonObject& options) {
    if (options.contains("password_policy"_L1))
        return options.value("password_policy"_L1)
            .toObject()
            .value("min_length"_L1)
            .toInt(DatabaseOptions::kDefaultPasswordLength);
    const QJsonObject complexity = options.value("password_complexity_options"_L1).toObject();
    if (complexity.contains("min_length"_L1))
        return complexity.value("min_length"_L1).toInt(DatabaseOptions::kDefaultPasswordLength);
    const QString level = options.value("passwordPolicy"_L1).toString();
    static const QHash<QString, int> levels{
        {u"none"_s, 1}, {u"low"_s, 6}, {u"fair"_s, 8}, {u"good"_s, 8}, {u"excellent"_s, 10}};
    return levels.value(level, DatabaseOptions::kDefaultPasswordLength);
}

QStringList scopesOf(const QJsonObject& options) {
    if (options.contains("scope"_L1))
        return options.value("scope"_L1).toString().split(u' ', Qt::SkipEmptyParts);
    if (!options.contains("scopes"_L1))
        return ConnectionRecord::defaultScopes();
    const QJsonValue scopes = options.value("scopes"_L1);
    if (scopes.isString())
        return scopes.toString().split(u' ', Qt::SkipEmptyParts);
    QStringList list;
    for (const QJsonValue& scope : scopes.toArray())
        list.append(scope.toString());
    return list;
}

bool isLoopback(const QString& host) {
    return host == "127.0.0.1"_L1 || host == "::1"_L1 ||
           host.compare("localhost"_L1, Qt::CaseInsensitive) == 0;
}

} // namespace

ConnectionRecord ConnectionRecord::fromJson(const QJsonObject& json) {
    ConnectionRecord connection;
    connection.id = json.value("id"_L1).toString();
    connection.name = json.value("name"_L1).toString();
    connection.strategy = json.value("strategy"_L1).toString();
    for (const QJsonValue& client : json.value("enabled_clients"_L1).toArray())
        connection.enabledClients.append(client.toString());
    const QJsonObject options = json.value("options"_L1).toObject();
    connection.otherOptions = options;
    connection.database.disableSignup = options.value("disable_signup"_L1).toBool();
    connection.database.requiresUsername = options.value("requires_username"_L1).toBool();
    connection.database.minPasswordLength = minPasswordLength(options);
    connection.oidc.issuer = options.value("issuer"_L1).toString();
    connection.oidc.discoveryUrl = options.value("discovery_url"_L1).toString();
    connection.oidc.clientId = options.value("client_id"_L1).toString();
    connection.oidc.scopes = scopesOf(options);
    connection.oidc.displayName = options.value("display_name"_L1).toString();
    return connection;
}

ConnectionRecord ConnectionRecord::fromResult(const ApiResult& result) {
    return fromJson(result.json.object());
}

QJsonObject ConnectionRecord::optionsJson() const {
    if (isDatabase()) {
        QJsonObject options = otherOptions;
        options.insert(u"disable_signup"_s, database.disableSignup);
        options.insert(u"requires_username"_s, database.requiresUsername);
        options.insert(u"password_policy"_s,
                       QJsonObject{{u"min_length"_s, database.minPasswordLength}});
        return options;
    }
    // Every OIDC option the server knows is edited here; building them afresh avoids sending
    // both `scope` and `scopes`. The stored secret stays unless a new one was typed.
    QJsonObject options{
        {u"issuer"_s, oidc.issuer.trimmed()},
        {u"client_id"_s, oidc.clientId.trimmed()},
        {u"scopes"_s, QJsonArray::fromStringList(oidc.scopes)},
    };
    if (!oidc.discoveryUrl.trimmed().isEmpty())
        options.insert(u"discovery_url"_s, oidc.discoveryUrl.trimmed());
    if (!oidc.displayName.trimmed().isEmpty())
        options.insert(u"display_name"_s, oidc.displayName.trimmed());
    if (!oidc.clientSecret.isEmpty())
        options.insert(u"client_secret"_s, oidc.clientSecret);
    return options;
}

QJsonObject ConnectionRecord::toCreateJson() const {
    return QJsonObject{
        {u"name"_s, name.trimmed()},
        {u"strategy"_s, strategy},
        {u"options"_s, optionsJson()},
        {u"enabled_clients"_s, QJsonArray::fromStringList(enabledClients)},
    };
}

QJsonObject ConnectionRecord::toPatchJson() const {
    return QJsonObject{
        {u"options"_s, optionsJson()},
        {u"enabled_clients"_s, QJsonArray::fromStringList(enabledClients)},
    };
}

QString ConnectionRecord::strategyName(const QString& strategy) {
    if (strategy == QLatin1String(kDatabase))
        return tr("Database");
    if (strategy == QLatin1String(kOidc))
        return tr("OpenID Connect");
    return strategy;
}

QString ConnectionRecord::checkName(const QString& name) {
    if (name.trimmed().isEmpty())
        return tr("Enter a name.");
    if (name.trimmed().size() > 128)
        return tr("The name is longer than 128 characters.");
    return {};
}

QString ConnectionRecord::checkUpstreamUrl(const QString& text) {
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    if (text.trimmed().isEmpty())
        return tr("Enter a URL.");
    if (!url.isValid() || url.isRelative() || url.host().isEmpty())
        return tr("Not an absolute URL (for example https://login.example.com/).");
    if (url.hasQuery() || url.hasFragment() || !url.userInfo().isEmpty())
        return tr("The URL must have no query, fragment or user name.");
    const QString scheme = url.scheme().toLower();
    if (scheme != "https"_L1 && !(scheme == "http"_L1 && isLoopback(url.host())))
        return tr("Use https (http only for 127.0.0.1, [::1] or localhost).");
    return {};
}

QString ConnectionRecord::checkScopes(const QStringList& scopes) {
    if (!scopes.contains("openid"_L1))
        return tr("The scopes must include openid.");
    for (const QString& scope : scopes) {
        for (const QChar c : scope) {
            // RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
            const char16_t u = c.unicode();
            if (u < 0x21 || u > 0x7E || u == u'"' || u == u'\\')
                return tr("“%1” is not a valid scope.").arg(scope);
        }
    }
    return {};
}

QStringList ConnectionRecord::defaultScopes() {
    return {u"openid"_s, u"profile"_s, u"email"_s};
}

} // namespace gatehouse::client
