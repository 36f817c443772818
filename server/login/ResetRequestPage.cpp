#include "login/ResetRequestPage.h"

#include "crypto/Digest.h"
#include "crypto/Random.h"
#include "http/Cookies.h"
#include "login/LoginCompletion.h"
#include "login/LoginContext.h"
#include "login/LoginMails.h"
#include "login/LoginPage.h"
#include "login/LoginServices.h"
#include "login/MailDispatcher.h"
#include "loginui/LoginPageRenderer.h"
#include "tenancy/TenantSnapshot.h"

#include <QLoggingCategory>
#include <QUrl>

namespace gatehouse::login {

namespace {

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcReset, "gatehouse.login.reset")

QString loginLink(const LoginContext& context, const QString& basePath) {
    return basePath + u"login?state="_s + QString::fromLatin1(context.sealedState);
}

} // namespace

ResetRequestPage::ResetRequestPage(const LoginServices& services, MailDispatcher& mail)
    : m_services(services)
    , m_mail(mail) {}

http::RequestHandler ResetRequestPage::showHandler() const {
    return [this](http::HttpRequest request, http::Responder responder) {
        show(request, responder);
    };
}

http::RequestHandler ResetRequestPage::submitHandler() const {
    return [this](http::HttpRequest request, http::Responder responder) {
        submit(request, responder);
    };
}

void ResetRequestPage::show(const http::HttpRequest& request,
                            const http::Responder& responder) const {
    Result<oidc::RequestParameters> query = oidc::RequestParameters::fromForm(request.query());
    const QByteArray state = query ? query->value("state"_L1).toLatin1() : QByteArray();
    Result<LoginContext> context = LoginContext::load(m_services, request, state);
    if (!context) {
        responder.send(errorPage(m_services, "/", context.error()));
        return;
    }
    if (!context->database) {
        responder.send(
            errorPage(m_services, context->base,
                      Error::badRequest("no_connection", u"Log in with one of the providers."_s)));
        return;
    }
    const LoginPage::CsrfCookie cookie = LoginPage::csrfCookie(request);
    loginui::PageModel model =
        context->pageModel(m_services.transactions.csrfToken(cookie.value, context->transaction));
    model.identifier = loginui::IdentifierKind::Email;
    if (context->transaction.request.loginHint.contains(u'@'))
        model.email = context->transaction.request.loginHint;
    http::HttpResponse response = m_services.pages.render(loginui::Page::ResetRequest, model);
    LoginPage::setCsrfCookie(response, *context, cookie);
    responder.send(std::move(response));
}

void ResetRequestPage::submit(const http::HttpRequest& request,
                              const http::Responder& responder) const {
    std::variant<PostedForm, http::HttpResponse> posted = openPostedForm(m_services, request);
    if (auto* page = std::get_if<http::HttpResponse>(&posted)) {
        responder.send(std::move(*page));
        return;
    }
    PostedForm& step = std::get<PostedForm>(posted);
    const oidc::RequestParameters& form = step.form;
    const LoginContext context = std::move(step.context);
    const QByteArray cookie = step.csrfCookie;
    if (!context.database) {
        responder.send(
            errorPage(m_services, context.base,
                      Error::badRequest("no_connection", u"Log in with one of the providers."_s)));
        return;
    }
    const QString email = form.value("email"_L1).trimmed().toLower();
    auto formPage = [&] {
        loginui::PageModel model =
            context.pageModel(m_services.transactions.csrfToken(cookie, context.transaction));
        model.identifier = loginui::IdentifierKind::Email;
        model.email = email;
        return model;
    };
    Result<std::optional<qint64>> spent =
        forms::spend(m_services.store, context.route.tenant->id(), kBudget,
                     LoginCompletion::clientIp(request), m_services.clock());
    if (!spent) {
        responder.send(errorPage(m_services, context.base, spent.error()));
        return;
    }
    if (spent->has_value()) {
        loginui::PageModel model = formPage();
        forms::markTooManyRequests(model, **spent);
        responder.send(m_services.pages.render(loginui::Page::ResetRequest, model));
        return;
    }
    if (!forms::isValidEmail(email)) {
        loginui::PageModel model = formPage();
        model.error = loginui::FormError{u"email"_s, u"Enter a valid email address."_s};
        model.status = loginui::PageStatus::BadRequest;
        responder.send(m_services.pages.render(loginui::Page::ResetRequest, model));
        return;
    }
    if (Result<void> sent = sendLinkIfKnown(context, email); !sent) {
        responder.send(errorPage(m_services, context.base, sent.error()));
        return;
    }
    loginui::PageModel model = context.pageModel({});
    model.title = u"Check your email"_s;
    model.message = u"If an account exists for that address, we sent it a link to choose a new "
                    "password. The link works once, within one hour."_s;
    model.link = loginui::Link{u"Back to log in"_s, loginLink(context, model.basePath)};
    responder.send(m_services.pages.render(loginui::Page::Message, model));
}

Result<void> ResetRequestPage::sendLinkIfKnown(const LoginContext& context,
                                               const QString& email) const {
    const QString tenantId = context.route.tenant->id();
    Result<std::optional<store::UserRecord>> user =
        m_services.store.users().findByEmail(tenantId, context.database->name, email);
    if (!user)
        return user.error();
    if (!*user)
        return {};
    const QByteArray ticket = crypto::randomToken(32);
    store::PasswordResetRecord reset;
    reset.tokenHash = crypto::sha256(ticket);
    reset.tenant = tenantId;
    reset.userId = (*user)->userId;
    if (Result<store::PasswordResetRecord> made =
            m_services.store.passwordResets().create(std::move(reset), kTicketLifetime);
        !made) {
        qCWarning(lcReset).noquote()
            << "could not make a reset ticket in" << tenantId << ":" << made.error().toString();
        return {};
    }
    const QString link =
        context.route.issuer + u"u/reset-password?ticket="_s + QString::fromLatin1(ticket);
    m_mail.post(mails::passwordReset(email, forms::tenantDisplayName(*context.route.tenant), link,
                                     int(kTicketLifetime.count())),
                "password_reset");
    return {};
}

} // namespace gatehouse::login
