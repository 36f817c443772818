#include "login/SignupPage.h"

#include "http/Cookies.h"
#include "identity/EmailVerification.h"
#include "identity/PasswordPolicy.h"
#include "login/LoginCompletion.h"
#include "login/LoginContext.h"
#include "login/LoginMails.h"
#include "login/LoginPage.h"
#include "login/LoginServices.h"
#include "login/MailDispatcher.h"
#include "loginui/LoginPageRenderer.h"
#include "oidc/SigningPool.h"
#include "store/Validation.h"
#include "tenancy/TenantSnapshot.h"

#include <QLoggingCategory>
#include <QUrl>

namespace gatehouse::login {

namespace {

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcSignup, "gatehouse.login.signup")

bool requiresUsername(const LoginContext& context) {
    return context.database->options.value("requires_username"_L1).toBool(false);
}

loginui::PageModel signupModel(const LoginServices& services, const LoginContext& context,
                               const QByteArray& cookie) {
    loginui::PageModel model =
        context.pageModel(services.transactions.csrfToken(cookie, context.transaction));
    model.identifier = loginui::IdentifierKind::Email;
    model.usernameRequired = requiresUsername(context);
    if (Result<identity::PasswordPolicy> policy =
            identity::PasswordPolicy::fromConnectionOptions(context.database->options);
        policy)
        model.passwordHint = u"At least %1 characters."_s.arg(policy->minLength());
    return model;
}

// The username rules of the identity store, and no '@': the login page reads an identifier with
// '@' as an e-mail address, so such a username could never log in.
Result<void> checkUsername(const QString& username) {
    if (username.isEmpty())
        return Error::badRequest("invalid_username", u"Choose a username."_s);
    if (username.contains(u'@') || !store::validation::username(username))
        return Error::badRequest("invalid_username",
                                 u"Use up to 128 characters for the username, without spaces "
                                 "or '@'."_s);
    return {};
}

} // namespace

SignupPage::SignupPage(const LoginServices& services, MailDispatcher& mail)
    : m_services(services)
    , m_mail(mail) {}

http::RequestHandler SignupPage::showHandler() const {
    return [this](http::HttpRequest request, http::Responder responder) {
        show(request, responder);
    };
}

http::RequestHandler SignupPage::submitHandler() const {
    return [this](http::HttpRequest request, http::Responder responder) {
        submit(request, responder);
    };
}

void SignupPage::show(const http::HttpRequest& request, const http::Responder& responder) const {
    Result<oidc::RequestParameters> query = oidc::RequestParameters::fromForm(request.query());
    const QByteArray state = query ? query->value("state"_L1).toLatin1() : QByteArray();
    Result<LoginContext> context = LoginContext::load(m_services, request, state);
    if (!context) {
        responder.send(errorPage(m_services, "/", context.error()));
        return;
    }
    if (!context->signupAllowed()) {
        responder.send(errorPage(
            m_services, context->base,
            Error{"signup_disabled", u"Sign-up is not available for this application."_s, 403}));
        return;
    }
    const LoginPage::CsrfCookie cookie = LoginPage::csrfCookie(request);
    loginui::PageModel model = signupModel(m_services, *context, cookie.value);
    if (context->transaction.request.loginHint.contains(u'@'))
        model.email = context->transaction.request.loginHint;
    http::HttpResponse response = m_services.pages.render(loginui::Page::Signup, model);
    LoginPage::setCsrfCookie(response, *context, cookie);
    responder.send(std::move(response));
}

void SignupPage::submit(const http::HttpRequest& request, const http::Responder& responder) const {
    std::variant<PostedForm, http::HttpResponse> posted = openPostedForm(m_services, request);
    if (auto* page = std::get_if<http::HttpResponse>(&posted)) {
        responder.send(std::move(*page));
        return;
    }
    PostedForm& step = std::get<PostedForm>(posted);
    const oidc::RequestParameters& form = step.form;
    LoginContext context = std::move(step.context);
    const QByteArray cookie = step.csrfCookie;
    if (!context.signupAllowed()) {
        responder.send(errorPage(
            m_services, context.base,
            Error{"signup_disabled", u"Sign-up is not available for this application."_s, 403}));
        return;
    }
    Applicant applicant{form.value("email"_L1).trimmed().toLower(), {}};
    if (requiresUsername(context))
        applicant.username = form.value("username"_L1).trimmed().toLower();
    const QString password = form.value("password"_L1);
    auto again = [&](const QString& field, const Error& error) {
        loginui::PageModel model = signupModel(m_services, context, cookie);
        model.email = applicant.email;
        model.username = applicant.username;
        model.error = loginui::FormError{field, error.message};
        model.status = forms::pageStatus(error.httpStatus);
        return model;
    };
    auto refuse = [&](const QString& field, const Error& error) {
        responder.send(m_services.pages.render(loginui::Page::Signup, again(field, error)));
    };

    if (!forms::isValidEmail(applicant.email))
        return refuse(u"email"_s,
                      Error::badRequest("invalid_email", u"Enter a valid email address."_s));
    if (requiresUsername(context))
        if (Result<void> valid = checkUsername(applicant.username); !valid)
            return refuse(u"username"_s, valid.error());
    Result<identity::PasswordPolicy> policy =
        identity::PasswordPolicy::fromConnectionOptions(context.database->options);
    if (!policy) {
        responder.send(
            errorPage(m_services, context.base, Error::internal(policy.error().message)));
        return;
    }
    if (password.isEmpty())
        return refuse(u"password"_s,
                      Error::badRequest("invalid_password", u"Choose a password."_s));
    if (Result<void> strong = policy->check(password, {applicant.email, applicant.username});
        !strong)
        return refuse(u"password"_s, strong.error());

    const QString tenantId = context.route.tenant->id();
    Result<std::optional<qint64>> spent =
        forms::spend(m_services.store, tenantId, kBudget, LoginCompletion::clientIp(request),
                     m_services.clock());
    if (!spent) {
        responder.send(errorPage(m_services, context.base, spent.error()));
        return;
    }
    if (spent->has_value()) {
        loginui::PageModel model = again({}, Error{});
        forms::markTooManyRequests(model, **spent);
        responder.send(m_services.pages.render(loginui::Page::Signup, model));
        return;
    }
    // An address or username in use is answered before any hashing: the answer differs from a
    // sign-up's redirect anyway, and an attacker gains nothing from timing what the page says.
    Result<std::optional<store::UserRecord>> existing =
        m_services.store.users().findByEmail(tenantId, context.database->name, applicant.email);
    if (existing && !*existing && !applicant.username.isEmpty())
        existing = m_services.store.users().findByUsername(tenantId, context.database->name,
                                                           applicant.username);
    if (!existing) {
        responder.send(errorPage(m_services, context.base, existing.error()));
        return;
    }
    if (*existing) {
        responder.send(alreadyInUse(context, applicant));
        return;
    }

    auto work = [this, context, request, responder, applicant,
                 password = identity::PasswordPolicy::normalize(password).toUtf8()] {
        Result<QByteArray> hash = m_services.hasher.hash(password);
        responder.send(hash ? create(context, request, applicant, *hash)
                            : errorPage(m_services, context.base, hash.error()));
    };
    if (!m_services.hashingPool.trySubmit(std::move(work))) {
        http::HttpResponse busy = m_services.pages.render(
            loginui::Page::Signup,
            again({}, Error{"temporarily_unavailable", u"Too many sign-ups right now. Try again."_s,
                            429}));
        busy.setHeader("Retry-After", "1");
        responder.send(std::move(busy));
    }
}

http::HttpResponse SignupPage::create(const LoginContext& context, const http::HttpRequest& request,
                                      const Applicant& applicant,
                                      const QByteArray& passwordHash) const {
    store::UserRecord user;
    user.tenant = context.route.tenant->id();
    user.connection = context.database->name;
    user.email = applicant.email;
    user.username = applicant.username;
    user.passwordHash = passwordHash;
    user.emailVerified = false;
    Result<store::UserRecord> created = m_services.store.users().create(std::move(user));
    if (!created) {
        // A concurrent sign-up took the address or the username between the check and now.
        if (created.error().httpStatus == 409)
            return alreadyInUse(context, applicant);
        return errorPage(m_services, context.base, created.error());
    }
    // The welcome mail verifies the address (identity::EmailVerification). Without a link (the
    // ticket could not be stored) it still says the account exists; the owner can ask for one
    // through the application (the Management API's verification-email job).
    Result<QString> link =
        identity::EmailVerification::issueLink(m_services.store, *created, context.route.issuer);
    if (!link)
        qCWarning(lcSignup).noquote()
            << "no verification link for" << created->userId << ":" << link.error().toString();
    m_mail.post(mails::welcome(created->email, forms::tenantDisplayName(*context.route.tenant),
                               link ? *link : QString()),
                "signup_welcome");
    return LoginCompletion::complete(m_services, context, request, *created);
}

http::HttpResponse SignupPage::alreadyInUse(const LoginContext& context,
                                            const Applicant& applicant) const {
    const QString tenantId = context.route.tenant->id();
    const QString tenantName = forms::tenantDisplayName(*context.route.tenant);
    Result<std::optional<store::UserRecord>> owner =
        m_services.store.users().findByEmail(tenantId, context.database->name, applicant.email);
    if (owner && *owner)
        m_mail.post(mails::signupWithExistingAddress(applicant.email, tenantName),
                    "signup_existing_address");
    else if (owner)
        m_mail.post(mails::usernameTaken(applicant.email, tenantName, applicant.username),
                    "signup_username_taken");
    return checkYourEmail(context);
}

http::HttpResponse SignupPage::checkYourEmail(const LoginContext& context) const {
    loginui::PageModel model = context.pageModel({});
    model.title = u"Check your email"_s;
    model.message = u"We sent a message to the address you entered. Follow it to continue."_s;
    model.link = loginui::Link{
        u"Back to log in"_s,
        model.basePath + u"login?state="_s +
            QString::fromLatin1(QUrl::toPercentEncoding(QString::fromLatin1(context.sealedState)))};
    return m_services.pages.render(loginui::Page::Message, model);
}

} // namespace gatehouse::login
