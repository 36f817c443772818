#include "login/LoginContext.h"

#include "http/Cookies.h"

#include "login/FormSupport.h"
#include "login/LoginServices.h"
#include "loginui/LoginPageRenderer.h"
#include "oidc/AuthorizeEndpoint.h"
#include "tenancy/TenantSnapshot.h"

namespace gatehouse::login {

using namespace Qt::StringLiterals;

Result<LoginContext> LoginContext::load(const LoginServices& services,
                                        const http::HttpRequest& request, QByteArrayView state) {
    std::optional<tenancy::TenantRoute> route = services.resolver.resolve(request);
    if (!route)
        return Error{"not_found", u"There is no such tenant here."_s, 404};
    LoginContext context;
    context.route = std::move(*route);
    context.base = oidc::AuthorizeEndpoint::basePath(context.route.issuer);
    const tenancy::TenantSnapshot& tenant = *context.route.tenant;
    Result<oidc::LoginTransaction> transaction =
        services.transactions.open(state, tenant.id(), services.clock());
    if (!transaction)
        return transaction.error();
    context.transaction = std::move(*transaction);
    context.sealedState = state.toByteArray();
    context.client = tenant.client(context.transaction.request.clientId);
    if (context.client == nullptr)
        return Error::badRequest("invalid_transaction",
                                 u"The application of this login no longer exists."_s);
    Result<QList<store::ConnectionRecord>> connections =
        services.store.connections().enabledFor(tenant.id(), context.client->clientId);
    if (!connections)
        return connections.error();
    const QString wanted = context.transaction.request.connection;
    for (store::ConnectionRecord& connection : *connections) {
        if (!wanted.isEmpty() && connection.name != wanted)
            continue;
        if (connection.strategy == "oidc"_L1)
            context.upstreams.append(std::move(connection));
        else if (!context.database)
            context.database = std::move(connection);
    }
    if (!context.database && context.upstreams.isEmpty())
        return Error::badRequest("no_connection",
                                 wanted.isEmpty()
                                     ? u"No way to log in is enabled for this application."_s
                                     : u"The connection "_s + wanted +
                                           u" is not enabled for this application."_s);
    const bool secure = request.isSecure();
    context.cookieScope = context.base == "/"
                              ? identity::CookieScope::ownDomain(secure)
                              : identity::CookieScope::tenantPath(tenant.id(), secure);
    return context;
}

loginui::PageModel LoginContext::pageModel(const QByteArray& csrfToken) const {
    // The base path and the tenant's branding (tenancy::TenantBranding), as on its other pages.
    loginui::PageModel model = forms::tenantPageModel(*route.tenant, base);
    model.state = QString::fromLatin1(sealedState);
    model.csrfToken = QString::fromLatin1(csrfToken);
    model.uiLocales = transaction.request.uiLocales;
    model.applicationName = client->name;
    model.signupAllowed = signupAllowed();
    model.passwordResetAllowed = database.has_value();
    for (const store::ConnectionRecord& upstream : upstreams) {
        QString display = upstream.options.value("display_name"_L1).toString();
        model.upstreams.append({upstream.name, display.isEmpty() ? upstream.name : display});
    }
    return model;
}

bool LoginContext::signupAllowed() const {
    return database && !database->options.value("disable_signup"_L1).toBool(false);
}

std::variant<PostedForm, http::HttpResponse> openPostedForm(const LoginServices& services,
                                                            const http::HttpRequest& request) {
    Result<oidc::RequestParameters> form = forms::formOf(request);
    if (!form)
        return errorPage(services, "/", form.error());
    Result<LoginContext> context =
        LoginContext::load(services, request, form->value("state"_L1).toLatin1());
    if (!context)
        return errorPage(services, "/", context.error());
    QByteArray cookie = http::cookieValue(request, LoginContext::kCsrfCookie);
    if (!services.transactions.verifyCsrf(cookie, form->value("csrf"_L1).toLatin1(),
                                          context->transaction))
        return errorPage(services, context->base, forms::csrfError());
    return PostedForm{std::move(*form), std::move(*context), std::move(cookie)};
}

http::HttpResponse errorPage(const LoginServices& services, const QByteArray& base,
                             const Error& error) {
    loginui::PageModel model;
    model.basePath = QString::fromLatin1(base) + u"u/"_s;
    model.status = forms::pageStatus(error.httpStatus);
    model.title =
        error.httpStatus >= 500 ? u"Something went wrong"_s : u"This login cannot continue"_s;
    model.message = error.httpStatus >= 500
                        ? u"The server could not complete the request. Try again later."_s
                        : error.message;
    model.errorCode = QString::fromLatin1(error.code);
    return services.pages.render(loginui::Page::Error, model);
}

} // namespace gatehouse::login
