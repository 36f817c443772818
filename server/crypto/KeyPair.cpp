#include "crypto/KeyPair.h"

#include "crypto/JwkCodec.h"
#include "crypto/OpenSsl.h"
#include "crypto/Signature.h"

#include <openssl/err.h>
#include <openssl/pem.h>

namespace gatehouse::crypto {

namespace {

constexpr qsizetype kMaxPemBytes = 64 * 1024;

// Refuses encrypted PEM instead of letting OpenSSL prompt for a passphrase on the terminal.
int noPassphrase(char*, int, int, void*) {
    return -1;
}

Error invalidKey(QString message) {
    return Error::badRequest(QByteArrayLiteral("invalid_key"), std::move(message));
}

} // namespace

KeyPair::KeyPair(std::shared_ptr<evp_pkey_st> key, SigningAlgorithm algorithm)
    : m_key(std::move(key))
    , m_algorithm(algorithm) {}

Result<KeyPair> KeyPair::generate(SigningAlgorithm algorithm) {
    const detail::ErrorScope errors;
    detail::EvpPkeyPtr key = detail::generateKey(algorithm);
    if (!key)
        return detail::openSslFailure(QStringLiteral("generating a %1 key")
                                          .arg(QString::fromLatin1(algorithmName(algorithm))));
    return KeyPair(detail::share(std::move(key)), algorithm);
}

Result<KeyPair> KeyPair::fromPrivatePem(QByteArrayView pem, SigningAlgorithm expected) {
    const detail::ErrorScope errors;
    if (pem.isEmpty() || pem.size() > kMaxPemBytes)
        return invalidKey(QStringLiteral("a private key PEM is between 1 byte and 64 KiB"));
    const detail::BioPtr bio(BIO_new_mem_buf(pem.data(), int(pem.size())));
    detail::EvpPkeyPtr key(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, noPassphrase, nullptr)
                               : nullptr);
    if (!key)
        return invalidKey(QStringLiteral("not an unencrypted private key PEM: %1")
                              .arg(detail::lastOpenSslError()));
    auto actual = detail::algorithmOfKey(key.get());
    if (!actual)
        return actual.error();
    if (*actual != expected)
        return invalidKey(QStringLiteral("the PEM holds a %1 key, not %2")
                              .arg(QString::fromLatin1(algorithmName(*actual)),
                                   QString::fromLatin1(algorithmName(expected))));
    return KeyPair(detail::share(std::move(key)), expected);
}

QByteArray KeyPair::privatePem() const {
    const detail::ErrorScope errors;
    return m_key ? detail::privateKeyPem(m_key.get()) : QByteArray();
}

QByteArray KeyPair::publicPem() const {
    const detail::ErrorScope errors;
    return m_key ? detail::publicKeyPem(m_key.get()) : QByteArray();
}

QJsonObject KeyPair::publicJwk() const {
    const detail::ErrorScope errors;
    return m_key ? detail::publicJwkOf(m_key.get(), m_algorithm) : QJsonObject();
}

QByteArray KeyPair::thumbprint() const {
    return detail::jwkThumbprint(publicJwk());
}

QByteArray KeyPair::sign(QByteArrayView signingInput) const {
    return m_key ? detail::signWith(m_key.get(), m_algorithm, signingInput) : QByteArray();
}

PublicKey KeyPair::publicKey() const {
    return PublicKey(m_key, m_algorithm);
}

} // namespace gatehouse::crypto
