#include "identity/UpstreamIdToken.h"

#include "crypto/Encoding.h"
#include "crypto/Jwt.h"
#include "crypto/SigningAlgorithm.h"
#include "identity/UpstreamErrors.h"

#include <QJsonArray>

namespace gatehouse::identity {
namespace {

QString stringClaim(const QJsonObject& claims, QLatin1String name) {
    return claims.value(name).toString();
}

bool isTrue(const QJsonValue& value) {
    return value.toBool() || value.toString() == QLatin1String("true");
}

Result<void> checkAuthorizedParty(const QJsonObject& claims, const QString& clientId) {
    const QJsonValue aud = claims.value(QLatin1String("aud"));
    const QJsonValue azp = claims.value(QLatin1String("azp"));
    const bool severalAudiences = aud.isArray() && aud.toArray().size() > 1;
    if (severalAudiences && azp.isUndefined())
        return invalidUpstreamToken(QStringLiteral(
            "the ID token has several audiences but no azp (authorized party) claim"));
    if (!azp.isUndefined() && azp.toString() != clientId)
        return invalidUpstreamToken(
            QStringLiteral("the ID token's azp (authorized party) is not this client"));
    return {};
}

Result<void> checkNonce(const QJsonObject& claims, const QString& expectedNonce) {
    const QJsonValue nonce = claims.value(QLatin1String("nonce"));
    if (!nonce.isString())
        return invalidUpstreamToken(QStringLiteral("the ID token has no nonce"));
    if (expectedNonce.isEmpty() ||
        !crypto::constantTimeEquals(nonce.toString().toUtf8(), expectedNonce.toUtf8()))
        return invalidUpstreamToken(
            QStringLiteral("the ID token's nonce is not the one sent with the authorization "
                           "request"));
    return {};
}

UpstreamIdentity identityFrom(const QJsonObject& claims) {
    UpstreamIdentity identity;
    identity.subject = stringClaim(claims, QLatin1String("sub"));
    identity.email = stringClaim(claims, QLatin1String("email"));
    identity.emailVerified = isTrue(claims.value(QLatin1String("email_verified")));
    identity.name = stringClaim(claims, QLatin1String("name"));
    identity.givenName = stringClaim(claims, QLatin1String("given_name"));
    identity.familyName = stringClaim(claims, QLatin1String("family_name"));
    identity.nickname = stringClaim(claims, QLatin1String("nickname"));
    identity.picture = stringClaim(claims, QLatin1String("picture"));
    identity.claims = claims;
    return identity;
}

} // namespace

std::optional<QString> unknownIdTokenKid(QByteArrayView idToken,
                                         const QHash<QString, crypto::PublicKey>& keys) {
    Result<crypto::DecodedJwt> decoded = crypto::decodeJwt(idToken);
    if (!decoded)
        return std::nullopt;
    const QString alg = decoded->header.value(QLatin1String("alg")).toString();
    if (!crypto::parseAlgorithm(alg.toLatin1()))
        return std::nullopt;
    const QString kid = decoded->header.value(QLatin1String("kid")).toString();
    if (kid.isEmpty() || keys.contains(kid))
        return std::nullopt;
    return kid;
}

Result<UpstreamIdentity> verifyUpstreamIdToken(QByteArrayView idToken,
                                               const QHash<QString, crypto::PublicKey>& keys,
                                               const IdTokenExpectations& expected) {
    crypto::JwtVerifyOptions options;
    options.now = expected.now;
    options.leeway = expected.leeway;
    options.expectedIssuer = expected.issuer;
    options.expectedAudience = expected.clientId;
    const crypto::KeyLookup lookup =
        [&keys](QByteArrayView kid) -> std::optional<crypto::PublicKey> {
        const auto found = keys.constFind(QString::fromUtf8(kid));
        if (found == keys.constEnd())
            return std::nullopt;
        return *found;
    };
    Result<crypto::DecodedJwt> verified = crypto::verifyJwt(idToken, lookup, options);
    if (!verified)
        return invalidUpstreamToken(QStringLiteral("the upstream ID token was refused: ") +
                                    verified.error().message);
    const QJsonObject& claims = verified->claims;
    // verifyJwt checks iat only when present; OIDC Core §2 requires it.
    if (!claims.value(QLatin1String("iat")).isDouble())
        return invalidUpstreamToken(QStringLiteral("the ID token has no iat claim"));
    const QJsonValue sub = claims.value(QLatin1String("sub"));
    if (!sub.isString() || sub.toString().isEmpty() || sub.toString().size() > 255)
        return invalidUpstreamToken(QStringLiteral("the ID token has no valid sub claim"));
    if (Result<void> azp = checkAuthorizedParty(claims, expected.clientId); !azp)
        return azp.error();
    if (Result<void> nonce = checkNonce(claims, expected.nonce); !nonce)
        return nonce.error();
    return identityFrom(claims);
}

} // namespace gatehouse::identity
