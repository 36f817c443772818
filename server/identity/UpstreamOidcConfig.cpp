#include "identity/UpstreamOidcConfig.h"

#include <QJsonArray>

namespace gatehouse::identity {
namespace {

Error invalidConnection(QString message) {
    return Error::badRequest(QByteArrayLiteral("invalid_connection"), std::move(message));
}

bool isLoopbackHost(const QString& host) {
    return host == QLatin1String("127.0.0.1") || host == QLatin1String("::1") ||
           host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0;
}

// RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ).
bool isScopeToken(const QString& token) {
    if (token.isEmpty())
        return false;
    for (const QChar c : token) {
        const char16_t u = c.unicode();
        if (u < 0x21 || u > 0x7E || u == u'"' || u == u'\\')
            return false;
    }
    return true;
}

Result<QString> optionalString(const QJsonObject& options, const QString& name) {
    const QJsonValue value = options.value(name);
    if (value.isUndefined() || value.isNull())
        return QString();
    if (!value.isString())
        return invalidConnection(QStringLiteral("options.%1 must be a string").arg(name));
    return value.toString().trimmed();
}

Result<QUrl> upstreamUrl(const QString& text, const QString& name) {
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || url.isRelative() || url.host().isEmpty() || url.hasQuery())
        return invalidConnection(
            QStringLiteral("options.%1 must be an absolute URL without a query").arg(name));
    if (!isAllowedUpstreamUrl(url))
        return invalidConnection(
            QStringLiteral("options.%1 must use https (http only for 127.0.0.1, [::1] or "
                           "localhost) and carry no user info or fragment")
                .arg(name));
    return url;
}

Result<QStringList> parseScopes(const QJsonObject& options) {
    const bool hasScopes = options.contains(QLatin1String("scopes"));
    const bool hasScope = options.contains(QLatin1String("scope"));
    if (hasScopes && hasScope)
        return invalidConnection(QStringLiteral("options.scopes and options.scope are both set"));
    const QString name = hasScope ? QStringLiteral("scope") : QStringLiteral("scopes");
    const QJsonValue value = options.value(name);
    QStringList tokens;
    if (value.isUndefined() || value.isNull()) {
        tokens = {QStringLiteral("openid"), QStringLiteral("profile"), QStringLiteral("email")};
    } else if (value.isString()) {
        tokens = value.toString().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    } else if (value.isArray()) {
        for (const QJsonValue& item : value.toArray()) {
            if (!item.isString())
                return invalidConnection(
                    QStringLiteral("options.%1 must contain only strings").arg(name));
            tokens.append(item.toString());
        }
    } else {
        return invalidConnection(
            QStringLiteral("options.%1 must be a string or an array of strings").arg(name));
    }
    QStringList scopes;
    for (const QString& token : std::as_const(tokens)) {
        if (!isScopeToken(token))
            return invalidConnection(
                QStringLiteral("options.%1 contains an invalid scope token").arg(name));
        if (!scopes.contains(token))
            scopes.append(token);
    }
    if (!scopes.contains(QLatin1String("openid")))
        return invalidConnection(QStringLiteral("options.%1 must include openid").arg(name));
    return scopes;
}

Result<QList<QSslCertificate>> loadCaFile(const QString& path) {
    if (path.isEmpty())
        return QList<QSslCertificate>();
    // One message whether the file is missing, unreadable or not PEM: the option names a path on
    // the server, and its existence is none of a tenant's business.
    QList<QSslCertificate> certificates =
        QSslCertificate::fromPath(path, QSsl::Pem, QSslCertificate::PatternSyntax::FixedString);
    if (certificates.isEmpty())
        return invalidConnection(
            QStringLiteral("options.tls_ca_file: no PEM certificate could be read from it"));
    return certificates;
}

} // namespace

bool isAllowedUpstreamUrl(const QUrl& url) {
    if (!url.isValid() || url.host().isEmpty() || !url.userInfo().isEmpty() || url.hasFragment())
        return false;
    const QString scheme = url.scheme().toLower();
    return scheme == QLatin1String("https") ||
           (scheme == QLatin1String("http") && isLoopbackHost(url.host()));
}

Result<UpstreamOidcConfig> UpstreamOidcConfig::fromOptions(const QJsonObject& options,
                                                           const QString& clientSecret) {
    UpstreamOidcConfig config;
    Result<QString> issuer = optionalString(options, QStringLiteral("issuer"));
    if (!issuer)
        return issuer.error();
    if (issuer->isEmpty())
        return invalidConnection(QStringLiteral("options.issuer is required"));
    Result<QUrl> issuerUrl = upstreamUrl(*issuer, QStringLiteral("issuer"));
    if (!issuerUrl)
        return issuerUrl.error();
    config.issuer = *issuer;

    Result<QString> discovery = optionalString(options, QStringLiteral("discovery_url"));
    if (!discovery)
        return discovery.error();
    if (discovery->isEmpty()) {
        QString base = config.issuer;
        while (base.endsWith(QLatin1Char('/')))
            base.chop(1);
        config.discoveryUrl =
            QUrl(base + QStringLiteral("/.well-known/openid-configuration"), QUrl::StrictMode);
    } else {
        Result<QUrl> url = upstreamUrl(*discovery, QStringLiteral("discovery_url"));
        if (!url)
            return url.error();
        config.discoveryUrl = *url;
    }

    Result<QString> clientId = optionalString(options, QStringLiteral("client_id"));
    if (!clientId)
        return clientId.error();
    if (clientId->isEmpty())
        return invalidConnection(QStringLiteral("options.client_id is required"));
    config.clientId = *clientId;
    config.clientSecret = clientSecret;

    Result<QStringList> scopes = parseScopes(options);
    if (!scopes)
        return scopes.error();
    config.scopes = *scopes;

    Result<QString> displayName = optionalString(options, QStringLiteral("display_name"));
    if (!displayName)
        return displayName.error();
    config.displayName = *displayName;

    Result<QString> caFile = optionalString(options, QStringLiteral("tls_ca_file"));
    if (!caFile)
        return caFile.error();
    Result<QList<QSslCertificate>> certificates = loadCaFile(*caFile);
    if (!certificates)
        return certificates.error();
    config.tlsCaFile = *caFile;
    config.extraCaCertificates = *certificates;
    return config;
}

QString UpstreamOidcConfig::cacheKey() const {
    return issuer + QLatin1Char('\n') + discoveryUrl.toString(QUrl::FullyEncoded) +
           QLatin1Char('\n') + tlsCaFile;
}

} // namespace gatehouse::identity
