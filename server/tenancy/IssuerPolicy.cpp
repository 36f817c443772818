#include "tenancy/IssuerPolicy.h"

#include <QUrl>

namespace gatehouse::tenancy {
namespace {

QStringView withoutTrailingSlash(QStringView url) {
    while (url.endsWith(u'/'))
        url.chop(1);
    return url;
}

int defaultPort(const QString& scheme) {
    if (scheme == QLatin1String("https"))
        return 443;
    if (scheme == QLatin1String("http"))
        return 80;
    return -1;
}

} // namespace

QString IssuerPolicy::pathIssuer(QStringView tenantId) const {
    return withoutTrailingSlash(publicBaseUrl) + QStringLiteral("/t/") + tenantId + u'/';
}

QString IssuerPolicy::hostIssuer(QStringView host) const {
    const QUrl base(publicBaseUrl);
    const QString scheme = base.scheme().isEmpty() ? QStringLiteral("https") : base.scheme();
    const int port = base.port(-1);
    QString issuer = scheme + QStringLiteral("://") + normalizeHost(host);
    if (port != -1 && port != defaultPort(scheme))
        issuer += u':' + QString::number(port);
    issuer += u'/';
    return issuer;
}

QString IssuerPolicy::tenantHost(QStringView tenantId) const {
    const QString normalizedDomain = normalizeHost(domain);
    if (normalizedDomain.isEmpty())
        return {};
    return tenantId.toString().toLower() + u'.' + normalizedDomain;
}

QStringList IssuerPolicy::issuers(QStringView tenantId, QStringView customDomain) const {
    QStringList result{pathIssuer(tenantId)};
    if (const QString host = tenantHost(tenantId); !host.isEmpty())
        result.append(hostIssuer(host));
    if (const QString custom = normalizeHost(customDomain); !custom.isEmpty()) {
        const QString issuer = hostIssuer(custom);
        if (!result.contains(issuer))
            result.append(issuer);
    }
    return result;
}

QString IssuerPolicy::managementAudience(QStringView issuer) {
    return issuer + QStringLiteral("api/v2/");
}

QString IssuerPolicy::normalizeHost(QStringView hostHeader) {
    QStringView host = hostHeader.trimmed();
    if (host.startsWith(u'[')) {
        const qsizetype close = host.indexOf(u']');
        host = close < 0 ? host : host.first(close + 1);
    } else if (const qsizetype colon = host.lastIndexOf(u':'); colon >= 0) {
        host = host.first(colon);
    }
    if (host.endsWith(u'.'))
        host.chop(1);
    return host.toString().toLower();
}

} // namespace gatehouse::tenancy
