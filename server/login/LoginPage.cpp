#include "login/LoginPage.h"

#include "crypto/Encoding.h"
#include "crypto/Random.h"
#include "http/Cookies.h"
#include "login/FormSupport.h"
#include "login/LoginCompletion.h"
#include "login/LoginContext.h"
#include "login/LoginServices.h"
#include "login/PasswordVerification.h"
#include "loginui/LoginPageRenderer.h"
#include "oidc/RequestParameters.h"
#include "tenancy/TenantSnapshot.h"

namespace gatehouse::login {

namespace {

using namespace Qt::StringLiterals;

const QString kWrongCredentials = u"Wrong email or password."_s;

} // namespace

LoginPage::LoginPage(const LoginServices& services)
    : m_services(services) {}

http::RequestHandler LoginPage::showHandler() const {
    return [this](http::HttpRequest request, http::Responder responder) {
        show(request, responder);
    };
}

http::RequestHandler LoginPage::submitHandler() const {
    return [this](http::HttpRequest request, http::Responder responder) {
        submit(request, responder);
    };
}

LoginPage::CsrfCookie LoginPage::csrfCookie(const http::HttpRequest& request) {
    const QByteArray existing = http::cookieValue(request, LoginContext::kCsrfCookie);
    if (existing.size() >= 22 && crypto::base64UrlDecode(existing).ok())
        return {existing, false};
    return {crypto::base64UrlEncode(crypto::randomBytes(32)), true};
}

void LoginPage::setCsrfCookie(http::HttpResponse& response, const LoginContext& context,
                              const CsrfCookie& cookie) {
    if (!cookie.isNew)
        return;
    // Strict: the cookie is only ever needed on our own form posts.
    http::SetCookie{LoginContext::kCsrfCookie.toByteArray(),
                    cookie.value,
                    context.cookieScope.path,
                    http::SameSite::Strict,
                    context.cookieScope.secure,
                    -1}
        .addTo(response);
}

void LoginPage::show(const http::HttpRequest& request, const http::Responder& responder) const {
    Result<oidc::RequestParameters> query = oidc::RequestParameters::fromForm(request.query());
    const QByteArray state = query ? query->value("state"_L1).toLatin1() : QByteArray();
    Result<LoginContext> context = LoginContext::load(m_services, request, state);
    if (!context) {
        responder.send(errorPage(m_services, "/", context.error()));
        return;
    }
    const CsrfCookie cookie = csrfCookie(request);
    loginui::PageModel model =
        context->pageModel(m_services.transactions.csrfToken(cookie.value, context->transaction));
    model.username = context->transaction.request.loginHint;
    http::HttpResponse response = m_services.pages.render(loginui::Page::Login, model);
    setCsrfCookie(response, *context, cookie);
    responder.send(std::move(response));
}

void LoginPage::submit(const http::HttpRequest& request, const http::Responder& responder) const {
    std::variant<PostedForm, http::HttpResponse> posted = openPostedForm(m_services, request);
    if (auto* page = std::get_if<http::HttpResponse>(&posted)) {
        responder.send(std::move(*page));
        return;
    }
    PostedForm& step = std::get<PostedForm>(posted);
    const oidc::RequestParameters& form = step.form;
    LoginContext context = std::move(step.context);
    const QByteArray cookie = step.csrfCookie;
    const QString identifier = form.value("username"_L1).trimmed();
    const QString password = form.value("password"_L1);
    // Copies only: it also runs on the hashing pool after submit() has returned.
    auto again = [services = &m_services, context, cookie, identifier](const Error& error) {
        loginui::PageModel model =
            context.pageModel(services->transactions.csrfToken(cookie, context.transaction));
        model.username = identifier;
        model.error = loginui::FormError{{}, error.message};
        model.status = forms::pageStatus(error.httpStatus);
        return services->pages.render(loginui::Page::Login, model);
    };
    if (!context.database) {
        responder.send(
            errorPage(m_services, context.base,
                      Error::badRequest("no_connection", u"Log in with one of the providers."_s)));
        return;
    }
    if (identifier.isEmpty() || password.isEmpty()) {
        responder.send(again(
            Error::badRequest("invalid_request", u"Enter your email or username and password."_s)));
        return;
    }

    PasswordAttempt attempt{context.route.tenant, context.database->name, identifier, password,
                            LoginCompletion::clientIp(request)};
    // Copies only: it may run on the hashing pool after submit() has returned.
    auto finish = [services = &m_services, context, request, responder,
                   again](PasswordVerdict verdict) {
        using Outcome = PasswordVerdict::Outcome;
        switch (verdict.outcome) {
        case Outcome::Verified:
            return responder.send(
                LoginCompletion::complete(*services, context, request, *verdict.user));
        case Outcome::WrongCredentials:
            return responder.send(again(Error{"invalid_grant", kWrongCredentials, 401}));
        case Outcome::AccountBlocked:
            return responder.send(again(Error{"unauthorized", u"This account is blocked."_s, 401}));
        case Outcome::Refused: {
            http::HttpResponse refused = again(verdict.decision.toError());
            if (verdict.decision.retryAfterSeconds > 0)
                refused.setHeader("Retry-After",
                                  QByteArray::number(verdict.decision.retryAfterSeconds));
            return responder.send(std::move(refused));
        }
        case Outcome::Busy: {
            http::HttpResponse busy = again(
                Error{"temporarily_unavailable", u"Too many logins right now. Try again."_s, 429});
            busy.setHeader("Retry-After", "1");
            return responder.send(std::move(busy));
        }
        case Outcome::Failed:
            break;
        }
        responder.send(errorPage(*services, context.base, verdict.error));
    };
    PasswordVerification(m_services).verify(std::move(attempt), std::move(finish));
}

} // namespace gatehouse::login
