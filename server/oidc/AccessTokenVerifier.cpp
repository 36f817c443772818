#include "oidc/AccessTokenVerifier.h"

#include "crypto/Jwt.h"
#include "http/HttpRequest.h"
#include "tenancy/TenantSnapshot.h"

#include <QJsonArray>

namespace gatehouse::oidc {
namespace {

Error invalidToken(const QString& message) {
    return Error{QByteArrayLiteral("invalid_token"), message, 401};
}

// RFC 7519 §4.1.3: a single string or an array of strings.
QStringList audiences(const QJsonValue& aud) {
    if (aud.isString())
        return {aud.toString()};
    QStringList values;
    for (const QJsonValue& value : aud.toArray()) {
        if (value.isString())
            values.append(value.toString());
    }
    return values;
}

} // namespace

AccessTokenVerifier::AccessTokenVerifier(tenancy::Clock clock, std::chrono::seconds leeway)
    : m_clock(std::move(clock))
    , m_leeway(leeway) {}

Result<VerifiedAccessToken> AccessTokenVerifier::verify(QByteArrayView token,
                                                        const tenancy::TenantSnapshot& tenant,
                                                        const QString& audience) const {
    return verifyWith(token, tenant, [&audience](const QString& aud) { return aud == audience; });
}

Result<VerifiedAccessToken>
AccessTokenVerifier::verifyForManagementApi(QByteArrayView token,
                                            const tenancy::TenantSnapshot& tenant) const {
    return verifyWith(token, tenant,
                      [&tenant](const QString& aud) { return tenant.isManagementAudience(aud); });
}

Result<VerifiedAccessToken>
AccessTokenVerifier::verifyManagementToken(QByteArrayView token,
                                           const tenancy::TenantSnapshot& target,
                                           const tenancy::TenantSnapshot* system) const {
    if (system != nullptr && system != &target) {
        const Result<crypto::DecodedJwt> decoded = crypto::decodeJwt(token);
        if (!decoded)
            return invalidToken(decoded.error().message);
        const QString issuer = decoded->claims.value(QStringLiteral("iss")).toString();
        if (system->hasIssuer(issuer))
            return verifyForManagementApi(token, *system);
    }
    return verifyForManagementApi(token, target);
}

Result<VerifiedAccessToken>
AccessTokenVerifier::verifyWith(QByteArrayView token, const tenancy::TenantSnapshot& tenant,
                                const AudienceMatch& audienceMatches) const {
    crypto::JwtVerifyOptions options;
    options.now = m_clock();
    options.leeway = m_leeway;
    options.expectedTyp = "at+jwt"; // RFC 9068 §4: tokens of other types are refused
    const crypto::KeyLookup lookup = [&tenant](QByteArrayView kid) {
        return tenant.verificationKey(kid);
    };
    Result<crypto::DecodedJwt> decoded = crypto::verifyJwt(token, lookup, options);
    if (!decoded)
        return invalidToken(decoded.error().message);
    const QJsonObject& claims = decoded->claims;

    VerifiedAccessToken verified;
    verified.tenant = tenant.id();
    verified.issuer = claims.value(QStringLiteral("iss")).toString();
    if (!tenant.hasIssuer(verified.issuer))
        return invalidToken(QStringLiteral("the token was not issued by this tenant"));
    for (const QString& aud : audiences(claims.value(QStringLiteral("aud")))) {
        if (audienceMatches(aud)) {
            verified.audience = aud;
            break;
        }
    }
    if (verified.audience.isEmpty())
        return invalidToken(QStringLiteral("the token is not meant for this audience"));
    verified.subject = claims.value(QStringLiteral("sub")).toString();
    verified.clientId = claims.value(QStringLiteral("client_id")).toString();
    if (verified.subject.isEmpty() || verified.clientId.isEmpty())
        return invalidToken(QStringLiteral("the token lacks sub or client_id"));
    verified.scopes =
        claims.value(QStringLiteral("scope")).toString().split(u' ', Qt::SkipEmptyParts);
    verified.expiresAt = QDateTime::fromSecsSinceEpoch(
        qint64(claims.value(QStringLiteral("exp")).toDouble()), Qt::UTC);
    verified.claims = claims;
    return verified;
}

Result<QByteArray> AccessTokenVerifier::bearerToken(const http::HttpRequest& request) {
    const QList<QByteArray> values = request.headerValues("Authorization");
    if (values.size() > 1)
        return Error::badRequest(QByteArrayLiteral("invalid_request"),
                                 QStringLiteral("more than one Authorization header"));
    static constexpr QByteArrayView kScheme("bearer ");
    const QByteArray value = values.isEmpty() ? QByteArray() : values.constFirst().trimmed();
    if (value.size() <= kScheme.size() ||
        QByteArrayView(value).first(kScheme.size()).compare(kScheme, Qt::CaseInsensitive) != 0)
        return Error{QByteArrayLiteral("unauthorized"), QStringLiteral("missing Bearer token"),
                     401};
    return value.sliced(kScheme.size()).trimmed();
}

} // namespace gatehouse::oidc
