#include "oidc/PostedToken.h"

#include "oidc/ClientAuthenticator.h"
#include "oidc/FormBody.h"

namespace gatehouse::oidc {

using namespace Qt::StringLiterals;

Result<PostedToken> PostedToken::read(const http::HttpRequest& request,
                                      const tenancy::TenantSnapshot& tenant,
                                      const TokenInspector& inspector, Caller caller,
                                      bool acceptJson) {
    Result<RequestParameters> parameters = parseBody(request, acceptJson);
    if (!parameters)
        return parameters.error();
    Result<ClientCredentials> credentials = ClientAuthenticator::extract(request, *parameters);
    if (!credentials)
        return credentials.error();
    Result<const tenancy::ClientEntry*> client =
        caller == Caller::Confidential ? ClientAuthenticator::authenticate(tenant, *credentials)
                                       : ClientAuthenticator::identify(tenant, *credentials);
    if (!client)
        return client.error();
    const QString token = parameters->value("token"_L1);
    if (token.isEmpty())
        return Error::badRequest(QByteArrayLiteral("invalid_request"), u"missing token"_s);
    Result<std::optional<InspectedToken>> inspected = inspector.inspect(tenant, token);
    if (!inspected)
        return inspected.error();
    return PostedToken{*client, std::move(*inspected)};
}

} // namespace gatehouse::oidc
