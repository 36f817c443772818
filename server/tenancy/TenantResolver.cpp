#include "tenancy/TenantResolver.h"

#include "http/HttpRequest.h"
#include "tenancy/TenantCatalog.h"

namespace gatehouse::tenancy {

TenantResolver::TenantResolver(const TenantCatalog& catalog)
    : m_catalog(catalog) {}

std::optional<TenantRoute> TenantResolver::resolve(const http::HttpRequest& request) const {
    return resolve(request.host(), request.path());
}

std::optional<TenantRoute> TenantResolver::resolve(QByteArrayView host, QByteArrayView path) const {
    if (!host.isEmpty()) {
        const QString normalized = IssuerPolicy::normalizeHost(QString::fromLatin1(host));
        if (auto tenant = m_catalog.findByHost(normalized)) {
            QString issuer = tenant->issuerForHost(normalized);
            return TenantRoute{std::move(tenant), std::move(issuer), path.toByteArray()};
        }
    }
    static constexpr QByteArrayView kPrefix("/t/");
    if (!path.startsWith(kPrefix))
        return std::nullopt;
    const QByteArrayView rest = path.sliced(kPrefix.size());
    const qsizetype slash = rest.indexOf('/');
    const QByteArrayView id = slash < 0 ? rest : rest.first(slash);
    if (id.isEmpty())
        return std::nullopt;
    auto tenant = m_catalog.find(QString::fromLatin1(id));
    if (!tenant)
        return std::nullopt;
    QString issuer = tenant->issuers().constFirst();
    QByteArray tenantPath = slash < 0 ? QByteArrayLiteral("/") : rest.sliced(slash).toByteArray();
    return TenantRoute{std::move(tenant), std::move(issuer), std::move(tenantPath)};
}

} // namespace gatehouse::tenancy
