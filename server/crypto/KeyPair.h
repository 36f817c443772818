#pragma once

#include "core/Result.h"
#include "crypto/PublicKey.h"
#include "crypto/SigningAlgorithm.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>
#include <memory>

struct evp_pkey_st; // OpenSSL's EVP_PKEY, kept out of the public headers

namespace gatehouse::crypto {

// An asymmetric signing key: RSA-2048 (e = 65537) for RS256, P-256 for ES256, Ed25519 for EdDSA.
// Copies share one immutable EVP_PKEY; sign() is safe to call from several threads at once on the
// same KeyPair (a fresh EVP_MD_CTX per call). A moved-from KeyPair signs nothing (empty results).
class KeyPair final {
public:
    [[nodiscard]] static Result<KeyPair> generate(SigningAlgorithm algorithm);

    // PKCS#8 or traditional PEM, unencrypted (keys at rest are sealed by Sealer, not by PEM
    // passphrases; an encrypted PEM is refused instead of prompting on the terminal). Refuses a
    // key of another type or curve than `expected`, and RSA keys under 2048 bits.
    // Error code "invalid_key".
    [[nodiscard]] static Result<KeyPair> fromPrivatePem(QByteArrayView pem,
                                                        SigningAlgorithm expected);

    [[nodiscard]] SigningAlgorithm algorithm() const { return m_algorithm; }
    [[nodiscard]] QByteArray privatePem() const; // PKCS#8: a secret, seal it before storing
    [[nodiscard]] QByteArray publicPem() const;  // SubjectPublicKeyInfo

    // RFC 7517/7518 §6 (RFC 8037 §2 for OKP): kty and the public members only, no kid/alg/use, so
    // that the JWKS endpoint decides what to publish.
    [[nodiscard]] QJsonObject publicJwk() const;
    // RFC 7638 SHA-256 thumbprint, base64url: stable for the key, used as its kid.
    [[nodiscard]] QByteArray thumbprint() const;

    // The JWS signature of `signingInput` (RFC 7515 §5.1); for ES256 the raw 64-byte R || S of
    // RFC 7518 §3.4. Empty only if OpenSSL fails, which means allocation failure.
    [[nodiscard]] QByteArray sign(QByteArrayView signingInput) const;

    [[nodiscard]] PublicKey publicKey() const;

private:
    KeyPair(std::shared_ptr<evp_pkey_st> key, SigningAlgorithm algorithm);

    std::shared_ptr<evp_pkey_st> m_key;
    SigningAlgorithm m_algorithm;
};

} // namespace gatehouse::crypto
