#pragma once

#include "core/Result.h"
#include "oidc/RequestParameters.h"
#include "tenancy/TenantSnapshot.h"

#include <QString>

namespace gatehouse::http {
class HttpRequest;
}

namespace gatehouse::oidc {

enum class ClientAuthMethod { ClientSecretBasic, ClientSecretPost, None };

struct ClientCredentials {
    QString clientId;
    QString secret;
    ClientAuthMethod method = ClientAuthMethod::None;
};

// Client authentication at the token endpoint (RFC 6749 §2.3.1): HTTP Basic (client_secret_basic)
// or client_id and client_secret in the body (client_secret_post).
class ClientAuthenticator final {
public:
    ClientAuthenticator() = delete;

    // Errors: invalid_request (400) when both methods are used (RFC 6749 §2.3: "MUST NOT use more
    // than one authentication method in each request") or a body client_id contradicts the Basic
    // one; invalid_client (401) for malformed Basic credentials or another Authorization scheme.
    [[nodiscard]] static Result<ClientCredentials> extract(const http::HttpRequest& request,
                                                           const RequestParameters& parameters);

    // The client when the secret matches its stored hash, else invalid_client (401) with one
    // message for an unknown client and a wrong secret, so neither reveals which client ids
    // exist. The secret is checked through crypto::SecretHash (constant time); an unknown client
    // id still costs one hash and comparison, so timing does not tell the cases apart either.
    [[nodiscard]] static Result<const tenancy::ClientEntry*>
    authenticate(const tenancy::TenantSnapshot& tenant, const ClientCredentials& credentials);

    // For grants that public clients may use too (authorization_code, refresh_token): a public
    // client (RFC 6749 §2.1) identifies itself with client_id alone and sends no secret; a
    // confidential client must authenticate as above. invalid_client (401) otherwise, with the
    // same message for an unknown client id.
    [[nodiscard]] static Result<const tenancy::ClientEntry*>
    identify(const tenancy::TenantSnapshot& tenant, const ClientCredentials& credentials);
};

} // namespace gatehouse::oidc
