// libFuzzer harness for the JWT parsing and verification path that every bearer token hits:
// strict base64url, decodeJwt, verifyJwt against a fixed ES256 key (kid "fuzz-kid"), and the JWK
// parser for keys an attacker embeds in the header. None of it may crash, leak or hit UB.
// The seeds in corpus/jwt_decode_fuzzer include a token that verifies under this key until the
// fixed "now" below, so the fuzzer also reaches the claim checks.
#include "crypto/Encoding.h"
#include "crypto/Jwt.h"
#include "crypto/PublicKey.h"

#include <QJsonObject>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

using namespace gatehouse::crypto;

namespace {

PublicKey fixedKey() {
    const QJsonObject jwk{
        {QStringLiteral("kty"), QStringLiteral("EC")},
        {QStringLiteral("crv"), QStringLiteral("P-256")},
        {QStringLiteral("x"), QStringLiteral("9tLn79QxaoX7lXpNBLO17LVmbx_0maIqS2Vk2ZGKBmA")},
        {QStringLiteral("y"), QStringLiteral("TF5WzuoYB0DphQc1nXPhwywU2DQgubntmOu7iI1_u5U")}};
    auto key = PublicKey::fromJwk(jwk);
    if (!key)
        std::abort();
    return *key;
}

JwtVerifyOptions strictOptions() {
    JwtVerifyOptions options;
    options.now = QDateTime::fromSecsSinceEpoch(1'750'000'100, Qt::UTC);
    options.expectedTyp = "at+jwt";
    options.expectedIssuer = QStringLiteral("https://gatehouse.test/");
    options.expectedAudience = QStringLiteral("api://test");
    return options;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const PublicKey key = fixedKey();
    static const KeyLookup lookup = [](QByteArrayView kid) -> std::optional<PublicKey> {
        if (kid == "fuzz-kid")
            return key;
        return std::nullopt;
    };
    static const JwtVerifyOptions options = strictOptions();

    const QByteArrayView input(reinterpret_cast<const char*>(data), qsizetype(size));
    (void)base64UrlDecode(input);

    const auto decoded = decodeJwt(input);
    if (decoded) {
        const QJsonValue embedded = decoded->header.value(QStringLiteral("jwk"));
        if (embedded.isObject())
            (void)PublicKey::fromJwk(embedded.toObject());
    }
    (void)verifyJwt(input, lookup, options);
    (void)verifyJwt(input, lookup); // default options: the real clock and no typ/iss/aud
    return 0;
}
