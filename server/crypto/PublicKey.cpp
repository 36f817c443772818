#include "crypto/PublicKey.h"

#include "crypto/JwkCodec.h"
#include "crypto/Signature.h"

namespace gatehouse::crypto {

PublicKey::PublicKey(std::shared_ptr<evp_pkey_st> key, SigningAlgorithm algorithm)
    : m_key(std::move(key))
    , m_algorithm(algorithm) {}

Result<PublicKey> PublicKey::fromJwk(const QJsonObject& jwk) {
    const detail::ErrorScope errors;
    auto parsed = detail::keyFromJwk(jwk);
    if (!parsed)
        return parsed.error();
    return PublicKey(std::move(parsed->key), parsed->algorithm);
}

QJsonObject PublicKey::jwk() const {
    const detail::ErrorScope errors;
    return m_key ? detail::publicJwkOf(m_key.get(), m_algorithm) : QJsonObject();
}

QByteArray PublicKey::thumbprint() const {
    return detail::jwkThumbprint(jwk());
}

bool PublicKey::verify(QByteArrayView signingInput, QByteArrayView signature) const {
    return m_key && detail::verifyWith(m_key.get(), m_algorithm, signingInput, signature);
}

} // namespace gatehouse::crypto
