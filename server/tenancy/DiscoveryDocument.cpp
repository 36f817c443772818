#include "tenancy/DiscoveryDocument.h"

#include "core/Json.h"

#include <QJsonArray>
#include <QJsonObject>

namespace gatehouse::tenancy {

namespace {

using namespace Qt::StringLiterals;

QJsonArray strings(std::initializer_list<QString> values) {
    QJsonArray array;
    for (const QString& value : values)
        array.append(value);
    return array;
}

} // namespace

QByteArray discoveryDocument(const QString& issuer, const QStringList& signingAlgorithms) {
    const auto endpoint = [&issuer](const QString& path) {
        return QString(issuer + path);
    };
    const QJsonArray clientAuthentication =
        strings({u"client_secret_basic"_s, u"client_secret_post"_s, u"none"_s});
    const QJsonObject document{
        {u"issuer"_s, issuer},
        {u"jwks_uri"_s, endpoint(u".well-known/jwks.json"_s)},
        {u"authorization_endpoint"_s, endpoint(u"authorize"_s)},
        {u"token_endpoint"_s, endpoint(u"oauth/token"_s)},
        {u"userinfo_endpoint"_s, endpoint(u"userinfo"_s)},
        {u"revocation_endpoint"_s, endpoint(u"oauth/revoke"_s)},
        {u"introspection_endpoint"_s, endpoint(u"oauth/introspect"_s)},
        {u"end_session_endpoint"_s, endpoint(u"oidc/logout"_s)},
        {u"response_types_supported"_s, strings({u"code"_s})},
        {u"response_modes_supported"_s, strings({u"query"_s, u"form_post"_s})},
        // The password grants are supported, and used only by clients that list them.
        {u"grant_types_supported"_s,
         strings({u"authorization_code"_s, u"refresh_token"_s, u"client_credentials"_s,
                  u"password"_s, u"http://auth0.com/oauth/grant-type/password-realm"_s})},
        {u"code_challenge_methods_supported"_s, strings({u"S256"_s})},
        {u"scopes_supported"_s,
         strings({u"openid"_s, u"profile"_s, u"email"_s, u"offline_access"_s})},
        {u"claims_supported"_s,
         strings({u"sub"_s, u"iss"_s, u"aud"_s, u"exp"_s, u"iat"_s, u"auth_time"_s, u"nonce"_s,
                  u"sid"_s, u"name"_s, u"family_name"_s, u"given_name"_s, u"nickname"_s,
                  u"picture"_s, u"updated_at"_s, u"email"_s, u"email_verified"_s})},
        {u"subject_types_supported"_s, strings({u"public"_s})},
        {u"id_token_signing_alg_values_supported"_s, QJsonArray::fromStringList(signingAlgorithms)},
        {u"token_endpoint_auth_methods_supported"_s, clientAuthentication},
        {u"revocation_endpoint_auth_methods_supported"_s, clientAuthentication},
        // Public clients cannot authenticate, so they may not introspect.
        {u"introspection_endpoint_auth_methods_supported"_s,
         strings({u"client_secret_basic"_s, u"client_secret_post"_s})},
        {u"authorization_response_iss_parameter_supported"_s, true}, // RFC 9207
        {u"request_parameter_supported"_s, false},
        // Discovery 1.0 §3 defaults this to true; nothing fetches request URIs.
        {u"request_uri_parameter_supported"_s, false},
    };
    return json::compact(document);
}

} // namespace gatehouse::tenancy
