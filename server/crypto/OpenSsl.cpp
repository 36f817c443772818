#include "crypto/OpenSsl.h"

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/pem.h>

namespace gatehouse::crypto::detail {

std::shared_ptr<EVP_PKEY> share(EvpPkeyPtr key) {
    return std::shared_ptr<EVP_PKEY>(key.release(), Deleter<EVP_PKEY_free>{});
}

QString lastOpenSslError() {
    const unsigned long code = ERR_peek_last_error();
    if (code == 0)
        return QStringLiteral("unknown OpenSSL error");
    char text[256] = {};
    ERR_error_string_n(code, text, sizeof text);
    return QString::fromLatin1(text);
}

Error openSslFailure(const QString& what) {
    return Error::internal(what + QStringLiteral(": ") + lastOpenSslError());
}

const EVP_MD* sha256Md() {
    static EVP_MD* const sha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    return sha256;
}

QByteArray sha256(QByteArrayView data) {
    QByteArray digest(32, Qt::Uninitialized);
    unsigned int length = 0;
    if (EVP_Digest(data.data(), static_cast<size_t>(data.size()),
                   reinterpret_cast<unsigned char*>(digest.data()), &length, sha256Md(),
                   nullptr) != 1 ||
        length != 32)
        qFatal("gatehouse: SHA-256 failed: %s", qPrintable(lastOpenSslError()));
    return digest;
}

EvpPkeyPtr generateKey(SigningAlgorithm algorithm) {
    EVP_PKEY* key = nullptr;
    switch (algorithm) {
    case SigningAlgorithm::RS256:
        // EVP_PKEY_Q_keygen's RSA default public exponent is 65537.
        key = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t{2048});
        break;
    case SigningAlgorithm::ES256:
        key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
        break;
    case SigningAlgorithm::EdDSA:
        key = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
        break;
    }
    return EvpPkeyPtr(key);
}

Result<SigningAlgorithm> algorithmOfKey(EVP_PKEY* key) {
    if (key == nullptr)
        return Error::badRequest(QByteArrayLiteral("invalid_key"), QStringLiteral("no key"));
    if (EVP_PKEY_is_a(key, "RSA")) {
        const int bits = EVP_PKEY_get_bits(key);
        if (bits < 2048 || bits > 8192)
            return Error::badRequest(
                QByteArrayLiteral("invalid_key"),
                QStringLiteral("RSA keys must have 2048 to 8192 bits, not %1").arg(bits));
        return SigningAlgorithm::RS256;
    }
    if (EVP_PKEY_is_a(key, "EC")) {
        char group[64] = {};
        size_t length = 0;
        if (EVP_PKEY_get_group_name(key, group, sizeof group, &length) == 1 &&
            QByteArrayView(group, qsizetype(length)) == "prime256v1")
            return SigningAlgorithm::ES256;
        return Error::badRequest(QByteArrayLiteral("invalid_key"),
                                 QStringLiteral("EC keys must be on the P-256 curve"));
    }
    if (EVP_PKEY_is_a(key, "ED25519"))
        return SigningAlgorithm::EdDSA;
    return Error::badRequest(QByteArrayLiteral("invalid_key"),
                             QStringLiteral("unsupported key type %1")
                                 .arg(QString::fromLatin1(EVP_PKEY_get0_type_name(key))));
}

QByteArray bioContents(BIO* bio) {
    char* data = nullptr;
    const long length = BIO_get_mem_data(bio, &data);
    return length > 0 ? QByteArray(data, length) : QByteArray();
}

QByteArray privateKeyPem(EVP_PKEY* key) {
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio ||
        PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1)
        return {};
    return bioContents(bio.get());
}

QByteArray publicKeyPem(EVP_PKEY* key) {
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PUBKEY(bio.get(), key) != 1)
        return {};
    return bioContents(bio.get());
}

QByteArray bigNumberParam(EVP_PKEY* key, const char* name, int width) {
    BIGNUM* raw = nullptr;
    if (EVP_PKEY_get_bn_param(key, name, &raw) != 1)
        return {};
    const BignumPtr number(raw);
    const int length = width > 0 ? width : BN_num_bytes(number.get());
    QByteArray out(length, Qt::Uninitialized);
    if (BN_bn2binpad(number.get(), reinterpret_cast<unsigned char*>(out.data()), length) != length)
        return {};
    return out;
}

} // namespace gatehouse::crypto::detail
