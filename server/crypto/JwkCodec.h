#pragma once

// Internal to gatehouse_crypto: public keys to and from JSON Web Keys (RFC 7517, RFC 7518 §6,
// RFC 8037 §2) and their thumbprints (RFC 7638).

#include "core/Result.h"
#include "crypto/OpenSsl.h"
#include "crypto/SigningAlgorithm.h"

#include <QJsonObject>

namespace gatehouse::crypto::detail {

struct JwkKey {
    std::shared_ptr<EVP_PKEY> key;
    SigningAlgorithm algorithm;
};

// kty and the public members only; the caller adds kid/alg/use where it publishes the key.
[[nodiscard]] QJsonObject publicJwkOf(EVP_PKEY* key, SigningAlgorithm algorithm);

// RFC 7638 §3: SHA-256 over the required members in lexicographic order without whitespace,
// base64url. Empty for a JWK without the required members.
[[nodiscard]] QByteArray jwkThumbprint(const QJsonObject& jwk);

// A verification key from a public JWK; error code "invalid_key".
[[nodiscard]] Result<JwkKey> keyFromJwk(const QJsonObject& jwk);

} // namespace gatehouse::crypto::detail
