#include "oidc/AuthorizeEndpoint.h"

#include "http/Cookies.h"
#include "identity/SessionService.h"
#include "loginui/LoginPageRenderer.h"
#include "oidc/AuthorizationRequest.h"
#include "oidc/AuthorizationResponse.h"
#include "oidc/CodeIssuer.h"
#include "oidc/FormBody.h"
#include "oidc/IdTokenHint.h"
#include "oidc/LoginTransaction.h"
#include "oidc/OAuthResponses.h"
#include "tenancy/TenantBranding.h"
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
                             const tenancy::TenantSnapshot& tenant,
                             const AuthorizationErrorPage& error, const QByteArray& base) {
    loginui::PageModel model = AuthorizeEndpoint::tenantPageModel(tenant, base);
    model.status = loginui::PageStatus::BadRequest;
    model.title = u"This sign-in link is not valid"_s;
    model.message = error.description;
    model.errorCode = error.error;
    return pages.render(loginui::Page::Error, model);
}

} // namespace

AuthorizeEndpoint::AuthorizeEndpoint(const tenancy::TenantResolver& resolver, store::Store store,
                                     identity::SessionService& sessions, CodeIssuer& codes,
                                     const LoginTransactionCodec& transactions,
                                     const loginui::LoginPageRenderer& pages, tenancy::Clock clock)
    : m_resolver(resolver)
    , m_store(std::move(store))
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

loginui::PageModel AuthorizeEndpoint::tenantPageModel(const tenancy::TenantSnapshot& tenant,
                                                      const QByteArray& base) {
    loginui::PageModel model;
    model.basePath = QString::fromLatin1(base) + u"u/"_s;
    const tenancy::TenantBranding branding = tenancy::TenantBranding::of(tenant);
    model.branding =
        loginui::Branding{branding.displayName, branding.logoUrl, branding.primaryColor};
    return model;
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
        return errorPage(m_pages, *route.tenant, *page, base);
    const AuthorizationResponse responses(m_pages);
    if (const auto* error = std::get_if<AuthorizationErrorRedirect>(&outcome))
        return responses.error(*error, route.issuer);
    const auto& authorization = std::get<AuthorizationRequest>(outcome);

    Result<std::optional<store::ConnectionRecord>> connection =
        requestedConnection(route, authorization);
    if (!connection) {
        if (connection.error().httpStatus >= 500)
            return http::HttpResponse::fromError(connection.error());
        return responses.error(
            AuthorizationErrorRedirect{
                authorization.redirectUri, authorization.responseMode, authorization.state,
                QString::fromLatin1(connection.error().code), connection.error().message},
            route.issuer);
    }
    // OIDC Core §3.1.2.1: with an id_token_hint, only a session of the user it names may answer
    // (prompt=none then says login_required rather than logging in someone else). A hint that is
    // not this tenant's ID token is refused: the client sent something it did not mean to.
    QString hintedSubject;
    if (!authorization.idTokenHint.isEmpty()) {
        Result<QJsonObject> hint =
            IdTokenHint::verify(authorization.idTokenHint, *route.tenant, m_clock());
        if (!hint)
            return responses.error(
                AuthorizationErrorRedirect{authorization.redirectUri, authorization.responseMode,
                                           authorization.state, u"invalid_request"_s,
                                           hint.error().message},
                route.issuer);
        hintedSubject = hint->value("sub"_L1).toString();
    }
    if (std::optional<http::HttpResponse> fromSession =
            answerFromSession(request, route, authorization, hintedSubject))
        return std::move(*fromSession);
    if (authorization.promptNone)
        return responses.error(AuthorizationErrorRedirect{authorization.redirectUri,
                                                          authorization.responseMode,
                                                          authorization.state, u"login_required"_s,
                                                          u"the user is not logged in"_s},
                               route.issuer);
    const LoginTransaction transaction =
        m_transactions.start(route.tenant->id(), authorization, m_clock());
    // An upstream connection named by the request: straight to its provider, as in Auth0.
    const QByteArray page =
        *connection && (*connection)->strategy == "oidc"_L1
            ? QByteArray("u/upstream?connection=" + QUrl::toPercentEncoding((*connection)->name) +
                         "&state=")
            : QByteArray("u/login?state=");
    http::HttpResponse toLogin(302);
    toLogin.setHeader("Location", base + page + m_transactions.seal(transaction));
    setNoStore(toLogin);
    return toLogin;
}

Result<std::optional<store::ConnectionRecord>>
AuthorizeEndpoint::requestedConnection(const tenancy::TenantRoute& route,
                                       const AuthorizationRequest& authorization) const {
    if (authorization.connection.isEmpty())
        return std::optional<store::ConnectionRecord>();
    Result<QList<store::ConnectionRecord>> enabled =
        m_store.connections().enabledFor(route.tenant->id(), authorization.clientId);
    if (!enabled)
        return enabled.error();
    for (store::ConnectionRecord& connection : *enabled) {
        if (connection.name == authorization.connection)
            return std::optional<store::ConnectionRecord>(std::move(connection));
    }
    return Error::badRequest("invalid_request", u"the connection is not enabled for this "
                                                "application: "_s +
                                                    authorization.connection);
}

// A code straight away when the browser has an SSO session that the request accepts: no
// prompt=login and, with max_age, an authentication recent enough (OIDC Core §3.1.2.1). Nothing
// when there is no usable session.
std::optional<http::HttpResponse> AuthorizeEndpoint::answerFromSession(
    const http::HttpRequest& request, const tenancy::TenantRoute& route,
    const AuthorizationRequest& authorization, const QString& hintedSubject) const {
    const QByteArray cookie = http::cookieValue(request, identity::SessionService::kCookieName);
    // OIDC Core §3.1.2.1: max_age=0 is prompt=login.
    if (cookie.isEmpty() || authorization.promptLogin || authorization.maxAgeSeconds == 0)
        return std::nullopt;
    Result<std::optional<store::LoginSessionRecord>> session =
        m_sessions.find(route.tenant->record(), cookie);
    if (!session)
        return http::HttpResponse::fromError(session.error());
    if (!*session || (!hintedSubject.isEmpty() && (*session)->userId != hintedSubject))
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
