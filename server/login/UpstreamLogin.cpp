#include "login/UpstreamLogin.h"

#include "crypto/Encoding.h"
#include "crypto/Random.h"
#include "http/Cookies.h"
#include "identity/UpstreamErrors.h"
#include "identity/UpstreamOidcClient.h"
#include "login/LoginCompletion.h"
#include "login/LoginContext.h"
#include "login/LoginPage.h"
#include "login/LoginServices.h"
#include "login/UpstreamAccounts.h"
#include "login/UpstreamClients.h"
#include "login/UpstreamState.h"
#include "loginui/LoginPageRenderer.h"
#include "oidc/AuthorizeEndpoint.h"
#include "oidc/RequestParameters.h"
#include "tenancy/TenantSnapshot.h"

#include <QLoggingCategory>

namespace gatehouse::login {

namespace {

Q_LOGGING_CATEGORY(lcUpstream, "gatehouse.login.upstream")

using namespace Qt::StringLiterals;

loginui::PageStatus pageStatus(int httpStatus) {
    switch (httpStatus) {
    case 400:
        return loginui::PageStatus::BadRequest;
    case 401:
        return loginui::PageStatus::Unauthorized;
    case 403:
        return loginui::PageStatus::Forbidden;
    default:
        return loginui::PageStatus::ServerError;
    }
}

QString displayNameOf(const store::ConnectionRecord& connection) {
    const QString display = connection.options.value("display_name"_L1).toString();
    return display.isEmpty() ? connection.name : display;
}

const store::ConnectionRecord*
findUpstream(const LoginContext& context,
             const std::function<bool(const store::ConnectionRecord&)>& matches) {
    for (const store::ConnectionRecord& upstream : context.upstreams) {
        if (matches(upstream))
            return &upstream;
    }
    return nullptr;
}

// The browser's gh_upstream cookie, or a new one. One per browser, reused by every upstream login
// it starts, so that two tabs logging in at once both come back.
struct BindingCookie {
    QByteArray value;
    bool isNew = false;
};

BindingCookie bindingCookie(const http::HttpRequest& request) {
    const QByteArray existing = http::cookieValue(request, UpstreamStateCodec::kCookie);
    if (existing.size() >= 43 && crypto::base64UrlDecode(existing).ok())
        return {existing, false};
    return {crypto::randomToken(32), true};
}

void setNoStore(http::HttpResponse& response) {
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("Pragma", "no-cache");
    response.setHeader("Referrer-Policy", "no-referrer");
}

// What the provider's `error` (RFC 6749 §4.1.2.1) means to the user; never its description,
// which is the provider's free text.
QString upstreamErrorMessage(const QString& error, const QString& provider) {
    if (error == "access_denied"_L1)
        return provider + u" did not log you in: the login was cancelled or refused "
                          u"(access_denied). Try again, or log in another way."_s;
    if (error == "login_required"_L1 || error == "interaction_required"_L1 ||
        error == "consent_required"_L1)
        return provider + u" needs you to log in again ("_s +
               identity::quotableOAuthErrorCode(error) + u")."_s;
    return provider + u" could not log you in ("_s + identity::quotableOAuthErrorCode(error) +
           u"). Try again, or log in another way."_s;
}

} // namespace

UpstreamLogin::UpstreamLogin(const LoginServices& services, const crypto::Sealer& master,
                             const UpstreamStateCodec& states, UpstreamClients& clients)
    : m_services(services)
    , m_master(master)
    , m_states(states)
    , m_clients(clients) {}

http::RequestHandler UpstreamLogin::startHandler() const {
    return [this](http::HttpRequest request, http::Responder responder) {
        start(request, responder);
    };
}

http::RequestHandler UpstreamLogin::callbackHandler() const {
    return [this](http::HttpRequest request, http::Responder responder) {
        callback(request, responder);
    };
}

QByteArray UpstreamLogin::secretAssociatedData(const QString& tenant, const QString& connectionId) {
    return "connection_secret:" + tenant.toUtf8() + ':' + connectionId.toUtf8();
}

QString UpstreamLogin::callbackUri(const QString& issuer) {
    return issuer + u"login/callback"_s;
}

Result<identity::UpstreamOidcConfig>
UpstreamLogin::configFor(const store::ConnectionRecord& connection) const {
    QString secret;
    if (!connection.sealedSecret.isEmpty()) {
        Result<QByteArray> opened = m_master.open(
            connection.sealedSecret, secretAssociatedData(connection.tenant, connection.id));
        if (!opened) {
            qCWarning(lcUpstream).noquote()
                << "the client secret of connection" << connection.name << "in tenant"
                << connection.tenant << "does not unseal:" << opened.error().toString();
            return opened.error();
        }
        secret = QString::fromUtf8(*opened);
    }
    return identity::UpstreamOidcConfig::fromOptions(connection.options, secret);
}

http::HttpResponse UpstreamLogin::loginPageWithError(const http::HttpRequest& request,
                                                     const LoginContext& context,
                                                     const QString& message, int httpStatus) const {
    const LoginPage::CsrfCookie cookie = LoginPage::csrfCookie(request);
    loginui::PageModel model =
        context.pageModel(m_services.transactions.csrfToken(cookie.value, context.transaction));
    model.error = loginui::FormError{{}, message};
    model.status = pageStatus(httpStatus);
    http::HttpResponse response = m_services.pages.render(loginui::Page::Login, model);
    LoginPage::setCsrfCookie(response, context, cookie);
    return response;
}

void UpstreamLogin::start(const http::HttpRequest& request,
                          const http::Responder& responder) const {
    Result<oidc::RequestParameters> query = oidc::RequestParameters::fromForm(request.query());
    if (!query) {
        responder.send(errorPage(m_services, "/", query.error()));
        return;
    }
    Result<LoginContext> loaded =
        LoginContext::load(m_services, request, query->value("state"_L1).toLatin1());
    if (!loaded) {
        responder.send(errorPage(m_services, "/", loaded.error()));
        return;
    }
    LoginContext context = std::move(loaded).value();
    const QString name = query->value("connection"_L1);
    const store::ConnectionRecord* upstream =
        findUpstream(context, [&](const store::ConnectionRecord& connection) {
            return connection.name == name;
        });
    if (upstream == nullptr) {
        responder.send(errorPage(
            m_services, context.base,
            Error::badRequest("invalid_connection",
                              u"This way of logging in is not enabled for this application."_s)));
        return;
    }
    Result<identity::UpstreamOidcConfig> config = configFor(*upstream);
    if (!config) {
        responder.send(errorPage(m_services, context.base, config.error()));
        return;
    }
    const BindingCookie cookie = bindingCookie(request);
    const UpstreamState state =
        m_states.start(context.transaction, *upstream, cookie.value, m_services.clock());
    const store::ConnectionRecord connection = *upstream;
    m_clients.forCurrentThread().fetchMetadata(
        *config, [this, request, responder, context = std::move(context), connection,
                  config = *config, state, cookie](Result<identity::UpstreamMetadata> metadata) {
            if (!metadata) {
                qCWarning(lcUpstream).noquote()
                    << "metadata of connection" << connection.name << "in tenant"
                    << connection.tenant << ":" << metadata.error().toString();
                responder.send(loginPageWithError(
                    request, context,
                    displayNameOf(connection) +
                        u" cannot be reached right now. Try again, or log in another way."_s,
                    500));
                return;
            }
            const QUrl target = identity::UpstreamOidcClient::authorizationUrl(
                config, *metadata, callbackUri(context.route.issuer),
                QString::fromLatin1(m_states.seal(state)), state.nonce,
                identity::UpstreamOidcClient::codeChallenge(state.codeVerifier));
            http::HttpResponse redirect(302);
            redirect.setHeader("Location", target.toString(QUrl::FullyEncoded).toUtf8());
            setNoStore(redirect);
            // Lax, not Strict: the callback is a top-level navigation coming from the provider's
            // site, which carries Lax cookies and not Strict ones.
            http::SetCookie{UpstreamStateCodec::kCookie.toByteArray(),
                            cookie.value,
                            context.cookieScope.path,
                            http::SameSite::Lax,
                            context.cookieScope.secure,
                            UpstreamStateCodec::kLifetimeSeconds}
                .addTo(redirect);
            responder.send(std::move(redirect));
        });
}

void UpstreamLogin::callback(const http::HttpRequest& request,
                             const http::Responder& responder) const {
    Result<oidc::RequestParameters> query = oidc::RequestParameters::fromForm(request.query());
    if (!query) {
        responder.send(errorPage(m_services, "/", query.error()));
        return;
    }
    std::optional<tenancy::TenantRoute> route = m_services.resolver.resolve(request);
    if (!route) {
        responder.send(errorPage(m_services, "/",
                                 Error{"not_found", u"There is no such tenant here."_s, 404}));
        return;
    }
    const QByteArray base = oidc::AuthorizeEndpoint::basePath(route->issuer);
    Result<UpstreamState> state =
        m_states.open(query->value("state"_L1).toLatin1(), route->tenant->id(), m_services.clock());
    if (!state) {
        responder.send(errorPage(m_services, base, state.error()));
        return;
    }
    if (!m_states.isBoundTo(*state, http::cookieValue(request, UpstreamStateCodec::kCookie))) {
        responder.send(errorPage(
            m_services, base,
            Error{"invalid_upstream_state",
                  u"This login was started in another browser, or its cookie is gone. Start "
                  u"again from the application."_s,
                  403}));
        return;
    }
    Result<LoginContext> loaded =
        LoginContext::load(m_services, request, m_services.transactions.seal(state->transaction));
    if (!loaded) {
        responder.send(errorPage(m_services, base, loaded.error()));
        return;
    }
    LoginContext context = std::move(loaded).value();
    const store::ConnectionRecord* upstream =
        findUpstream(context, [&](const store::ConnectionRecord& connection) {
            return connection.id == state->connectionId;
        });
    if (upstream == nullptr) {
        responder.send(
            errorPage(m_services, base,
                      Error::badRequest("invalid_connection",
                                        u"This way of logging in is no longer enabled for this "
                                        u"application."_s)));
        return;
    }
    const QString provider = displayNameOf(*upstream);
    if (const QString error = query->value("error"_L1); !error.isEmpty()) {
        responder.send(loginPageWithError(request, context, upstreamErrorMessage(error, provider),
                                          error == "access_denied"_L1 ? 403 : 400));
        return;
    }
    const QString code = query->value("code"_L1);
    if (code.isEmpty()) {
        responder.send(loginPageWithError(
            request, context, provider + u" did not say who you are. Try again."_s, 400));
        return;
    }
    Result<identity::UpstreamOidcConfig> config = configFor(*upstream);
    if (!config) {
        responder.send(errorPage(m_services, base, config.error()));
        return;
    }
    const store::ConnectionRecord connection = *upstream;
    // Before the call: its callback takes `context` over.
    const QString redirectUri = callbackUri(context.route.issuer);
    m_clients.forCurrentThread().exchangeCode(
        *config, code, state->codeVerifier, redirectUri, state->nonce,
        [this, request, responder, context = std::move(context), connection,
         provider](Result<identity::UpstreamIdentity> identity) {
            if (!identity) {
                // The message says which check failed; it never holds the code or a token.
                qCWarning(lcUpstream).noquote()
                    << "login through connection" << connection.name << "in tenant"
                    << connection.tenant << "failed:" << identity.error().toString();
                responder.send(loginPageWithError(
                    request, context,
                    provider + u" did not confirm who you are. Try again, or log in another way."_s,
                    500));
                return;
            }
            finish(request, responder, context, connection, *identity);
        });
}

void UpstreamLogin::finish(const http::HttpRequest& request, const http::Responder& responder,
                           const LoginContext& context, const store::ConnectionRecord& connection,
                           const identity::UpstreamIdentity& identity) const {
    Result<store::UserRecord> user = UpstreamAccounts::userFor(
        m_services.store, context.route.tenant->id(), connection.name, identity);
    if (!user) {
        qCWarning(lcUpstream).noquote()
            << "no user for an identity of connection" << connection.name << "in tenant"
            << connection.tenant << ":" << user.error().toString();
        responder.send(errorPage(m_services, context.base, user.error()));
        return;
    }
    if (user->blocked) {
        responder.send(loginPageWithError(request, context, u"This account is blocked."_s, 401));
        return;
    }
    responder.send(LoginCompletion::complete(m_services, context, request, *user));
}

} // namespace gatehouse::login
