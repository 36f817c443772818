#include "tenancy/DiscoveryDocument.h"

#include "core/Json.h"

#include <QJsonArray>
#include <QJsonObject>

namespace gatehouse::tenancy {

QByteArray discoveryDocument(const QString& issuer, const QStringList& signingAlgorithms) {
    const QJsonObject document{
        {QStringLiteral("issuer"), issuer},
        {QStringLiteral("jwks_uri"), QString(issuer + QStringLiteral(".well-known/jwks.json"))},
        {QStringLiteral("token_endpoint"), QString(issuer + QStringLiteral("oauth/token"))},
        {QStringLiteral("authorization_endpoint"), QString(issuer + QStringLiteral("authorize"))},
        {QStringLiteral("grant_types_supported"), QJsonArray{QStringLiteral("client_credentials")}},
        {QStringLiteral("token_endpoint_auth_methods_supported"),
         QJsonArray{QStringLiteral("client_secret_basic"), QStringLiteral("client_secret_post")}},
        {QStringLiteral("response_types_supported"), QJsonArray{QStringLiteral("code")}},
        {QStringLiteral("subject_types_supported"), QJsonArray{QStringLiteral("public")}},
        {QStringLiteral("id_token_signing_alg_values_supported"),
         QJsonArray::fromStringList(signingAlgorithms)},
        // Discovery 1.0 §3 defaults this to true; nothing fetches request URIs.
        {QStringLiteral("request_uri_parameter_supported"), false},
    };
    return json::compact(document);
}

} // namespace gatehouse::tenancy
