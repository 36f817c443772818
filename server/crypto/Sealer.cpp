#include "crypto/Sealer.h"

#include "crypto/OpenSsl.h"
#include "crypto/Random.h"

#include <algorithm>
#include <climits>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/kdf.h>

namespace gatehouse::crypto {

namespace {

using detail::bytes;

Error unsealFailed(QString message) {
    return Error{QByteArrayLiteral("unseal_failed"), std::move(message), 500};
}

// EVP_*Update take int lengths; feed larger inputs in slices.
template <typename Update>
bool updateInSlices(Update update, QByteArrayView input, unsigned char* output) {
    constexpr qsizetype kSlice = 1 << 30;
    for (qsizetype offset = 0; offset < input.size(); offset += kSlice) {
        const int length = static_cast<int>(std::min(kSlice, input.size() - offset));
        int written = 0;
        if (update(output ? output + offset : nullptr, &written, bytes(input) + offset, length) !=
            1)
            return false;
    }
    return true;
}

} // namespace

Sealer::Sealer(QByteArray masterKey) {
    if (masterKey.size() != kKeyBytes)
        qFatal("gatehouse: the master key must be %d bytes, not %lld", kKeyBytes,
               static_cast<long long>(masterKey.size()));
    std::copy(masterKey.cbegin(), masterKey.cend(), m_key.begin());
}

Result<Sealer> Sealer::fromKey(QByteArrayView masterKey) {
    if (masterKey.size() != kKeyBytes)
        return Error{QByteArrayLiteral("invalid_master_key"),
                     QStringLiteral("the master key must be %1 bytes, not %2")
                         .arg(kKeyBytes)
                         .arg(masterKey.size()),
                     500};
    return Sealer(masterKey.toByteArray());
}

QByteArray Sealer::generateKey() {
    return randomBytes(kKeyBytes);
}

QByteArray Sealer::deriveKey(QByteArrayView purpose) const {
    const detail::ErrorScope errors;
    EVP_KDF* kdf = EVP_KDF_fetch(nullptr, "HKDF", nullptr);
    EVP_KDF_CTX* context = kdf ? EVP_KDF_CTX_new(kdf) : nullptr;
    EVP_KDF_free(kdf);
    char digest[] = "SHA256";
    const OSSL_PARAM parameters[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY,
                                          const_cast<unsigned char*>(m_key.data()), m_key.size()),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, const_cast<char*>(purpose.data()),
                                          size_t(purpose.size())),
        OSSL_PARAM_construct_end(),
    };
    QByteArray key(kKeyBytes, Qt::Uninitialized);
    const bool ok = context && EVP_KDF_derive(context, reinterpret_cast<unsigned char*>(key.data()),
                                              size_t(key.size()), parameters) == 1;
    EVP_KDF_CTX_free(context);
    if (!ok)
        qFatal("gatehouse: HKDF-SHA256 failed in OpenSSL");
    return key;
}

Sealer::~Sealer() {
    OPENSSL_cleanse(m_key.data(), m_key.size());
}

QByteArray Sealer::seal(QByteArrayView plaintext, QByteArrayView associatedData) const {
    const detail::ErrorScope errors;
    const QByteArray nonce = randomBytes(kNonceBytes);
    QByteArray out(kOverheadBytes + plaintext.size(), Qt::Uninitialized);
    out[0] = kVersion;
    std::copy(nonce.cbegin(), nonce.cend(), out.begin() + 1);
    auto* cipherText = reinterpret_cast<unsigned char*>(out.data()) + 1 + kNonceBytes;

    const detail::EvpCipherCtxPtr ctx(EVP_CIPHER_CTX_new());
    const char version = kVersion;
    auto update = [&](unsigned char* o, int* n, const unsigned char* in, int len) {
        return EVP_EncryptUpdate(ctx.get(), o, n, in, len);
    };
    int finalLength = 0;
    const bool ok =
        ctx &&
        EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, m_key.data(), bytes(nonce)) ==
            1 &&
        updateInSlices(update, QByteArrayView(&version, 1), nullptr) &&
        updateInSlices(update, associatedData, nullptr) &&
        updateInSlices(update, plaintext, cipherText) &&
        EVP_EncryptFinal_ex(ctx.get(), cipherText + plaintext.size(), &finalLength) == 1 &&
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagBytes,
                            cipherText + plaintext.size()) == 1;
    if (!ok)
        qFatal("gatehouse: AES-256-GCM sealing failed: %s", qPrintable(detail::lastOpenSslError()));
    return out;
}

Result<QByteArray> Sealer::open(QByteArrayView sealed, QByteArrayView associatedData) const {
    const detail::ErrorScope errors;
    if (sealed.size() < kOverheadBytes)
        return unsealFailed(QStringLiteral("sealed data is truncated"));
    if (sealed[0] != kVersion)
        return unsealFailed(QStringLiteral("sealed data has unknown format version %1")
                                .arg(static_cast<unsigned char>(sealed[0])));

    const QByteArrayView nonce = sealed.sliced(1, kNonceBytes);
    const QByteArrayView cipherText =
        sealed.sliced(1 + kNonceBytes, sealed.size() - kOverheadBytes);
    QByteArray tag = sealed.last(kTagBytes).toByteArray();
    QByteArray plaintext(cipherText.size(), Qt::Uninitialized);

    const detail::EvpCipherCtxPtr ctx(EVP_CIPHER_CTX_new());
    const char version = kVersion;
    auto update = [&](unsigned char* o, int* n, const unsigned char* in, int len) {
        return EVP_DecryptUpdate(ctx.get(), o, n, in, len);
    };
    int finalLength = 0;
    const bool ok =
        ctx &&
        EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, m_key.data(), bytes(nonce)) ==
            1 &&
        updateInSlices(update, QByteArrayView(&version, 1), nullptr) &&
        updateInSlices(update, associatedData, nullptr) &&
        updateInSlices(update, cipherText, reinterpret_cast<unsigned char*>(plaintext.data())) &&
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagBytes, tag.data()) == 1 &&
        EVP_DecryptFinal_ex(ctx.get(),
                            reinterpret_cast<unsigned char*>(plaintext.data()) + cipherText.size(),
                            &finalLength) == 1;
    if (!ok) {
        OPENSSL_cleanse(plaintext.data(), static_cast<size_t>(plaintext.size()));
        return unsealFailed(QStringLiteral("sealed data could not be authenticated"));
    }
    return plaintext;
}

} // namespace gatehouse::crypto
