#pragma once

#include "core/Result.h"
#include "http/HttpRequest.h"
#include "identity/SessionService.h"
#include "loginui/PageModel.h"
#include "oidc/LoginTransaction.h"
#include "oidc/RequestParameters.h"
#include "store/Records.h"
#include "tenancy/TenantResolver.h"

#include <QList>
#include <optional>
#include <variant>

namespace gatehouse::login {

struct LoginServices;

// One step of a login transaction, as every login page needs it: the tenant, the transaction
// (opened from `state`), the application, its connections, and where pages and cookies live.
struct LoginContext {
    tenancy::TenantRoute route;
    QByteArray base; // "/t/T/" or "/"
    oidc::LoginTransaction transaction;
    QByteArray sealedState; // the transaction as the pages carry it
    const tenancy::ClientEntry* client = nullptr;
    std::optional<store::ConnectionRecord> database; // the database connection to log in with
    QList<store::ConnectionRecord> upstreams;        // "Continue with …" buttons
    identity::CookieScope cookieScope;

    static constexpr QByteArrayView kCsrfCookie = "gh_csrf";

    // Opens the transaction named by `state` for the request's tenant. Errors are for the error
    // page: invalid_transaction / transaction_expired (400), unknown tenant (404), a client that
    // no longer exists or has no connection (400).
    [[nodiscard]] static Result<LoginContext>
    load(const LoginServices& services, const http::HttpRequest& request, QByteArrayView state);

    // A page model with the tenant's branding, the application's name and the transaction.
    [[nodiscard]] loginui::PageModel pageModel(const QByteArray& csrfToken) const;
    [[nodiscard]] bool signupAllowed() const;
};

// A form posted to one of the transaction's pages, once the form parsed, its transaction opened and
// its CSRF token matched the browser's gh_csrf cookie.
struct PostedForm {
    oidc::RequestParameters form;
    LoginContext context;
    QByteArray csrfCookie;
};

// The posted form, or the error page to send instead.
[[nodiscard]] std::variant<PostedForm, http::HttpResponse>
openPostedForm(const LoginServices& services, const http::HttpRequest& request);

// The error page for an error from load() or a later step.
[[nodiscard]] http::HttpResponse errorPage(const LoginServices& services, const QByteArray& base,
                                           const Error& error);

} // namespace gatehouse::login
