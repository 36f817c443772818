#include "login/ResetPasswordPage.h"

#include "crypto/Digest.h"
#include "crypto/Encoding.h"
#include "http/Cookies.h"
#include "identity/AttackProtection.h"
#include "identity/PasswordPolicy.h"
#include "login/FormSupport.h"
#include "login/LoginContext.h"
#include "login/LoginMails.h"
#include "login/LoginPage.h"
#include "login/LoginServices.h"
#include "login/MailDispatcher.h"
#include "loginui/LoginPageRenderer.h"
#include "oidc/AuthorizeEndpoint.h"
#include "oidc/LoginTransaction.h"
#include "oidc/SigningPool.h"
#include "tenancy/TenantSnapshot.h"

#include <QLoggingCategory>
#include <chrono>

namespace gatehouse::login {

namespace {

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcPasswordReset, "gatehouse.login.reset")

// A ticket as ResetRequestPage makes them: 32 bytes, base64url. Anything else is not looked up.
bool isWellFormed(const QByteArray& ticket) {
    Result<QByteArray> bytes = crypto::base64UrlDecode(ticket);
    return bytes && bytes->size() == 32;
}

void logFailure(const char* what, const QString& userId, const Error& error) {
    qCWarning(lcPasswordReset).noquote() << "after the password reset of" << userId << "could not"
                                         << what << ":" << error.toString();
}

} // namespace

ResetPasswordPage::ResetPasswordPage(const LoginServices& services, MailDispatcher& mail)
    : m_services(services)
    , m_mail(mail) {}

http::RequestHandler ResetPasswordPage::showHandler() const {
    return [this](http::HttpRequest request, http::Responder responder) {
        show(request, responder);
    };
}

http::RequestHandler ResetPasswordPage::submitHandler() const {
    return [this](http::HttpRequest request, http::Responder responder) {
        submit(request, responder);
    };
}

Result<ResetPasswordPage::Place>
ResetPasswordPage::placeOf(const http::HttpRequest& request) const {
    std::optional<tenancy::TenantRoute> route = m_services.resolver.resolve(request);
    if (!route)
        return Error{"not_found", u"There is no such tenant here."_s, 404};
    Place place;
    place.base = oidc::AuthorizeEndpoint::basePath(route->issuer);
    const bool secure = request.isSecure();
    place.cookieScope = place.base == "/"
                            ? identity::CookieScope::ownDomain(secure)
                            : identity::CookieScope::tenantPath(route->tenant->id(), secure);
    place.route = std::move(*route);
    return place;
}

QByteArray ResetPasswordPage::csrfToken(QByteArrayView cookie, QByteArrayView ticket) const {
    const QByteArray binding = "reset:" + crypto::base64UrlEncode(crypto::sha256(ticket));
    return m_services.transactions.csrfToken(cookie, binding);
}

http::HttpResponse ResetPasswordPage::form(const Place& place, const QByteArray& ticket,
                                           const QByteArray& cookie,
                                           std::optional<Error> error) const {
    loginui::PageModel model = forms::tenantPageModel(*place.route.tenant, place.base);
    model.ticket = QString::fromLatin1(ticket);
    model.csrfToken = QString::fromLatin1(csrfToken(cookie, ticket));
    if (error) {
        model.error = loginui::FormError{
            error->httpStatus == 400 && error->code == "password_mismatch" ? u"password_confirm"_s
                                                                           : u"password"_s,
            error->message};
        model.status = forms::pageStatus(error->httpStatus);
    }
    return m_services.pages.render(loginui::Page::Reset, model);
}

// Not "This login cannot continue": the reset page is reached from a mail, outside any login.
http::HttpResponse ResetPasswordPage::invalidLink(const Place& place) const {
    loginui::PageModel model = forms::tenantPageModel(*place.route.tenant, place.base);
    model.status = loginui::PageStatus::BadRequest;
    model.title = u"This link cannot be used"_s;
    model.message = u"This link is invalid, has expired or was used already. Ask for a new one "
                    "with \"Forgot password?\" on the login page."_s;
    model.errorCode = QString::fromLatin1(store::PasswordResetRepository::kInvalidToken);
    return m_services.pages.render(loginui::Page::Error, model);
}

void ResetPasswordPage::show(const http::HttpRequest& request,
                             const http::Responder& responder) const {
    Result<Place> place = placeOf(request);
    if (!place) {
        responder.send(errorPage(m_services, "/", place.error()));
        return;
    }
    Result<oidc::RequestParameters> query = oidc::RequestParameters::fromForm(request.query());
    const QByteArray ticket = query ? query->value("ticket"_L1).toLatin1() : QByteArray();
    if (!isWellFormed(ticket)) {
        responder.send(invalidLink(*place));
        return;
    }
    const LoginPage::CsrfCookie cookie = LoginPage::csrfCookie(request);
    http::HttpResponse response = form(*place, ticket, cookie.value, std::nullopt);
    if (cookie.isNew)
        http::SetCookie{LoginContext::kCsrfCookie.toByteArray(),
                        cookie.value,
                        place->cookieScope.path,
                        http::SameSite::Strict,
                        place->cookieScope.secure,
                        -1}
            .addTo(response);
    responder.send(std::move(response));
}

void ResetPasswordPage::submit(const http::HttpRequest& request,
                               const http::Responder& responder) const {
    Result<Place> found = placeOf(request);
    if (!found) {
        responder.send(errorPage(m_services, "/", found.error()));
        return;
    }
    const Place place = std::move(found).value();
    Result<oidc::RequestParameters> fields = forms::formOf(request);
    if (!fields) {
        responder.send(errorPage(m_services, place.base, fields.error()));
        return;
    }
    const QByteArray ticket = fields->value("ticket"_L1).toLatin1();
    if (!isWellFormed(ticket)) {
        responder.send(invalidLink(place));
        return;
    }
    const QByteArray cookie = http::cookieValue(request, LoginContext::kCsrfCookie);
    const QByteArray binding = "reset:" + crypto::base64UrlEncode(crypto::sha256(ticket));
    if (!m_services.transactions.verifyCsrf(cookie, fields->value("csrf"_L1).toLatin1(), binding)) {
        responder.send(errorPage(m_services, place.base, forms::csrfError()));
        return;
    }
    const QString password = fields->value("password"_L1);
    if (password.isEmpty()) {
        responder.send(form(place, ticket, cookie,
                            Error::badRequest("invalid_password", u"Choose a password."_s)));
        return;
    }
    if (password != fields->value("password_confirm"_L1)) {
        responder.send(
            form(place, ticket, cookie,
                 Error::badRequest("password_mismatch", u"The two passwords are not the same."_s)));
        return;
    }

    const QString tenantId = place.route.tenant->id();
    Result<store::PasswordResetRecord> reset =
        m_services.store.passwordResets().consume(tenantId, crypto::sha256(ticket));
    if (!reset) {
        responder.send(reset.error().code == store::PasswordResetRepository::kInvalidToken
                           ? invalidLink(place)
                           : errorPage(m_services, place.base, reset.error()));
        return;
    }
    Result<std::optional<store::UserRecord>> user =
        m_services.store.users().find(tenantId, reset->userId);
    if (!user || !*user) {
        responder.send(user ? invalidLink(place) : errorPage(m_services, place.base, user.error()));
        return;
    }
    Result<std::optional<store::ConnectionRecord>> connection =
        m_services.store.connections().findByName(tenantId, (*user)->connection);
    Result<identity::PasswordPolicy> policy =
        connection ? identity::PasswordPolicy::fromConnectionOptions(
                         *connection ? (*connection)->options : QJsonObject())
                   : Result<identity::PasswordPolicy>(connection.error());
    Result<void> strong = policy ? policy->check(password, {(*user)->email, (*user)->username})
                                 : Result<void>(policy.error());
    if (!strong) {
        restore(*reset);
        responder.send(strong.error().httpStatus == 400
                           ? form(place, ticket, cookie, strong.error())
                           : errorPage(m_services, place.base, strong.error()));
        return;
    }

    auto work = [this, place, responder, user = std::move(**user),
                 password = identity::PasswordPolicy::normalize(password).toUtf8()]() mutable {
        Result<QByteArray> hash = m_services.hasher.hash(password);
        responder.send(hash ? change(place, std::move(user), *hash)
                            : errorPage(m_services, place.base, hash.error()));
    };
    if (!m_services.hashingPool.trySubmit(std::move(work))) {
        restore(*reset);
        http::HttpResponse busy = form(
            place, ticket, cookie,
            Error{"temporarily_unavailable", u"Too many requests right now. Try again."_s, 429});
        busy.setHeader("Retry-After", "1");
        responder.send(std::move(busy));
    }
}

void ResetPasswordPage::restore(const store::PasswordResetRecord& reset) const {
    const QDateTime now = m_services.clock();
    const std::chrono::milliseconds left{now.msecsTo(reset.expiresAt)};
    if (left.count() <= 0)
        return;
    store::PasswordResetRecord again = reset;
    again.usedAt = QDateTime();
    // The used row keeps its hash: it goes first (with the user's other tickets, which a
    // successful reset would drop anyway).
    if (Result<int> removed =
            m_services.store.passwordResets().removeForUser(reset.tenant, reset.userId);
        !removed)
        return logFailure("put the ticket back", reset.userId, removed.error());
    if (Result<store::PasswordResetRecord> made =
            m_services.store.passwordResets().create(std::move(again), left);
        !made)
        logFailure("put the ticket back", reset.userId, made.error());
}

http::HttpResponse ResetPasswordPage::change(const Place& place, store::UserRecord user,
                                             const QByteArray& passwordHash) const {
    const QString tenantId = place.route.tenant->id();
    const QString userId = user.userId;
    user.passwordHash = passwordHash;
    Result<store::UserRecord> updated = m_services.store.users().update(std::move(user));
    if (!updated)
        return errorPage(m_services, place.base, updated.error());
    // Whatever the old password opened is closed: refresh and access tokens (their grants) and
    // SSO sessions. Failures are logged; the password has changed either way.
    if (Result<int> revoked =
            m_services.store.grants().revokeForUser(tenantId, userId, u"password_reset"_s);
        !revoked)
        logFailure("revoke the grants", userId, revoked.error());
    if (Result<int> ended = m_services.store.loginSessions().removeForUser(tenantId, userId);
        !ended)
        logFailure("end the sessions", userId, ended.error());
    if (Result<int> dropped = m_services.store.passwordResets().removeForUser(tenantId, userId);
        !dropped)
        logFailure("drop the other tickets", userId, dropped.error());
    if (Result<int> unblocked = m_services.attacks.unblock(tenantId, userId); !unblocked)
        logFailure("lift the blocks", userId, unblocked.error());
    if (!updated->email.isEmpty())
        m_mail.post(
            mails::passwordChanged(updated->email, forms::tenantDisplayName(*place.route.tenant)),
            "password_changed");

    loginui::PageModel model = forms::tenantPageModel(*place.route.tenant, place.base);
    model.title = u"Your password was changed"_s;
    model.message = u"Log in with your new password from the application. Every device that was "
                    "logged in to your account was logged out."_s;
    return m_services.pages.render(loginui::Page::Message, model);
}

} // namespace gatehouse::login
