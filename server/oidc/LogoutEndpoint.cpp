#include "oidc/LogoutEndpoint.h"

#include "http/Cookies.h"
#include "identity/SessionService.h"
#include "loginui/LoginPageRenderer.h"
#include "oidc/AuthorizeEndpoint.h"
#include "oidc/FormBody.h"
#include "oidc/IdTokenHint.h"
#include "oidc/OAuthResponses.h"
#include "oidc/RequestParameters.h"
#include "tenancy/TenantResolver.h"
#include "tenancy/TenantSnapshot.h"

#include <QUrl>

namespace gatehouse::oidc {

namespace {

using namespace Qt::StringLiterals;

Error invalidRequest(QString message) {
    return Error::badRequest(QByteArrayLiteral("invalid_request"), std::move(message));
}

Result<RequestParameters> parametersOf(const http::HttpRequest& request) {
    if (request.method() == http::Method::Post)
        return parseBody(request, false);
    return RequestParameters::fromForm(request.query());
}

// RP-Initiated Logout §3: state goes back as a query parameter of the redirect.
QByteArray withState(const QString& uri, const QString& state) {
    QByteArray location = uri.toUtf8();
    if (state.isEmpty())
        return location;
    QByteArray fragment;
    if (const qsizetype hash = location.indexOf('#'); hash >= 0) {
        fragment = location.sliced(hash);
        location.truncate(hash);
    }
    location += location.contains('?') ? '&' : '?';
    return location + "state=" + QUrl::toPercentEncoding(state) + fragment;
}

} // namespace

LogoutEndpoint::LogoutEndpoint(const tenancy::TenantResolver& resolver,
                               identity::SessionService& sessions,
                               const loginui::LoginPageRenderer& pages, tenancy::Clock clock)
    : m_resolver(resolver)
    , m_sessions(sessions)
    , m_pages(pages)
    , m_clock(std::move(clock)) {}

http::RequestHandler LogoutEndpoint::auth0Handler() const {
    return [this](http::HttpRequest request, http::Responder responder) {
        handle(Dialect::Auth0, request, responder);
    };
}

http::RequestHandler LogoutEndpoint::oidcHandler() const {
    return [this](http::HttpRequest request, http::Responder responder) {
        handle(Dialect::Oidc, request, responder);
    };
}

void LogoutEndpoint::handle(Dialect dialect, const http::HttpRequest& request,
                            const http::Responder& responder) const {
    const std::optional<tenancy::TenantRoute> route = m_resolver.resolve(request);
    if (!route) {
        responder.send(http::HttpResponse::error(404, "not_found", u"unknown tenant"_s));
        return;
    }
    responder.send(respond(dialect, request, *route));
}

http::HttpResponse LogoutEndpoint::respond(Dialect dialect, const http::HttpRequest& request,
                                           const tenancy::TenantRoute& route) const {
    const QByteArray base = AuthorizeEndpoint::basePath(route.issuer);
    loginui::PageModel model = AuthorizeEndpoint::tenantPageModel(*route.tenant, base);
    Result<Target> target = [&]() -> Result<Target> {
        Result<RequestParameters> parameters = parametersOf(request);
        if (!parameters)
            return parameters.error();
        return validate(dialect, *parameters, route);
    }();
    if (!target) {
        model.status = loginui::PageStatus::BadRequest;
        model.title = u"This logout link is not valid"_s;
        model.message = target.error().message;
        model.errorCode = QString::fromLatin1(target.error().code);
        return m_pages.render(loginui::Page::Error, model);
    }

    const bool secure = request.isSecure();
    const identity::CookieScope scope =
        base == "/" ? identity::CookieScope::ownDomain(secure)
                    : identity::CookieScope::tenantPath(route.tenant->id(), secure);
    Result<http::SetCookie> ended =
        m_sessions.end(route.tenant->record(),
                       http::cookieValue(request, identity::SessionService::kCookieName), scope);
    if (!ended)
        return http::HttpResponse::fromError(ended.error());

    http::HttpResponse response;
    if (target->redirectUri.isEmpty()) {
        model.title = u"You are logged out"_s;
        model.message = u"You have been logged out. You can close this window."_s;
        response = m_pages.render(loginui::Page::Message, model);
    } else {
        response = http::HttpResponse(302);
        response.setHeader("Location", dialect == Dialect::Oidc
                                           ? withState(target->redirectUri, target->state)
                                           : target->redirectUri.toUtf8());
        setNoStore(response);
    }
    ended->addTo(response);
    return response;
}

Result<LogoutEndpoint::Target> LogoutEndpoint::validate(Dialect dialect,
                                                        const RequestParameters& parameters,
                                                        const tenancy::TenantRoute& route) const {
    const tenancy::TenantSnapshot& tenant = *route.tenant;
    const bool oidc = dialect == Dialect::Oidc;
    Target target;
    target.redirectUri = parameters.value(oidc ? "post_logout_redirect_uri"_L1 : "returnTo"_L1);
    target.state = oidc ? parameters.value("state"_L1) : QString();
    QString clientId = parameters.value("client_id"_L1);
    if (oidc) {
        if (const QString hint = parameters.value("id_token_hint"_L1); !hint.isEmpty()) {
            Result<QString> audience = clientOfIdTokenHint(hint, tenant);
            if (!audience)
                return audience.error();
            if (!clientId.isEmpty() && clientId != *audience)
                return invalidRequest(u"client_id is not the audience of id_token_hint"_s);
            clientId = *audience;
        }
    }
    const tenancy::ClientEntry* client = clientId.isEmpty() ? nullptr : tenant.client(clientId);
    if (!clientId.isEmpty() && client == nullptr)
        return invalidRequest(u"Unknown client: "_s + clientId);
    if (target.redirectUri.isEmpty())
        return target;
    if (client == nullptr)
        return invalidRequest(oidc ? u"post_logout_redirect_uri needs client_id or "
                                     "id_token_hint"_s
                                   : u"returnTo needs client_id"_s);
    // Auth0's "Allowed Logout URLs": exact string comparison, as for redirect URIs. A callback
    // is not a logout URL unless it is listed as one too.
    if (!client->allowedLogoutUrls.contains(target.redirectUri))
        return invalidRequest((oidc ? u"post_logout_redirect_uri"_s : u"returnTo"_s) +
                              u" is not one of the application's allowed logout URLs: "_s +
                              target.redirectUri);
    return target;
}

// RP-Initiated Logout §2: the hint may have expired; an ID token has its client as its only
// audience.
Result<QString> LogoutEndpoint::clientOfIdTokenHint(const QString& hint,
                                                    const tenancy::TenantSnapshot& tenant) const {
    Result<QJsonObject> claims = IdTokenHint::verify(hint, tenant, m_clock());
    if (!claims)
        return claims.error();
    const QString audience = IdTokenHint::singleAudience(*claims);
    if (audience.isEmpty())
        return invalidRequest(u"id_token_hint has no single audience"_s);
    return audience;
}

} // namespace gatehouse::oidc
