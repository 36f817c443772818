#include "crypto/Jwt.h"

#include "core/Json.h"
#include "crypto/Encoding.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <cmath>

namespace gatehouse::crypto {

namespace {

Error invalidToken(QString message) {
    return Error{QByteArrayLiteral("invalid_token"), std::move(message), 401};
}

Result<QJsonObject> decodeObject(QByteArrayView segment, const QString& what) {
    auto bytes = base64UrlDecode(segment);
    if (!bytes)
        return invalidToken(QStringLiteral("the %1 is not valid base64url").arg(what));
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(*bytes, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return invalidToken(QStringLiteral("the %1 is not a JSON object").arg(what));
    return document.object();
}

// Why an "alg" is refused, for a message that tells an operator what was attempted.
QString refusedAlgorithm(const QString& alg) {
    if (alg.compare(QStringLiteral("none"), Qt::CaseInsensitive) == 0)
        return QStringLiteral("unsecured JWTs (alg \"none\") are not accepted");
    if (alg.startsWith(QStringLiteral("HS"), Qt::CaseInsensitive))
        return QStringLiteral("symmetric algorithms (\"%1\") are not accepted").arg(alg.left(32));
    return QStringLiteral("unsupported algorithm \"%1\"").arg(alg.left(32));
}

// "application/at+jwt" and "AT+JWT" name the same media type (RFC 7515 §4.1.9).
QString normalisedMediaType(QString type) {
    type = type.toLower();
    const QString prefix = QStringLiteral("application/");
    return type.startsWith(prefix) ? type.mid(prefix.size()) : type;
}

Result<void> checkHeader(const QJsonObject& header, SigningAlgorithm keyAlgorithm,
                         const JwtVerifyOptions& options) {
    const auto alg = parseAlgorithm(header.value(QStringLiteral("alg")).toString().toLatin1());
    if (!alg || *alg != keyAlgorithm)
        return invalidToken(QStringLiteral("the token's alg does not match its key's (%1)")
                                .arg(QString::fromLatin1(algorithmName(keyAlgorithm))));
    if (header.contains(QStringLiteral("crit")))
        return invalidToken(QStringLiteral("critical header extensions are not supported"));
    if (!options.expectedTyp.isEmpty()) {
        const QJsonValue typ = header.value(QStringLiteral("typ"));
        if (!typ.isString() || normalisedMediaType(typ.toString()) !=
                                   normalisedMediaType(QString::fromLatin1(options.expectedTyp)))
            return invalidToken(QStringLiteral("the token's typ is not \"%1\"")
                                    .arg(QString::fromLatin1(options.expectedTyp)));
    }
    return {};
}

// A NumericDate claim (RFC 7519 §2): seconds since the epoch, possibly fractional. Compared as
// doubles so that absurd values (1e300) cannot overflow an integer conversion.
Result<std::optional<double>> numericDate(const QJsonObject& claims, const QString& name) {
    if (!claims.contains(name))
        return std::optional<double>();
    const QJsonValue value = claims.value(name);
    if (!value.isDouble() || !std::isfinite(value.toDouble()))
        return invalidToken(QStringLiteral("the %1 claim is not a number").arg(name));
    return std::optional<double>(value.toDouble());
}

Result<void> checkTimes(const QJsonObject& claims, const JwtVerifyOptions& options) {
    const QDateTime clock = options.now.value_or(QDateTime::currentDateTimeUtc());
    const double now = double(clock.toMSecsSinceEpoch()) / 1000.0;
    const double leeway = double(options.leeway.count());
    auto exp = numericDate(claims, QStringLiteral("exp"));
    auto nbf = numericDate(claims, QStringLiteral("nbf"));
    auto iat = numericDate(claims, QStringLiteral("iat"));
    for (const auto* claim : {&exp, &nbf, &iat}) {
        if (!*claim)
            return claim->error();
    }
    // Every token Gatehouse accepts expires (RFC 8725 §3.10 is silent, RFC 9068 §2.2 requires it).
    if (!exp->has_value())
        return invalidToken(QStringLiteral("the token has no exp claim"));
    if (now >= **exp + leeway) // RFC 7519 §4.1.4
        return invalidToken(QStringLiteral("the token has expired"));
    if (nbf->has_value() && **nbf > now + leeway) // RFC 7519 §4.1.5
        return invalidToken(QStringLiteral("the token is not valid yet (nbf)"));
    if (iat->has_value() && **iat > now + leeway) // RFC 7519 §4.1.6
        return invalidToken(QStringLiteral("the token was issued in the future (iat)"));
    return {};
}

bool audienceContains(const QJsonValue& aud, const QString& expected) {
    if (aud.isString())
        return aud.toString() == expected;
    if (!aud.isArray())
        return false;
    const QJsonArray audiences = aud.toArray();
    return std::any_of(audiences.begin(), audiences.end(),
                       [&](const QJsonValue& entry) { return entry.toString() == expected; });
}

Result<void> checkParties(const QJsonObject& claims, const JwtVerifyOptions& options) {
    if (!options.expectedIssuer.isEmpty() &&
        claims.value(QStringLiteral("iss")).toString() != options.expectedIssuer)
        return invalidToken(QStringLiteral("the token was issued by another issuer"));
    if (!options.expectedAudience.isEmpty() &&
        !audienceContains(claims.value(QStringLiteral("aud")), options.expectedAudience))
        return invalidToken(QStringLiteral("the token is meant for another audience"));
    return {};
}

} // namespace

QByteArray signJwt(const QJsonObject& header, const QJsonObject& claims, const KeyPair& key,
                   QByteArrayView kid) {
    QJsonObject protectedHeader = header;
    protectedHeader.insert(QStringLiteral("alg"),
                           QString::fromLatin1(algorithmName(key.algorithm())));
    protectedHeader.insert(QStringLiteral("kid"), QString::fromUtf8(kid));
    QByteArray token = base64UrlEncode(json::compact(protectedHeader)) + '.' +
                       base64UrlEncode(json::compact(claims));
    const QByteArray signature = key.sign(token);
    if (signature.isEmpty())
        return {};
    return token + '.' + base64UrlEncode(signature);
}

Result<DecodedJwt> decodeJwt(QByteArrayView compact) {
    if (compact.isEmpty())
        return invalidToken(QStringLiteral("the token is empty"));
    if (compact.size() > kMaxJwtBytes)
        return invalidToken(QStringLiteral("the token is larger than %1 bytes").arg(kMaxJwtBytes));
    const qsizetype dots = compact.count('.');
    if (dots == 4)
        return invalidToken(QStringLiteral("encrypted JWTs (JWE) are not supported"));
    if (dots != 2)
        return invalidToken(QStringLiteral("a JWS has three dot-separated segments"));

    const qsizetype first = compact.indexOf('.');
    const qsizetype second = compact.indexOf('.', first + 1);
    auto header = decodeObject(compact.first(first), QStringLiteral("header"));
    if (!header)
        return header.error();
    auto claims =
        decodeObject(compact.sliced(first + 1, second - first - 1), QStringLiteral("payload"));
    if (!claims)
        return claims.error();
    auto signature = base64UrlDecode(compact.sliced(second + 1));
    if (!signature)
        return invalidToken(QStringLiteral("the signature is not valid base64url"));
    return DecodedJwt{std::move(*header), std::move(*claims), compact.first(second).toByteArray(),
                      std::move(*signature)};
}

Result<DecodedJwt> verifyJwt(QByteArrayView compact, const KeyLookup& lookup,
                             const JwtVerifyOptions& options) {
    auto decoded = decodeJwt(compact);
    if (!decoded)
        return decoded;
    const QJsonObject& header = decoded->header;

    const QJsonValue alg = header.value(QStringLiteral("alg"));
    if (!alg.isString())
        return invalidToken(QStringLiteral("the header has no alg"));
    if (!parseAlgorithm(alg.toString().toLatin1()))
        return invalidToken(refusedAlgorithm(alg.toString()));

    const QJsonValue kid = header.value(QStringLiteral("kid"));
    if (!kid.isString() || kid.toString().isEmpty())
        return invalidToken(QStringLiteral("the header has no kid"));
    const std::optional<PublicKey> key = lookup ? lookup(kid.toString().toUtf8()) : std::nullopt;
    if (!key)
        return invalidToken(QStringLiteral("no key with this kid"));

    if (auto checked = checkHeader(header, key->algorithm(), options); !checked)
        return checked.error();
    if (!key->verify(decoded->signingInput, decoded->signature))
        return invalidToken(QStringLiteral("the signature is invalid"));
    if (auto checked = checkTimes(decoded->claims, options); !checked)
        return checked.error();
    if (auto checked = checkParties(decoded->claims, options); !checked)
        return checked.error();
    return decoded;
}

} // namespace gatehouse::crypto
