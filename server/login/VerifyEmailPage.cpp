#include "login/VerifyEmailPage.h"

#include "identity/EmailVerification.h"
#include "login/FormSupport.h"
#include "login/LoginContext.h"
#include "login/LoginServices.h"
#include "loginui/LoginPageRenderer.h"
#include "oidc/AuthorizeEndpoint.h"
#include "oidc/RequestParameters.h"
#include "tenancy/TenantResolver.h"
#include "tenancy/TenantSnapshot.h"

namespace gatehouse::login {

namespace {

using namespace Qt::StringLiterals;

} // namespace

VerifyEmailPage::VerifyEmailPage(const LoginServices& services)
    : m_services(services) {}

http::RequestHandler VerifyEmailPage::handler() const {
    return [this](http::HttpRequest request, http::Responder responder) {
        show(request, responder);
    };
}

void VerifyEmailPage::show(const http::HttpRequest& request,
                           const http::Responder& responder) const {
    std::optional<tenancy::TenantRoute> route = m_services.resolver.resolve(request);
    if (!route) {
        responder.send(errorPage(m_services, "/",
                                 Error{"not_found", u"There is no such tenant here."_s, 404}));
        return;
    }
    const QByteArray base = oidc::AuthorizeEndpoint::basePath(route->issuer);
    Result<oidc::RequestParameters> query = oidc::RequestParameters::fromForm(request.query());
    const QByteArray ticket = query ? query->value("ticket"_L1).toLatin1() : QByteArray();
    Result<store::UserRecord> verified =
        identity::EmailVerification::verify(m_services.store, route->tenant->id(), ticket);
    if (!verified) {
        if (verified.error().httpStatus >= 500) {
            responder.send(errorPage(m_services, base, verified.error()));
            return;
        }
        loginui::PageModel model = forms::tenantPageModel(*route->tenant, base);
        model.status = forms::pageStatus(verified.error().httpStatus);
        model.title = u"This verification link cannot be used"_s;
        model.message =
            verified.error().message + u" Ask the application for a new verification email."_s;
        model.errorCode = QString::fromLatin1(verified.error().code);
        responder.send(m_services.pages.render(loginui::Page::Error, model));
        return;
    }
    loginui::PageModel model = forms::tenantPageModel(*route->tenant, base);
    model.title = u"Your email address is verified"_s;
    model.message = verified->email + u" is confirmed as your address. You can close this window "
                                      "and return to the application."_s;
    responder.send(m_services.pages.render(loginui::Page::Message, model));
}

} // namespace gatehouse::login
