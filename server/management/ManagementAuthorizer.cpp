#include "management/ManagementAuthorizer.h"

#include "oidc/AccessTokenVerifier.h"
#include "oidc/OAuthResponses.h"
#include "tenancy/IssuerPolicy.h"
#include "tenancy/TenantCatalog.h"
#include "tenancy/TenantId.h"

namespace gatehouse::management {
namespace {

constexpr QByteArrayView kInsufficientScope = "insufficient_scope";

} // namespace

ManagementAuthorizer::ManagementAuthorizer(const oidc::AccessTokenVerifier& verifier,
                                           const tenancy::TenantCatalog& catalog)
    : m_verifier(verifier)
    , m_catalog(catalog) {}

Result<Caller> ManagementAuthorizer::authorize(const http::HttpRequest& request,
                                               const tenancy::TenantRoute& route,
                                               QLatin1String scope) const {
    const Result<QByteArray> token = oidc::AccessTokenVerifier::bearerToken(request);
    if (!token)
        return token.error();
    const auto system = m_catalog.find(QString(tenancy::kSystemTenantId));
    const Result<oidc::VerifiedAccessToken> verified =
        m_verifier.verifyManagementToken(*token, *route.tenant, system.get());
    if (!verified)
        return verified.error();
    // verifyManagementToken only ever answers for the target or `system`; checked again here
    // because this line is what keeps tenants apart.
    if (verified->tenant != route.tenant->id() && verified->tenant != tenancy::kSystemTenantId)
        return Error{QByteArrayLiteral("invalid_token"),
                     QStringLiteral("the token was not issued by this tenant"), 401};
    if (!verified->hasScope(scope))
        return Error{QByteArray(kInsufficientScope.data(), kInsufficientScope.size()),
                     QStringLiteral("this operation needs the scope '%1'").arg(scope), 403};
    return Caller{verified->tenant, verified->clientId, verified->subject, verified->scopes};
}

http::HttpResponse ManagementAuthorizer::challenge(const tenancy::TenantRoute& route,
                                                   const Error& error, QLatin1String scope) {
    const QString realm = tenancy::IssuerPolicy::managementAudience(route.issuer);
    // RFC 6750 §3.1: a request without any token gets a challenge without an error code.
    const bool anonymous = error.code == "unauthorized";
    http::HttpResponse response = oidc::bearerChallenge(
        realm, error.httpStatus, anonymous ? QByteArrayView() : QByteArrayView(error.code),
        error.message);
    if (anonymous) {
        response.setBody(
            http::HttpResponse::error(error.httpStatus, error.code, error.message).body());
    } else if (error.code == kInsufficientScope) {
        // RFC 6750 §3: the scope needed, so the client knows what to ask for.
        response.setHeader(QByteArrayLiteral("WWW-Authenticate"),
                           response.header("WWW-Authenticate") + QByteArrayLiteral(", scope=\"") +
                               QByteArray(scope.data(), scope.size()) + '"');
    }
    return response;
}

} // namespace gatehouse::management
