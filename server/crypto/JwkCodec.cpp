#include "crypto/JwkCodec.h"

#include "crypto/Encoding.h"

#include <QJsonArray>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/param_build.h>

namespace gatehouse::crypto::detail {

namespace {

constexpr int kP256CoordinateBytes = 32;
constexpr int kEd25519KeyBytes = 32;

using ParamBuildPtr = std::unique_ptr<OSSL_PARAM_BLD, Deleter<OSSL_PARAM_BLD_free>>;
using ParamPtr = std::unique_ptr<OSSL_PARAM, Deleter<OSSL_PARAM_free>>;

Error invalidKey(QString message) {
    return Error::badRequest(QByteArrayLiteral("invalid_key"), std::move(message));
}

QString b64(QByteArrayView data) {
    return QString::fromLatin1(base64UrlEncode(data));
}

// A base64url member of the JWK, decoded; an error names the member.
Result<QByteArray> member(const QJsonObject& jwk, const QString& name) {
    const QJsonValue value = jwk.value(name);
    if (!value.isString())
        return invalidKey(QStringLiteral("JWK member \"%1\" must be a string").arg(name));
    auto decoded = base64UrlDecode(value.toString().toLatin1());
    if (!decoded || decoded->isEmpty())
        return invalidKey(QStringLiteral("JWK member \"%1\" is not valid base64url").arg(name));
    return decoded;
}

Result<JwkKey> fromParams(const char* type, OSSL_PARAM_BLD* build, SigningAlgorithm algorithm) {
    const ParamPtr params(OSSL_PARAM_BLD_to_param(build));
    const EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
    EVP_PKEY* raw = nullptr;
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
        EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
        return invalidKey(QStringLiteral("JWK is not a valid %1 public key: %2")
                              .arg(QString::fromLatin1(type), lastOpenSslError()));
    }
    EvpPkeyPtr key(raw);
    // Rejects an EC point off the curve and RSA moduli that are even, prime or have small
    // factors, and exponents outside (2^16, 2^256) (SP 800-56B §6.4.2).
    const EvpPkeyCtxPtr check(EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr));
    if (!check || EVP_PKEY_public_check(check.get()) != 1)
        return invalidKey(QStringLiteral("JWK %1 public key fails validation: %2")
                              .arg(QString::fromLatin1(type), lastOpenSslError()));
    auto actual = algorithmOfKey(key.get());
    if (!actual)
        return actual.error();
    if (*actual != algorithm)
        return invalidKey(QStringLiteral("JWK key type does not match its algorithm"));
    return JwkKey{share(std::move(key)), algorithm};
}

Result<JwkKey> rsaFromJwk(const QJsonObject& jwk) {
    auto n = member(jwk, QStringLiteral("n"));
    if (!n)
        return n.error();
    auto e = member(jwk, QStringLiteral("e"));
    if (!e)
        return e.error();
    if (n->size() > 8192 / 8 + 1 || e->size() > 32)
        return invalidKey(QStringLiteral("RSA JWK members are too large"));
    const BignumPtr modulus(BN_bin2bn(bytes(*n), int(n->size()), nullptr));
    const BignumPtr exponent(BN_bin2bn(bytes(*e), int(e->size()), nullptr));
    const ParamBuildPtr build(OSSL_PARAM_BLD_new());
    if (!modulus || !exponent || !build ||
        OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_RSA_N, modulus.get()) != 1 ||
        OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_RSA_E, exponent.get()) != 1)
        return openSslFailure(QStringLiteral("building an RSA key"));
    return fromParams("RSA", build.get(), SigningAlgorithm::RS256);
}

Result<JwkKey> ecFromJwk(const QJsonObject& jwk) {
    if (jwk.value(QStringLiteral("crv")).toString() != QStringLiteral("P-256"))
        return invalidKey(QStringLiteral("only EC keys on crv \"P-256\" are supported"));
    auto x = member(jwk, QStringLiteral("x"));
    if (!x)
        return x.error();
    auto y = member(jwk, QStringLiteral("y"));
    if (!y)
        return y.error();
    // RFC 7518 §6.2.1.2/3: the full coordinate length, never shortened.
    if (x->size() != kP256CoordinateBytes || y->size() != kP256CoordinateBytes)
        return invalidKey(QStringLiteral("P-256 coordinates must be 32 bytes"));
    const QByteArray point = QByteArray(1, '\x04') + *x + *y; // uncompressed SEC1 point
    const ParamBuildPtr build(OSSL_PARAM_BLD_new());
    if (!build ||
        OSSL_PARAM_BLD_push_utf8_string(build.get(), OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) !=
            1 ||
        OSSL_PARAM_BLD_push_octet_string(build.get(), OSSL_PKEY_PARAM_PUB_KEY, point.constData(),
                                         size_t(point.size())) != 1)
        return openSslFailure(QStringLiteral("building an EC key"));
    return fromParams("EC", build.get(), SigningAlgorithm::ES256);
}

Result<JwkKey> okpFromJwk(const QJsonObject& jwk) {
    if (jwk.value(QStringLiteral("crv")).toString() != QStringLiteral("Ed25519"))
        return invalidKey(QStringLiteral("only OKP keys on crv \"Ed25519\" are supported"));
    auto x = member(jwk, QStringLiteral("x"));
    if (!x)
        return x.error();
    if (x->size() != kEd25519KeyBytes)
        return invalidKey(QStringLiteral("Ed25519 public keys are 32 bytes"));
    EvpPkeyPtr key(
        EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, bytes(*x), size_t(x->size())));
    if (!key)
        return invalidKey(
            QStringLiteral("JWK is not a valid Ed25519 key: %1").arg(lastOpenSslError()));
    return JwkKey{share(std::move(key)), SigningAlgorithm::EdDSA};
}

// Members that only a private or symmetric key has (RFC 7518 §6.3.2, §6.2.2, §6.4; RFC 8037 §2).
bool hasSecretMembers(const QJsonObject& jwk) {
    for (const char* name : {"d", "p", "q", "dp", "dq", "qi", "oth", "k"}) {
        if (jwk.contains(QLatin1StringView(name)))
            return true;
    }
    return false;
}

Result<void> checkUsage(const QJsonObject& jwk) {
    if (hasSecretMembers(jwk))
        return invalidKey(
            QStringLiteral("JWK holds private key material; publish public keys only"));
    if (jwk.contains(QStringLiteral("use")) &&
        jwk.value(QStringLiteral("use")).toString() != QStringLiteral("sig"))
        return invalidKey(QStringLiteral("JWK \"use\" is not \"sig\""));
    return {};
}

} // namespace

QJsonObject publicJwkOf(EVP_PKEY* key, SigningAlgorithm algorithm) {
    switch (algorithm) {
    case SigningAlgorithm::RS256:
        // RFC 7518 §6.3.1: minimal big-endian octets, no leading zero.
        return {{QStringLiteral("kty"), QStringLiteral("RSA")},
                {QStringLiteral("n"), b64(bigNumberParam(key, OSSL_PKEY_PARAM_RSA_N))},
                {QStringLiteral("e"), b64(bigNumberParam(key, OSSL_PKEY_PARAM_RSA_E))}};
    case SigningAlgorithm::ES256:
        return {{QStringLiteral("kty"), QStringLiteral("EC")},
                {QStringLiteral("crv"), QStringLiteral("P-256")},
                {QStringLiteral("x"),
                 b64(bigNumberParam(key, OSSL_PKEY_PARAM_EC_PUB_X, kP256CoordinateBytes))},
                {QStringLiteral("y"),
                 b64(bigNumberParam(key, OSSL_PKEY_PARAM_EC_PUB_Y, kP256CoordinateBytes))}};
    case SigningAlgorithm::EdDSA: {
        QByteArray x(kEd25519KeyBytes, Qt::Uninitialized);
        size_t length = size_t(x.size());
        if (EVP_PKEY_get_raw_public_key(key, reinterpret_cast<unsigned char*>(x.data()), &length) !=
            1)
            return {};
        return {{QStringLiteral("kty"), QStringLiteral("OKP")},
                {QStringLiteral("crv"), QStringLiteral("Ed25519")},
                {QStringLiteral("x"), b64(x)}};
    }
    }
    return {};
}

QByteArray jwkThumbprint(const QJsonObject& jwk) {
    const QString kty = jwk.value(QStringLiteral("kty")).toString();
    QStringList required;
    if (kty == QStringLiteral("RSA"))
        required = {QStringLiteral("e"), QStringLiteral("kty"), QStringLiteral("n")};
    else if (kty == QStringLiteral("EC"))
        required = {QStringLiteral("crv"), QStringLiteral("kty"), QStringLiteral("x"),
                    QStringLiteral("y")};
    else if (kty == QStringLiteral("OKP")) // RFC 8037 §2
        required = {QStringLiteral("crv"), QStringLiteral("kty"), QStringLiteral("x")};
    else
        return {};

    // The member values are base64url or fixed names, so they need no JSON escaping; anything
    // else is refused rather than canonicalised differently from other implementations.
    QByteArray canonical("{");
    for (const QString& name : required) {
        const QByteArray value = jwk.value(name).toString().toLatin1();
        if (value.isEmpty() || value.contains('"') || value.contains('\\'))
            return {};
        if (canonical.size() > 1)
            canonical += ',';
        canonical += '"' + name.toLatin1() + "\":\"" + value + '"';
    }
    canonical += '}';
    return base64UrlEncode(sha256(canonical));
}

Result<JwkKey> keyFromJwk(const QJsonObject& jwk) {
    if (auto usage = checkUsage(jwk); !usage)
        return usage.error();
    const QString kty = jwk.value(QStringLiteral("kty")).toString();
    Result<JwkKey> parsed = invalidKey(QStringLiteral("unsupported JWK kty \"%1\"").arg(kty));
    if (kty == QStringLiteral("RSA"))
        parsed = rsaFromJwk(jwk);
    else if (kty == QStringLiteral("EC"))
        parsed = ecFromJwk(jwk);
    else if (kty == QStringLiteral("OKP"))
        parsed = okpFromJwk(jwk);
    else if (kty == QStringLiteral("oct"))
        return invalidKey(QStringLiteral("symmetric (oct) keys are not accepted"));
    if (!parsed)
        return parsed;

    // An "alg" member, when present, must name the algorithm the key type implies (RFC 7517 §4.4).
    if (jwk.contains(QStringLiteral("alg"))) {
        const auto alg = parseAlgorithm(jwk.value(QStringLiteral("alg")).toString().toLatin1());
        if (!alg || *alg != parsed->algorithm)
            return invalidKey(QStringLiteral("JWK \"alg\" does not match its key type"));
    }
    return parsed;
}

} // namespace gatehouse::crypto::detail
