#pragma once

#include "core/Result.h"
#include "http/HttpRequest.h"
#include "http/HttpResponse.h"
#include "loginui/PageModel.h"
#include "oidc/RequestParameters.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <chrono>
#include <optional>

namespace gatehouse::store {
class Store;
}
namespace gatehouse::tenancy {
class TenantSnapshot;
}

// What the sign-up and password-reset pages share besides LoginContext: form decoding, e-mail
// syntax, the CSRF refusal, per-IP budgets and the tenant's display name for e-mails.
namespace gatehouse::login::forms {

// An application/x-www-form-urlencoded body; invalid_request otherwise.
[[nodiscard]] Result<oidc::RequestParameters> formOf(const http::HttpRequest& request);

// A deliberately plain address syntax, stricter than the store's: an ASCII dot-atom local part
// (what SMTP without SMTPUTF8 carries), a domain of at least two labels of letters, digits and
// inner hyphens, at most 254 characters; and the mail library must accept it as a recipient.
// `address` already trimmed and lower-cased.
[[nodiscard]] bool isValidEmail(const QString& address);

[[nodiscard]] loginui::PageStatus pageStatus(int httpStatus);

// The 403 error page for a form without the gh_csrf cookie or with another token.
[[nodiscard]] Error csrfError();

// A budget of requests per client address and tenant for requests that send e-mail or create
// accounts, counted in the store's attack counters (so it survives restarts and holds across the
// nodes of a datacenter) under a subject of its own ("<purpose>|<address>"), which the login
// page's suspicious-IP throttle never reads: reset requests do not use up anyone's login budget.
struct IpBudget {
    const char* purpose;
    int maxRequests;
    std::chrono::minutes window;
};

// Counts one request; the seconds to wait when the budget is spent, else nullopt.
[[nodiscard]] Result<std::optional<qint64>> spend(store::Store& store, const QString& tenant,
                                                  const IpBudget& budget, const QString& ip,
                                                  const QDateTime& now);

// The page for a spent budget: 429 with Retry-After.
void markTooManyRequests(loginui::PageModel& model, qint64 retryAfterSeconds);

// A page of the tenant outside any login transaction (the password-reset form): its branding, and
// `base` ("/t/T/" or "/") for form actions and assets.
[[nodiscard]] loginui::PageModel tenantPageModel(const tenancy::TenantSnapshot& tenant,
                                                 const QByteArray& base);

// The tenant's name as its users know it (friendly_name, else the display name): for e-mails.
[[nodiscard]] QString tenantDisplayName(const tenancy::TenantSnapshot& tenant);

} // namespace gatehouse::login::forms
