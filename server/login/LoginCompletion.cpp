#include "login/LoginCompletion.h"

#include "identity/SessionService.h"
#include "login/LoginContext.h"
#include "login/LoginServices.h"
#include "loginui/LoginPageRenderer.h"
#include "oidc/AuthorizationResponse.h"
#include "oidc/CodeIssuer.h"
#include "tenancy/TenantSnapshot.h"

#include <QHostAddress>

namespace gatehouse::login {

QString LoginCompletion::clientIp(const http::HttpRequest& request) {
    return request.peerAddress().toString();
}

http::HttpResponse LoginCompletion::complete(const LoginServices& services,
                                             const LoginContext& context,
                                             const http::HttpRequest& request,
                                             const store::UserRecord& user) {
    const tenancy::TenantSnapshot& tenant = *context.route.tenant;
    const QString ip = clientIp(request);
    const QDateTime now = services.clock();
    (void)services.store.users().recordLogin(tenant.id(), user.userId, ip);
    Result<identity::NewSession> session = services.sessions.create(
        tenant.record(), user.userId, user.connection, ip,
        QString::fromUtf8(request.header("User-Agent").left(512)), now, context.cookieScope);
    if (!session)
        return errorPage(services, context.base, session.error());
    Result<QString> code = services.codes.issue(tenant, context.transaction.request, user.userId,
                                                session->record.idHash, now);
    if (!code)
        return errorPage(services, context.base, code.error());
    http::HttpResponse response =
        oidc::AuthorizationResponse(services.pages)
            .code(context.transaction.request, context.route.issuer, *code);
    session->cookie.addTo(response);
    return response;
}

} // namespace gatehouse::login
