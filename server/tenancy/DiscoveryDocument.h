#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace gatehouse::tenancy {

// The OpenID Provider metadata of one tenant issuer (OpenID Connect Discovery 1.0 §3, RFC 8414
// §2), compact JSON. Built once per snapshot and issuer, served as bytes.
//
// Honest about what exists: grant_types_supported lists client_credentials only, and the token
// endpoint's two authentication methods. Discovery 1.0 §3 makes authorization_endpoint,
// response_types_supported and subject_types_supported REQUIRED; they name Auth0's `/authorize`
// path and the `code` flow that the next issue implements, so that OIDC client libraries accept the
// document now. Until then `/authorize` answers 404. id_token_signing_alg_values_supported lists
// the algorithms of the tenant's published keys (Discovery requires RS256 to be listed; an ES256 or
// EdDSA tenant does not sign with RS256, so it is not claimed).
[[nodiscard]] QByteArray discoveryDocument(const QString& issuer,
                                           const QStringList& signingAlgorithms);

} // namespace gatehouse::tenancy
