#include "oidc/ClientAuthenticator.h"

#include "crypto/SecretHash.h"
#include "http/HttpRequest.h"

namespace gatehouse::oidc {
namespace {

Error invalidClient(QString message) {
    return Error{QByteArrayLiteral("invalid_client"), std::move(message), 401};
}

Error invalidRequest(QString message) {
    return Error::badRequest(QByteArrayLiteral("invalid_request"), std::move(message));
}

// RFC 6749 §2.3.1: the client id and secret are form-urlencoded before they are joined with ':'
// and base64-encoded, so "a%3Ab" is the id "a:b".
Result<QString> formDecodeCredential(QByteArrayView text) {
    Result<RequestParameters> decoded =
        RequestParameters::fromForm(QByteArray(QByteArrayLiteral("v=") + text.toByteArray()));
    if (!decoded || decoded->size() > 1)
        return invalidClient(QStringLiteral("malformed Basic credentials"));
    return decoded->value(QLatin1String("v"));
}

Result<ClientCredentials> parseBasic(QByteArrayView authorization) {
    static constexpr QByteArrayView kScheme("basic ");
    if (authorization.size() < kScheme.size() ||
        authorization.first(kScheme.size()).compare(kScheme, Qt::CaseInsensitive) != 0)
        return invalidClient(QStringLiteral("unsupported authentication scheme"));
    const auto decoded =
        QByteArray::fromBase64Encoding(authorization.sliced(kScheme.size()).trimmed().toByteArray(),
                                       QByteArray::AbortOnBase64DecodingErrors);
    const qsizetype colon = decoded.decoded.indexOf(':');
    if (!decoded || colon < 0)
        return invalidClient(QStringLiteral("malformed Basic credentials"));
    Result<QString> clientId = formDecodeCredential(decoded.decoded.first(colon));
    Result<QString> secret = formDecodeCredential(decoded.decoded.sliced(colon + 1));
    if (!clientId)
        return clientId.error();
    if (!secret)
        return secret.error();
    return ClientCredentials{std::move(clientId).value(), std::move(secret).value(),
                             ClientAuthMethod::ClientSecretBasic};
}

} // namespace

Result<ClientCredentials> ClientAuthenticator::extract(const http::HttpRequest& request,
                                                       const RequestParameters& parameters) {
    const QString bodyClientId = parameters.value(QLatin1String("client_id"));
    const QString bodySecret = parameters.value(QLatin1String("client_secret"));
    if (request.headerValues("Authorization").size() > 1)
        return invalidRequest(QStringLiteral("more than one Authorization header"));
    const QByteArray authorization = request.header("Authorization");
    if (authorization.isEmpty()) {
        return ClientCredentials{bodyClientId, bodySecret,
                                 bodySecret.isEmpty() ? ClientAuthMethod::None
                                                      : ClientAuthMethod::ClientSecretPost};
    }
    if (!bodySecret.isEmpty())
        return invalidRequest(QStringLiteral(
            "the client authenticated with both client_secret_basic and client_secret_post"));
    Result<ClientCredentials> basic = parseBasic(authorization);
    if (!basic)
        return basic.error();
    if (!bodyClientId.isEmpty() && bodyClientId != basic->clientId)
        return invalidRequest(
            QStringLiteral("client_id in the body differs from the Basic credentials"));
    return basic;
}

Result<const tenancy::ClientEntry*>
ClientAuthenticator::authenticate(const tenancy::TenantSnapshot& tenant,
                                  const ClientCredentials& credentials) {
    // Any well-formed hash that no secret produces keeps the unknown-client path as costly as
    // the known-client one.
    static const QByteArray kNoClientHash = QByteArrayLiteral("sha256$") + QByteArray(43, 'A');
    if (credentials.method == ClientAuthMethod::None)
        return invalidClient(QStringLiteral("client authentication is required"));
    const tenancy::ClientEntry* client = tenant.client(credentials.clientId);
    const QByteArray& storedHash =
        client != nullptr && !client->secretHash.isEmpty() ? client->secretHash : kNoClientHash;
    const bool matches = crypto::SecretHash::verify(credentials.secret.toUtf8(), storedHash);
    if (client == nullptr || client->secretHash.isEmpty() || !matches)
        return invalidClient(QStringLiteral("Unauthorized: invalid client credentials"));
    return client;
}

Result<const tenancy::ClientEntry*>
ClientAuthenticator::identify(const tenancy::TenantSnapshot& tenant,
                              const ClientCredentials& credentials) {
    if (credentials.method != ClientAuthMethod::None)
        return authenticate(tenant, credentials);
    const tenancy::ClientEntry* client = tenant.client(credentials.clientId);
    if (client == nullptr || !client->isPublic() || !client->secretHash.isEmpty())
        return invalidClient(credentials.clientId.isEmpty() || client == nullptr
                                 ? QStringLiteral("Unauthorized: invalid client credentials")
                                 : QStringLiteral("client authentication is required"));
    return client;
}

} // namespace gatehouse::oidc
