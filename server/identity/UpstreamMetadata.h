#pragma once

#include "core/Result.h"
#include "crypto/PublicKey.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QDateTime>
#include <QHash>
#include <QStringList>
#include <QUrl>

namespace gatehouse::identity {

// An upstream provider's discovery document (OIDC Discovery §3), reduced to what the
// authorization code flow needs, and its signing keys.
struct UpstreamMetadata {
    QString issuer;
    QUrl authorizationEndpoint;
    QUrl tokenEndpoint;
    QUrl jwksUri;
    // token_endpoint_auth_methods_supported; absent means client_secret_basic (§3).
    QStringList tokenEndpointAuthMethods;
    // Verification keys by kid. Keys without a kid, for encryption or of a type crypto does not
    // verify are left out rather than failing the whole set.
    QHash<QString, crypto::PublicKey> keys;
    QDateTime fetchedAt;

    // Parses a discovery document. Errors (502 `upstream_error`): not a JSON object, `issuer`
    // other than `expectedIssuer` exactly (§4.3: no normalisation, so a look-alike cannot
    // impersonate the configured provider), an endpoint that is missing, not https (except for
    // loopback hosts) or malformed.
    [[nodiscard]] static Result<UpstreamMetadata> fromDiscovery(QByteArrayView json,
                                                                const QString& expectedIssuer);

    // Parses a JWK Set (RFC 7517 §5). At least one usable key is required (502 `upstream_error`).
    [[nodiscard]] static Result<QHash<QString, crypto::PublicKey>>
    keysFromJwks(QByteArrayView json);
};

} // namespace gatehouse::identity
