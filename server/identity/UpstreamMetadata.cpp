#include "identity/UpstreamMetadata.h"

#include "identity/UpstreamErrors.h"
#include "identity/UpstreamOidcConfig.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace gatehouse::identity {
namespace {

Result<QJsonObject> parseObject(QByteArrayView json, const QString& what) {
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json.toByteArray(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return upstreamError(QStringLiteral("the upstream %1 is not a JSON object").arg(what));
    return document.object();
}

Result<QUrl> endpoint(const QJsonObject& document, const QString& name) {
    const QJsonValue value = document.value(name);
    if (!value.isString() || value.toString().isEmpty())
        return upstreamError(QStringLiteral("the upstream discovery document has no %1").arg(name));
    const QUrl url(value.toString(), QUrl::StrictMode);
    if (!isAllowedUpstreamUrl(url))
        return upstreamError(
            QStringLiteral("the upstream discovery document's %1 is not an https URL").arg(name));
    return url;
}

} // namespace

Result<UpstreamMetadata> UpstreamMetadata::fromDiscovery(QByteArrayView json,
                                                         const QString& expectedIssuer) {
    Result<QJsonObject> document = parseObject(json, QStringLiteral("discovery document"));
    if (!document)
        return document.error();
    UpstreamMetadata metadata;
    metadata.issuer = document->value(QLatin1String("issuer")).toString();
    if (metadata.issuer != expectedIssuer)
        return upstreamError(
            QStringLiteral("the upstream discovery document names another issuer than the "
                           "configured %1")
                .arg(expectedIssuer));
    Result<QUrl> authorization = endpoint(*document, QStringLiteral("authorization_endpoint"));
    Result<QUrl> token = endpoint(*document, QStringLiteral("token_endpoint"));
    Result<QUrl> jwks = endpoint(*document, QStringLiteral("jwks_uri"));
    for (const auto* url : {&authorization, &token, &jwks}) {
        if (!*url)
            return url->error();
    }
    metadata.authorizationEndpoint = *authorization;
    metadata.tokenEndpoint = *token;
    metadata.jwksUri = *jwks;
    const QJsonValue methods =
        document->value(QLatin1String("token_endpoint_auth_methods_supported"));
    for (const QJsonValue& method : methods.toArray()) {
        if (method.isString())
            metadata.tokenEndpointAuthMethods.append(method.toString());
    }
    return metadata;
}

Result<QHash<QString, crypto::PublicKey>> UpstreamMetadata::keysFromJwks(QByteArrayView json) {
    Result<QJsonObject> document = parseObject(json, QStringLiteral("JWKS"));
    if (!document)
        return document.error();
    QHash<QString, crypto::PublicKey> keys;
    for (const QJsonValue& entry : document->value(QLatin1String("keys")).toArray()) {
        const QJsonObject jwk = entry.toObject();
        const QString kid = jwk.value(QLatin1String("kid")).toString();
        if (kid.isEmpty() || keys.contains(kid))
            continue;
        Result<crypto::PublicKey> key = crypto::PublicKey::fromJwk(jwk);
        if (key)
            keys.insert(kid, *key);
    }
    if (keys.isEmpty())
        return upstreamError(QStringLiteral("the upstream JWKS has no usable signing key"));
    return keys;
}

} // namespace gatehouse::identity
