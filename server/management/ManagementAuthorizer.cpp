#include "management/ManagementAuthorizer.h"

#include "oidc/AccessTokenVerifier.h"
#include "oidc/OAuthResponses.h"
#include "store/AdministratorRepository.h"
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
    Caller caller;
    caller.tenantId = verified->tenant;
    caller.clientId = verified->clientId;
    caller.subject = verified->subject;
    caller.scopes = verified->scopes;
    caller.grantId = verified->claims.value(QStringLiteral("gid")).toString();
    if (!caller.grantId.isEmpty()) {
        // A user's token. Only the dashboard's, from the system tenant, and then its user's role
        // decides (read with the store, see ManagementApi); its scopes do not matter. Any other
        // client's user token, even with the right audience, is not for this API.
        if (verified->tenant != tenancy::kSystemTenantId ||
            verified->clientId != store::kDashboardClientId)
            return Error{QByteArrayLiteral("invalid_token"),
                         QStringLiteral("the Management API accepts user tokens only from the "
                                        "Gatehouse dashboard (client '%1' of the system tenant)")
                             .arg(store::kDashboardClientId),
                         401};
        caller.kind = Caller::Kind::Administrator;
        return caller;
    }
    // A machine token has the client-credentials shape (oidc::TokenEndpoint): anything else
    // without a grant id is not one of ours.
    if (verified->claims.value(QStringLiteral("gty")).toString() !=
            QLatin1String("client-credentials") ||
        verified->subject != verified->clientId + QStringLiteral("@clients"))
        return Error{QByteArrayLiteral("invalid_token"),
                     QStringLiteral("the token is neither a client's nor an administrator's"), 401};
    if (!scope.isEmpty() && !verified->hasScope(scope))
        return Error{QByteArray(kInsufficientScope.data(), kInsufficientScope.size()),
                     QStringLiteral("this operation needs the scope '%1'").arg(scope), 403};
    return caller;
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
