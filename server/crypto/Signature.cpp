#include "crypto/Signature.h"

#include "crypto/OpenSsl.h"

#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/rsa.h>

#include <vector>

namespace gatehouse::crypto::detail {

namespace {

constexpr int kP256CoordinateBytes = 32;

using EcdsaSigPtr = std::unique_ptr<ECDSA_SIG, Deleter<ECDSA_SIG_free>>;

// RSA and ECDSA hash with SHA-256 (RS256, ES256); Ed25519 hashes internally and takes no digest
// (RFC 8037 §3.1).
const EVP_MD* digestFor(SigningAlgorithm algorithm) {
    return algorithm == SigningAlgorithm::EdDSA ? nullptr : sha256Md();
}

} // namespace

namespace {

// OpenSSL 3 looks algorithms up in its provider store, under a lock, on every EVP_DigestSignInit;
// with two threads signing ES256 that lookup cost more than the signature. So RS256 and ES256
// sign a SHA-256 digest through an EVP_PKEY_CTX that each thread initialises once per key and
// reuses. The context holds a reference on its key, so a cached pointer can never alias a freed
// and reallocated key; the cache is small, so it keeps at most a few retired keys alive.
class ThreadSigningContexts final {
public:
    ThreadSigningContexts() = default;
    ThreadSigningContexts(const ThreadSigningContexts&) = delete;
    ThreadSigningContexts& operator=(const ThreadSigningContexts&) = delete;

    EVP_PKEY_CTX* contextFor(EVP_PKEY* key, SigningAlgorithm algorithm) {
        for (Entry& entry : m_entries) {
            if (entry.key == key)
                return entry.context.get();
        }
        EvpPkeyCtxPtr context(EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr));
        if (!context || EVP_PKEY_sign_init(context.get()) != 1 ||
            EVP_PKEY_CTX_set_signature_md(context.get(), sha256Md()) != 1)
            return nullptr;
        if (algorithm == SigningAlgorithm::RS256 &&
            EVP_PKEY_CTX_set_rsa_padding(context.get(), RSA_PKCS1_PADDING) != 1)
            return nullptr;
        if (m_entries.size() == kCapacity)
            m_entries.erase(m_entries.begin()); // the oldest
        m_entries.push_back(Entry{key, std::move(context)});
        return m_entries.back().context.get();
    }

private:
    struct Entry {
        EVP_PKEY* key;
        EvpPkeyCtxPtr context;
    };
    static constexpr std::size_t kCapacity = 8;
    std::vector<Entry> m_entries;
};

QByteArray signDigest(EVP_PKEY* key, SigningAlgorithm algorithm, QByteArrayView input) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int digestLength = 0;
    if (EVP_Digest(input.data(), size_t(input.size()), digest, &digestLength, sha256Md(),
                   nullptr) != 1)
        return {};
    thread_local ThreadSigningContexts contexts;
    EVP_PKEY_CTX* context = contexts.contextFor(key, algorithm);
    size_t length = 0;
    if (context == nullptr || EVP_PKEY_sign(context, nullptr, &length, digest, digestLength) != 1)
        return {};
    QByteArray signature(qsizetype(length), Qt::Uninitialized);
    if (EVP_PKEY_sign(context, reinterpret_cast<unsigned char*>(signature.data()), &length, digest,
                      digestLength) != 1)
        return {};
    signature.truncate(qsizetype(length));
    return signature;
}

} // namespace

QByteArray signWith(EVP_PKEY* key, SigningAlgorithm algorithm, QByteArrayView input) {
    const ErrorScope errors;
    if (algorithm != SigningAlgorithm::EdDSA) {
        const QByteArray signature = signDigest(key, algorithm, input);
        if (signature.isEmpty() || algorithm == SigningAlgorithm::RS256)
            return signature;
        return ecdsaDerToRaw(signature, kP256CoordinateBytes);
    }
    const EvpMdCtxPtr ctx(EVP_MD_CTX_new());
    size_t length = 0;
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, digestFor(algorithm), nullptr, key) != 1 ||
        EVP_DigestSign(ctx.get(), nullptr, &length, bytes(input), size_t(input.size())) != 1)
        return {};
    QByteArray signature(qsizetype(length), Qt::Uninitialized);
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &length,
                       bytes(input), size_t(input.size())) != 1)
        return {};
    signature.truncate(qsizetype(length));
    if (algorithm == SigningAlgorithm::ES256)
        return ecdsaDerToRaw(signature, kP256CoordinateBytes);
    return signature;
}

bool verifyWith(EVP_PKEY* key, SigningAlgorithm algorithm, QByteArrayView input,
                QByteArrayView signature) {
    const ErrorScope errors;
    QByteArray converted;
    switch (algorithm) {
    case SigningAlgorithm::RS256:
        if (signature.size() != EVP_PKEY_get_size(key))
            return false;
        break;
    case SigningAlgorithm::ES256:
        if (signature.size() != 2 * kP256CoordinateBytes)
            return false;
        converted = ecdsaRawToDer(signature);
        if (converted.isEmpty())
            return false;
        signature = converted;
        break;
    case SigningAlgorithm::EdDSA:
        if (signature.size() != 64)
            return false;
        break;
    }
    const EvpMdCtxPtr ctx(EVP_MD_CTX_new());
    const bool valid =
        ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, digestFor(algorithm), nullptr, key) == 1 &&
        EVP_DigestVerify(ctx.get(), bytes(signature), size_t(signature.size()), bytes(input),
                         size_t(input.size())) == 1;
    return valid;
}

QByteArray ecdsaDerToRaw(QByteArrayView der, int coordinateBytes) {
    const unsigned char* cursor = bytes(der);
    const EcdsaSigPtr sig(d2i_ECDSA_SIG(nullptr, &cursor, long(der.size())));
    if (!sig)
        return {};
    const BIGNUM* r = nullptr;
    const BIGNUM* s = nullptr;
    ECDSA_SIG_get0(sig.get(), &r, &s);
    QByteArray raw(2 * coordinateBytes, Qt::Uninitialized);
    auto* out = reinterpret_cast<unsigned char*>(raw.data());
    if (BN_bn2binpad(r, out, coordinateBytes) != coordinateBytes ||
        BN_bn2binpad(s, out + coordinateBytes, coordinateBytes) != coordinateBytes)
        return {};
    return raw;
}

QByteArray ecdsaRawToDer(QByteArrayView raw) {
    const int half = int(raw.size() / 2);
    if (half == 0 || raw.size() % 2 != 0)
        return {};
    BignumPtr r(BN_bin2bn(bytes(raw), half, nullptr));
    BignumPtr s(BN_bin2bn(bytes(raw) + half, half, nullptr));
    EcdsaSigPtr sig(ECDSA_SIG_new());
    if (!r || !s || !sig || ECDSA_SIG_set0(sig.get(), r.get(), s.get()) != 1)
        return {};
    // ECDSA_SIG_set0 took ownership of r and s.
    (void)r.release();
    (void)s.release();
    unsigned char* der = nullptr;
    const int length = i2d_ECDSA_SIG(sig.get(), &der);
    if (length <= 0)
        return {};
    QByteArray out(reinterpret_cast<const char*>(der), length);
    OPENSSL_free(der);
    return out;
}

} // namespace gatehouse::crypto::detail
