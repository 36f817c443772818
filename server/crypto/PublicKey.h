#pragma once

#include "core/Result.h"
#include "crypto/SigningAlgorithm.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>
#include <memory>

struct evp_pkey_st; // OpenSSL's EVP_PKEY, kept out of the public headers

namespace gatehouse::crypto {

class KeyPair;

// A key that verifies JWS signatures of one algorithm. Cheap to copy (shared, immutable);
// verify() is safe to call from several threads at once.
class PublicKey final {
public:
    // From a public JWK (RFC 7517; RFC 7518 §6.2/§6.3; RFC 8037 §2 for OKP). Accepts kty RSA
    // (2048..8192 bits), EC on P-256 and OKP Ed25519. Refuses symmetric ("oct") keys, JWKs that
    // carry private members, "use" other than "sig", an "alg" that contradicts the key type,
    // points off the curve and malformed members. Error code "invalid_key".
    [[nodiscard]] static Result<PublicKey> fromJwk(const QJsonObject& jwk);

    [[nodiscard]] SigningAlgorithm algorithm() const { return m_algorithm; }
    [[nodiscard]] QJsonObject jwk() const;       // kty and public members only
    [[nodiscard]] QByteArray thumbprint() const; // RFC 7638, base64url

    // For ES256 the signature is the raw 64-byte R || S (RFC 7518 §3.4); DER is refused.
    [[nodiscard]] bool verify(QByteArrayView signingInput, QByteArrayView signature) const;

private:
    friend class KeyPair;
    PublicKey(std::shared_ptr<evp_pkey_st> key, SigningAlgorithm algorithm);

    std::shared_ptr<evp_pkey_st> m_key;
    SigningAlgorithm m_algorithm;
};

} // namespace gatehouse::crypto
