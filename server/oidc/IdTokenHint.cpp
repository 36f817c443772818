#include "oidc/IdTokenHint.h"

#include "crypto/Jwt.h"
#include "tenancy/TenantSnapshot.h"

#include <QJsonArray>

namespace gatehouse::oidc {

using namespace Qt::StringLiterals;

namespace {

Error invalidHint(const QString& message) {
    return Error::badRequest("invalid_request", message);
}

} // namespace

Result<QJsonObject> IdTokenHint::verify(const QString& hint, const tenancy::TenantSnapshot& tenant,
                                        const QDateTime& now) {
    const QByteArray compact = hint.toLatin1();
    Result<crypto::DecodedJwt> decoded = crypto::decodeJwt(compact);
    if (!decoded)
        return invalidHint(u"id_token_hint is not a valid ID token"_s);
    // An expired hint is fine: verify at a time within its lifetime instead of now. Every other
    // check (signature, kid, alg, nbf, iat) stays as it is.
    const qint64 expiresAt = qint64(decoded->claims.value("exp"_L1).toDouble());
    crypto::JwtVerifyOptions options;
    options.now = now;
    if (expiresAt > 0 && now.toSecsSinceEpoch() >= expiresAt)
        options.now = QDateTime::fromSecsSinceEpoch(expiresAt - 1, Qt::UTC);
    options.expectedTyp = "JWT";
    const crypto::KeyLookup lookup = [&tenant](QByteArrayView kid) {
        return tenant.verificationKey(kid);
    };
    Result<crypto::DecodedJwt> verified = crypto::verifyJwt(compact, lookup, options);
    if (!verified || !tenant.hasIssuer(verified->claims.value("iss"_L1).toString()))
        return invalidHint(u"id_token_hint is not an ID token of this tenant"_s);
    if (verified->claims.value("sub"_L1).toString().isEmpty())
        return invalidHint(u"id_token_hint has no subject"_s);
    return std::move(verified->claims);
}

QString IdTokenHint::singleAudience(const QJsonObject& claims) {
    const QJsonValue aud = claims.value("aud"_L1);
    if (aud.isString())
        return aud.toString();
    const QJsonArray values = aud.toArray();
    return values.size() == 1 ? values.first().toString() : QString();
}

} // namespace gatehouse::oidc
