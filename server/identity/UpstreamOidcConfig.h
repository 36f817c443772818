#pragma once

#include "core/Result.h"

#include <QJsonObject>
#include <QList>
#include <QSslCertificate>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace gatehouse::identity {

// An upstream OpenID Provider that users of a connection (strategy `oidc`) log in with, read from
// the connection's options JSON and its unsealed client secret. Every error is 400
// `invalid_connection` naming the option, so the Management API can return it as is.
struct UpstreamOidcConfig {
    // OIDC Discovery §3: an https URL without query or fragment (http only for the loopback hosts
    // 127.0.0.1, [::1] and localhost, for development and tests). Compared exactly with the
    // discovery document's and the ID token's `iss`.
    QString issuer;
    // Default `{issuer}/.well-known/openid-configuration` (OIDC Discovery §4.1).
    QUrl discoveryUrl;
    QString clientId;
    // Empty for a public client: the code exchange then relies on PKCE alone.
    QString clientSecret;
    // Default openid, profile, email; always contains openid.
    QStringList scopes;
    // The login button's label; empty means the caller uses the connection's name.
    QString displayName;
    // `tls_ca_file`: certificates trusted in addition to the system's store.
    QString tlsCaFile;
    QList<QSslCertificate> extraCaCertificates;

    // Options: issuer (required), discovery_url, client_id (required), scopes (an array of strings
    // or a space-separated string; Auth0's `scope` is accepted too), display_name, tls_ca_file.
    [[nodiscard]] static Result<UpstreamOidcConfig> fromOptions(const QJsonObject& options,
                                                                const QString& clientSecret);

    // What the metadata cache is keyed by: two connections share an entry only when they would
    // fetch the same documents with the same trust, so a connection whose discovery_url points
    // elsewhere cannot plant keys for another tenant's issuer.
    [[nodiscard]] QString cacheKey() const;
};

// https, or http to a loopback host; with a host, no user info and no fragment.
[[nodiscard]] bool isAllowedUpstreamUrl(const QUrl& url);

} // namespace gatehouse::identity
