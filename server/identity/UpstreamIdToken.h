#pragma once

#include "core/Result.h"
#include "crypto/PublicKey.h"
#include "identity/UpstreamIdentity.h"

#include <QByteArrayView>
#include <QDateTime>
#include <QHash>
#include <QString>
#include <chrono>
#include <optional>

namespace gatehouse::identity {

// What an ID token from the upstream must satisfy (OIDC Core §3.1.3.7).
struct IdTokenExpectations {
    QString issuer;
    QString clientId;
    QString nonce;
    QDateTime now;
    std::chrono::seconds leeway{30};
};

// The token's kid when it is worth fetching the JWKS again for it: the token is well-formed, its
// alg is one crypto verifies, and no key in `keys` has that kid. nullopt otherwise, so that a
// token with alg "none" or HS256 never causes a fetch.
[[nodiscard]] std::optional<QString>
unknownIdTokenKid(QByteArrayView idToken, const QHash<QString, crypto::PublicKey>& keys);

// Verifies the signature with `keys` (RS256, ES256 or EdDSA; never "none" or HS*), then iss
// (exactly), aud containing the client id, azp (required when there are several audiences, and
// equal to the client id when present), exp and iat against `now` with the leeway, a matching
// nonce and a non-empty sub. Errors: 502 `invalid_upstream_token` saying which check failed.
[[nodiscard]] Result<UpstreamIdentity>
verifyUpstreamIdToken(QByteArrayView idToken, const QHash<QString, crypto::PublicKey>& keys,
                      const IdTokenExpectations& expected);

} // namespace gatehouse::identity
