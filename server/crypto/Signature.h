#pragma once

// Internal to gatehouse_crypto: JWS signing and verification on an EVP_PKEY (RFC 7518 §3).

#include "crypto/SigningAlgorithm.h"

#include <QByteArray>
#include <QByteArrayView>
#include <openssl/evp.h>

namespace gatehouse::crypto::detail {

// The JWS signature bytes; empty when OpenSSL fails. A fresh EVP_MD_CTX per call keeps this safe to
// call from several threads with the same key.
[[nodiscard]] QByteArray signWith(EVP_PKEY* key, SigningAlgorithm algorithm, QByteArrayView input);

[[nodiscard]] bool verifyWith(EVP_PKEY* key, SigningAlgorithm algorithm, QByteArrayView input,
                              QByteArrayView signature);

// ES256 signatures in JWS are R || S, each 32 bytes big-endian (RFC 7518 §3.4), while OpenSSL
// produces and expects DER ECDSA-Sig-Value. Empty on malformed input.
[[nodiscard]] QByteArray ecdsaDerToRaw(QByteArrayView der, int coordinateBytes);
[[nodiscard]] QByteArray ecdsaRawToDer(QByteArrayView raw);

} // namespace gatehouse::crypto::detail
