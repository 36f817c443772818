#include "login/LoginPage.h"

#include "crypto/Encoding.h"
#include "crypto/Random.h"
#include "http/Cookies.h"
#include "identity/AttackProtection.h"
#include "identity/PasswordPolicy.h"
#include "login/FormSupport.h"
#include "login/LoginCompletion.h"
#include "login/LoginContext.h"
#include "login/LoginServices.h"
#include "loginui/LoginPageRenderer.h"
#include "oidc/RequestParameters.h"
#include "oidc/SigningPool.h"
#include "tenancy/TenantSnapshot.h"

namespace gatehouse::login {

namespace {

using namespace Qt::StringLiterals;

const QString kWrongCredentials = u"Wrong email or password."_s;

// What a login of an unknown account verifies against, so that it costs what a real one does.
const QByteArray& dummyHash(const crypto::PasswordHasher& hasher) {
    static const QByteArray hash = [&] {
        Result<QByteArray> made = hasher.hash("gatehouse-dummy-password");
        return made ? *made : QByteArray();
    }();
    return hash;
}

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

    const QString tenantId = context.route.tenant->id();
    const QString connection = context.database->name;
    const QString lowered = identifier.toLower();
    Result<std::optional<store::UserRecord>> user =
        identifier.contains(u'@')
            ? m_services.store.users().findByEmail(tenantId, connection, lowered)
            : m_services.store.users().findByUsername(tenantId, connection, lowered);
    if (!user) {
        responder.send(errorPage(m_services, context.base, user.error()));
        return;
    }
    identity::LoginAttempt attempt{identifier,
                                   *user ? std::optional<QString>((*user)->userId) : std::nullopt,
                                   LoginCompletion::clientIp(request)};
    Result<identity::Decision> decision =
        m_services.attacks.check(context.route.tenant->record(), attempt);
    if (!decision || !decision->allowed()) {
        http::HttpResponse refused = again(decision ? decision->toError() : decision.error());
        if (decision && decision->retryAfterSeconds > 0)
            refused.setHeader("Retry-After", QByteArray::number(decision->retryAfterSeconds));
        responder.send(std::move(refused));
        return;
    }

    auto work = [this, context, request, responder, attempt, user = std::move(*user),
                 password = identity::PasswordPolicy::normalize(password).toUtf8(), again] {
        const crypto::PasswordHasher& hasher = m_services.hasher;
        const QByteArray& stored = user ? user->passwordHash : dummyHash(hasher);
        const bool verified = hasher.verify(password, stored) && user.has_value();
        const store::TenantRecord& tenant = context.route.tenant->record();
        if (!verified) {
            Result<identity::Decision> after = m_services.attacks.recordFailure(tenant, attempt);
            responder.send(again(after && !after->allowed()
                                     ? after->toError()
                                     : Error{"invalid_grant", kWrongCredentials, 401}));
            return;
        }
        if (user->blocked) {
            responder.send(again(Error{"unauthorized", u"This account is blocked."_s, 401}));
            return;
        }
        (void)m_services.attacks.recordSuccess(tenant, attempt);
        store::UserRecord current = *user;
        if (hasher.needsRehash(current.passwordHash)) {
            if (Result<QByteArray> rehashed = hasher.hash(password); rehashed) {
                current.passwordHash = *rehashed;
                if (Result<store::UserRecord> updated = m_services.store.users().update(current);
                    updated)
                    current = *updated;
            }
        }
        responder.send(LoginCompletion::complete(m_services, context, request, current));
    };
    if (!m_services.hashingPool.trySubmit(std::move(work))) {
        http::HttpResponse busy = again(
            Error{"temporarily_unavailable", u"Too many logins right now. Try again."_s, 429});
        busy.setHeader("Retry-After", "1");
        responder.send(std::move(busy));
    }
}

} // namespace gatehouse::login
