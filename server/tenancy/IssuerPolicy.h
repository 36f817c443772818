#pragma once

#include <QString>
#include <QStringList>
#include <QStringView>

namespace gatehouse::tenancy {

// How a tenant's issuer identifiers are spelled (OpenID Connect Discovery 1.0 §4.3: the issuer in
// the discovery document and in every token must equal the URL the client used).
//
// Every issuer ends with '/', as Auth0's do, so that a tenant's Management API audience is the
// issuer followed by `api/v2/` without any joining rule:
//   path-addressed   {publicBaseUrl}/t/{tenant}/          https://localhost:8443/t/acme/
//   host-addressed   {scheme}://{host}[:{port}]/           https://acme.example.com/
// where a host is `{tenant}.{domain}` or the tenant's custom domain, and scheme and port are those
// of publicBaseUrl (the port only when it is not the scheme's default). A tenant has several
// issuers at once and accepts tokens carrying any of them, never another tenant's.
struct IssuerPolicy {
    QString publicBaseUrl; // e.g. https://localhost:8443, no trailing slash (one is tolerated)
    QString domain;        // optional: tenants answer at {tenant}.{domain}

    [[nodiscard]] QString pathIssuer(QStringView tenantId) const;
    [[nodiscard]] QString hostIssuer(QStringView host) const;
    // `{tenant}.{domain}` in lowercase, or empty when no public domain is configured.
    [[nodiscard]] QString tenantHost(QStringView tenantId) const;
    // The path issuer first, then `{tenant}.{domain}`, then the custom domain (when set).
    [[nodiscard]] QStringList issuers(QStringView tenantId, QStringView customDomain) const;

    // `{issuer}api/v2/`: the audience of a tenant's Management API as seen by clients.
    [[nodiscard]] static QString managementAudience(QStringView issuer);
    // A Host header reduced to the lookup key: lowercase, no port, no trailing dot. IPv6
    // literals keep their brackets ("[::1]").
    [[nodiscard]] static QString normalizeHost(QStringView hostHeader);
};

} // namespace gatehouse::tenancy
