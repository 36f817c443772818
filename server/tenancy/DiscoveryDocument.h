#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace gatehouse::tenancy {

// The OpenID Provider metadata of one tenant issuer (OpenID Connect Discovery 1.0 §3, RFC 8414
// §2), compact JSON. Built once per snapshot and issuer, served as bytes.
//
// Honest about what exists, for the path issuer and each host issuer alike (every URL starts with
// the issuer the document is for):
//  - endpoints: /authorize, /oauth/token, /userinfo, /oauth/revoke (RFC 7009),
//    /oauth/introspect (RFC 7662) and /oidc/logout (RP-Initiated Logout 1.0) as
//    end_session_endpoint; Auth0's /v2/logout exists too but has no metadata name;
//  - the authorization code flow only (response type `code`, query or form_post), PKCE with S256
//    only, `iss` in authorization responses (RFC 9207), no request objects;
//  - grants authorization_code, refresh_token and client_credentials; clients authenticate with
//    client_secret_basic or client_secret_post, public ones with `none` (their client_id) at the
//    token and revocation endpoints; introspection takes confidential clients only;
//  - the scopes and claims of UserClaims and IdTokenClaims;
//  - id_token_signing_alg_values_supported: the algorithms of the tenant's published keys
//    (Discovery requires RS256 to be listed; an ES256 or EdDSA tenant does not sign with RS256,
//    so it is not claimed).
[[nodiscard]] QByteArray discoveryDocument(const QString& issuer,
                                           const QStringList& signingAlgorithms);

} // namespace gatehouse::tenancy
