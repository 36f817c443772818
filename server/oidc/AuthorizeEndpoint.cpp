#include "oidc/AuthorizeEndpoint.h"

#include "http/Cookies.h"
#include "identity/SessionService.h"
#include "loginui/LoginPageRenderer.h"
#include "oidc/AuthorizationRequest.h"
#include "oidc/AuthorizationResponse.h"
#include "oidc/CodeIssuer.h"
#include "oidc/FormBody.h"
#include "oidc/LoginTransaction.h"
#include "oidc/OAuthResponses.h"
#include "tenancy/TenantResolver.h"
#include "tenancy/TenantSnapshot.h"

#include <QUrl>

namespace gatehouse::oidc {

namespace {

using namespace Qt::StringLiterals;

Result<RequestParameters> parametersOf(const http::HttpRequest& request) {
    if (request.method() == http::Method::Post) {
        if (!hasFormBody(request))
            return Error::badRequest("invalid_request", u"POST /authorize takes an "
                                                        "application/x-www-form-urlencoded body"_s);
        return RequestParameters::fromForm(request.body());
    }
    return RequestParameters::fromForm(request.query());
}

http::HttpResponse errorPage(const loginui::LoginPageRenderer& pages,
                             const AuthorizationErrorPage& error, const QByteArray& base) {
    loginui::PageModel model;
    model.basePath = QString::fromLatin1(base) + u"u/"_s;
    model.status = loginui::PageStatus::BadRequest;
    model.title = u"This sign-in link is not valid"_s;
    model.message = error.description;
    model.errorCode = error.error;
    return pages.render(loginui::Page::Error, model);
}

} // namespace

AuthorizeEndpoint::AuthorizeEndpoint(const tenancy::TenantResolver& resolver,
                                     identity::SessionService& sessions, CodeIssuer& codes,
                                     const LoginTransactionCodec& transactions,
                                     const loginui::LoginPageRenderer& pages, tenancy::Clock clock)
    : m_resolver(resolver)
    , m_sessions(sessions)
    , m_codes(codes)
    , m_transactions(transactions)
    , m_pages(pages)
    , m_clock(std::move(clock)) {}

http::RequestHandler AuthorizeEndpoint::handler() const {
    return [this](http::HttpRequest request, http::Responder responder) {
        handle(std::move(request), std::move(responder));
    };
}

QByteArray AuthorizeEndpoint::basePath(const QString& issuer) {
    const QByteArray path = QUrl(issuer).path(QUrl::FullyEncoded).toLatin1();
    return path.endsWith('/') ? path : path + '/';
}

void AuthorizeEndpoint::handle(http::HttpRequest request, http::Responder responder) const {
    const std::optional<tenancy::TenantRoute> route = m_resolver.resolve(request);
    if (!route) {
        responder.send(http::HttpResponse::error(404, "not_found", u"unknown tenant"_s));
        return;
    }
    responder.send(respond(request, *route));
}

http::HttpResponse AuthorizeEndpoint::respond(const http::HttpRequest& request,
                                              const tenancy::TenantRoute& route) const {
    const QByteArray base = basePath(route.issuer);
    const AuthorizationOutcome outcome =
        AuthorizationRequestParser::parse(parametersOf(request), *route.tenant);
    if (const auto* page = std::get_if<AuthorizationErrorPage>(&outcome))
        return errorPage(m_pages, *page, base);
    const AuthorizationResponse responses(m_pages);
    if (const auto* error = std::get_if<AuthorizationErrorRedirect>(&outcome))
        return responses.error(*error, route.issuer);
    const auto& authorization = std::get<AuthorizationRequest>(outcome);

    if (std::optional<http::HttpResponse> fromSession =
            answerFromSession(request, route, authorization))
        return std::move(*fromSession);
    if (authorization.promptNone)
        return responses.error(AuthorizationErrorRedirect{authorization.redirectUri,
                                                          authorization.responseMode,
                                                          authorization.state, u"login_required"_s,
                                                          u"the user is not logged in"_s},
                               route.issuer);
    const LoginTransaction transaction =
        m_transactions.start(route.tenant->id(), authorization, m_clock());
    http::HttpResponse toLogin(302);
    toLogin.setHeader("Location", base + "u/login?state=" + m_transactions.seal(transaction));
    setNoStore(toLogin);
    return toLogin;
}

// A code straight away when the browser has an SSO session that the request accepts: no
// prompt=login and, with max_age, an authentication recent enough (OIDC Core §3.1.2.1). Nothing
// when there is no usable session.
std::optional<http::HttpResponse>
AuthorizeEndpoint::answerFromSession(const http::HttpRequest& request,
                                     const tenancy::TenantRoute& route,
                                     const AuthorizationRequest& authorization) const {
    const QByteArray cookie = http::cookieValue(request, identity::SessionService::kCookieName);
    // OIDC Core §3.1.2.1: max_age=0 is prompt=login.
    if (cookie.isEmpty() || authorization.promptLogin || authorization.maxAgeSeconds == 0)
        return std::nullopt;
    Result<std::optional<store::LoginSessionRecord>> session =
        m_sessions.find(route.tenant->record(), cookie);
    if (!session)
        return http::HttpResponse::fromError(session.error());
    if (!*session)
        return std::nullopt;
    const QDateTime now = m_clock();
    if (authorization.maxAgeSeconds &&
        (*session)->authTime.msecsTo(now) > *authorization.maxAgeSeconds * 1000)
        return std::nullopt;
    Result<QString> code = m_codes.issue(*route.tenant, authorization, (*session)->userId,
                                         (*session)->idHash, (*session)->authTime);
    if (!code) {
        // The user was deleted since: log in again.
        if (code.error().code == "not_found")
            return std::nullopt;
        return http::HttpResponse::fromError(code.error());
    }
    return AuthorizationResponse(m_pages).code(authorization, route.issuer, *code);
}

} // namespace gatehouse::oidc
