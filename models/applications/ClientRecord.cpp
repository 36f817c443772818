#include "models/applications/ClientRecord.h"

#include "models/auth/BrowserSignIn.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QUrl>

namespace gatehouse::client {

using namespace Qt::StringLiterals;

namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("gatehouse::client::ClientRecord", text);
}

QStringList strings(const QJsonValue& value) {
    QStringList list;
    for (const QJsonValue& item : value.toArray())
        list.append(item.toString());
    return list;
}

bool isWebScheme(const QUrl& url) {
    return url.scheme() == "http"_L1 || url.scheme() == "https"_L1;
}

} // namespace

const QList<AppTypeInfo>& AppTypeInfo::all() {
    // Least privilege for new applications: client_credentials only where it is the point
    // (machine-to-machine); a regular web app that needs it ticks it.
    static const QList<AppTypeInfo> types{
        {AppType::SinglePage,
         u"spa"_s,
         tr("Single-page application"),
         tr("Single-page"),
         tr("A JavaScript front end running in the browser (React, Angular, Vue). Public: "
            "it cannot keep a secret and uses the authorization code flow with PKCE."),
         {u"authorization_code"_s, u"refresh_token"_s},
         true},
        {AppType::RegularWeb,
         u"regular_web"_s,
         tr("Regular web application"),
         tr("Regular web"),
         tr("A server-side web application (ASP.NET, Django, Rails, Spring) that keeps a client "
            "secret on its server."),
         {u"authorization_code"_s, u"refresh_token"_s},
         false},
        {AppType::Native,
         u"native"_s,
         tr("Native application"),
         tr("Native"),
         tr("A desktop or mobile application. Public: it signs in through the system browser "
            "with PKCE."),
         {u"authorization_code"_s, u"refresh_token"_s},
         true},
        {AppType::MachineToMachine,
         u"non_interactive"_s,
         tr("Machine-to-machine application"),
         tr("Machine-to-machine"),
         tr("A service, daemon or command-line tool that calls an API on its own behalf with "
            "the client credentials grant."),
         {u"client_credentials"_s},
         false},
    };
    return types;
}

const AppTypeInfo& AppTypeInfo::of(AppType type) {
    for (const AppTypeInfo& info : all()) {
        if (info.type == type)
            return info;
    }
    return all().first();
}

const AppTypeInfo* AppTypeInfo::ofCode(const QString& code) {
    for (const AppTypeInfo& info : all()) {
        if (info.code == code)
            return &info;
    }
    return nullptr;
}

const QList<GrantTypeInfo>& GrantTypeInfo::all() {
    static const QList<GrantTypeInfo> grants{
        {u"authorization_code"_s, tr("Authorization Code"),
         tr("Sign-in through the browser (RFC 6749 §4.1, with PKCE).")},
        {u"refresh_token"_s, tr("Refresh Token"),
         tr("New access tokens without signing in again (RFC 6749 §6).")},
        {u"client_credentials"_s, tr("Client Credentials"),
         tr("Tokens for the application itself, with its secret (RFC 6749 §4.4). "
            "Confidential applications only.")},
        {u"password"_s, tr("Password"),
         tr("The application collects the user's password (RFC 6749 §4.3). Avoid it.")},
        {u"http://auth0.com/oauth/grant-type/password-realm"_s, tr("Password (realm)"),
         tr("Auth0's password grant naming the connection. Avoid it.")},
    };
    return grants;
}

ClientRecord ClientRecord::fromJson(const QJsonObject& json) {
    ClientRecord client;
    client.clientId = json.value("client_id"_L1).toString();
    client.name = json.value("name"_L1).toString();
    client.description = json.value("description"_L1).toString();
    client.appType = json.value("app_type"_L1).toString();
    client.grantTypes = strings(json.value("grant_types"_L1));
    client.callbacks = strings(json.value("callbacks"_L1));
    client.allowedLogoutUrls = strings(json.value("allowed_logout_urls"_L1));
    client.webOrigins = strings(json.value("web_origins"_L1));
    client.tokenEndpointAuthMethod = json.value("token_endpoint_auth_method"_L1).toString();
    client.clientSecret = json.value("client_secret"_L1).toString();
    return client;
}

ClientRecord ClientRecord::fromResult(const ApiResult& result) {
    return fromJson(result.json.object());
}

QJsonObject ClientRecord::patchFrom(const ClientRecord& saved) const {
    QJsonObject patch;
    if (name != saved.name)
        patch.insert(u"name"_s, name);
    if (description != saved.description)
        patch.insert(u"description"_s, description);
    const std::pair<QLatin1String, const QStringList ClientRecord::*> lists[] = {
        {"grant_types"_L1, &ClientRecord::grantTypes},
        {"callbacks"_L1, &ClientRecord::callbacks},
        {"allowed_logout_urls"_L1, &ClientRecord::allowedLogoutUrls},
        {"web_origins"_L1, &ClientRecord::webOrigins},
    };
    for (const auto& [field, member] : lists) {
        if (this->*member != saved.*member)
            patch.insert(field, QJsonArray::fromStringList(this->*member));
    }
    return patch;
}

QJsonObject ClientRecord::creationJson(const QString& name, AppType type,
                                       const QString& description) {
    const AppTypeInfo& info = AppTypeInfo::of(type);
    QJsonObject json{
        {u"name"_s, name},
        {u"app_type"_s, info.code},
        {u"grant_types"_s, QJsonArray::fromStringList(info.defaultGrantTypes)},
    };
    if (!description.isEmpty())
        json.insert(u"description"_s, description);
    return json;
}

bool ClientRecord::isPublic() const {
    const AppTypeInfo* info = AppTypeInfo::ofCode(appType);
    return info != nullptr && info->isPublic;
}

bool ClientRecord::isDashboardClient(const QString& tenant, const QString& clientId) {
    return tenant == QLatin1String(BrowserSignIn::kTenant) &&
           clientId == QLatin1String(BrowserSignIn::kClientId);
}

QString ClientRecord::checkRedirectUrl(const QString& text) {
    // The server compares redirect URLs as exact strings: a complete absolute URI without a
    // fragment (RFC 6749 §3.1.2); a wildcard would never match.
    const QUrl url(text, QUrl::StrictMode);
    if (text.trimmed().isEmpty())
        return tr("empty: enter a URL or remove the line");
    if (text.contains(u'*'))
        return tr("wildcards are not supported: URLs are compared exactly");
    if (!url.isValid() || url.scheme().isEmpty())
        return tr("not an absolute URL (for example https://app.example.com/callback)");
    if (url.hasFragment())
        return tr("a URL with a #fragment cannot be a redirect target");
    if (isWebScheme(url) && url.host().isEmpty())
        return tr("the URL has no host");
    return {};
}

QString ClientRecord::checkWebOrigin(const QString& text) {
    // Browsers send Origin as scheme://host[:port] (RFC 6454 §6.2) and CORS compares exactly.
    const QUrl url(text, QUrl::StrictMode);
    if (text.trimmed().isEmpty())
        return tr("empty: enter an origin or remove the line");
    if (!url.isValid() || !isWebScheme(url) || url.host().isEmpty() || text.contains(u'*'))
        return tr("not an origin: http(s)://host[:port], without wildcards");
    const QString host = url.host(QUrl::FullyEncoded);
    const int defaultPort = url.scheme() == "https"_L1 ? 443 : 80;
    QString canonical =
        url.scheme() + u"://"_s + (host.contains(u':') ? u"[%1]"_s.arg(host) : host);
    if (url.port() != -1 && url.port() != defaultPort)
        canonical += u":%1"_s.arg(url.port());
    if (!url.path().isEmpty() || url.hasQuery() || url.hasFragment() || !url.userInfo().isEmpty())
        return tr("an origin has no path (not even /), query, fragment or user: write %1")
            .arg(canonical);
    if (canonical != text)
        return tr("write it as a browser sends it: %1").arg(canonical);
    return {};
}

} // namespace gatehouse::client
