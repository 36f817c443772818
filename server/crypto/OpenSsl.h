#pragma once

// Internal to gatehouse_crypto: ownership of OpenSSL handles and the few helpers that several
// classes share. Other components use the public headers, which never include OpenSSL.

#include "core/Result.h"
#include "crypto/SigningAlgorithm.h"

#include <QByteArray>
#include <QByteArrayView>
#include <memory>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

namespace gatehouse::crypto::detail {

template <auto FreeFunction> struct Deleter {
    template <typename T> void operator()(T* handle) const { FreeFunction(handle); }
};

using EvpPkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using EvpPkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX_free>>;
using EvpMdCtxPtr = std::unique_ptr<EVP_MD_CTX, Deleter<EVP_MD_CTX_free>>;
using EvpCipherCtxPtr = std::unique_ptr<EVP_CIPHER_CTX, Deleter<EVP_CIPHER_CTX_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO_free_all>>;
using BignumPtr = std::unique_ptr<BIGNUM, Deleter<BN_free>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509_free>>;

// Shared ownership for KeyPair and PublicKey: an EVP_PKEY that is never modified after creation
// may be used by several threads at once (openssl-threads(7)).
[[nodiscard]] std::shared_ptr<EVP_PKEY> share(EvpPkeyPtr key);

// Put at the top of every entry point that calls OpenSSL. Errors OpenSSL queues during the call are
// dropped when it returns, even on success (its PEM decoders queue an error for every format they
// try), so that no stale error surfaces in an unrelated later call on the same thread, such as
// QSslSocket's handshake, which reads the same queue. Errors queued before the call are kept.
class ErrorScope final {
public:
    ErrorScope() { ERR_set_mark(); }
    ~ErrorScope() { ERR_pop_to_mark(); }
    ErrorScope(const ErrorScope&) = delete;
    ErrorScope& operator=(const ErrorScope&) = delete;
};

// The text of the most recent queued error, for messages; the ErrorScope removes it.
[[nodiscard]] QString lastOpenSslError();
[[nodiscard]] Error openSslFailure(const QString& what);

// SHA-256 fetched from the provider store once: EVP_sha256() is fetched implicitly, under a lock,
// on every use, which showed up when two threads hash and sign on every token request.
[[nodiscard]] const EVP_MD* sha256Md();
[[nodiscard]] QByteArray sha256(QByteArrayView data);

[[nodiscard]] EvpPkeyPtr generateKey(SigningAlgorithm algorithm);

// The JWS algorithm a key is usable with, or an error for other key types and sizes:
// RSA of 2048..8192 bits (RFC 7518 §3.3 minimum; the maximum bounds verification cost),
// EC on P-256 only, Ed25519 (RFC 8037).
[[nodiscard]] Result<SigningAlgorithm> algorithmOfKey(EVP_PKEY* key);

[[nodiscard]] QByteArray privateKeyPem(EVP_PKEY* key); // PKCS#8, unencrypted
[[nodiscard]] QByteArray publicKeyPem(EVP_PKEY* key);  // SubjectPublicKeyInfo
[[nodiscard]] QByteArray bioContents(BIO* bio);

// A big-number key parameter (OSSL_PKEY_PARAM_*) as big-endian bytes, left-padded with zeros to
// `width` when width > 0, minimal otherwise. Empty on failure.
[[nodiscard]] QByteArray bigNumberParam(EVP_PKEY* key, const char* name, int width = 0);

inline const unsigned char* bytes(QByteArrayView view) {
    return reinterpret_cast<const unsigned char*>(view.data());
}

} // namespace gatehouse::crypto::detail
