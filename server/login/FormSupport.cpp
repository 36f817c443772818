#include "login/FormSupport.h"

#include "identity/ClientAddress.h"
#include "mail/Mailbox.h"
#include "oidc/AuthorizeEndpoint.h"
#include "oidc/FormBody.h"
#include "store/Store.h"
#include "tenancy/TenantBranding.h"
#include "tenancy/TenantSnapshot.h"

#include <QJsonObject>
#include <QRegularExpression>

namespace gatehouse::login::forms {

namespace {

using namespace Qt::StringLiterals;

} // namespace

Result<oidc::RequestParameters> formOf(const http::HttpRequest& request) {
    if (!oidc::hasFormBody(request))
        return Error::badRequest("invalid_request", u"The form was not sent as a form."_s);
    return oidc::RequestParameters::fromForm(request.body());
}

bool isValidEmail(const QString& address) {
    static const QRegularExpression syntax(
        uR"(^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*)"
        uR"(@(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+)"
        uR"([\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$)"_s,
        QRegularExpression::UseUnicodePropertiesOption);
    if (address.size() > 254 || address.section(u'@', 0, 0).size() > 64)
        return false;
    return syntax.match(address).hasMatch() && mail::parseMailbox(address).ok();
}

loginui::PageStatus pageStatus(int httpStatus) {
    switch (httpStatus) {
    case 200:
        return loginui::PageStatus::Ok;
    case 401:
        return loginui::PageStatus::Unauthorized;
    case 403:
        return loginui::PageStatus::Forbidden;
    case 404:
        return loginui::PageStatus::NotFound;
    case 429:
        return loginui::PageStatus::TooManyRequests;
    default:
        return httpStatus >= 500 ? loginui::PageStatus::ServerError
                                 : loginui::PageStatus::BadRequest;
    }
}

Error csrfError() {
    return Error{"invalid_csrf",
                 u"This form has expired or was not sent from this site. Go back to the "
                 "application and start again."_s,
                 403};
}

Result<std::optional<qint64>> spend(store::Store& store, const QString& tenant,
                                    const IpBudget& budget, const QString& ip,
                                    const QDateTime& now) {
    const QString subject =
        QLatin1String(budget.purpose) + u'|' + identity::attackCounterAddress(ip);
    // The counter blocks when it reaches its threshold: one more than the budget allows.
    Result<store::AttackCounterRecord> counted =
        store.attackCounters().recordFailure(tenant, store::AttackCounterKind::Ip, subject,
                                             budget.window, budget.maxRequests + 1, budget.window);
    if (!counted)
        return counted.error();
    if (!counted->isBlocked(now))
        return std::optional<qint64>();
    return std::optional<qint64>(qMax<qint64>(1, now.secsTo(counted->blockedUntil)));
}

void markTooManyRequests(loginui::PageModel& model, qint64 retryAfterSeconds) {
    model.status = loginui::PageStatus::TooManyRequests;
    model.retryAfterSeconds = int(qMin<qint64>(retryAfterSeconds, 86'400));
    model.error =
        loginui::FormError{{}, u"Too many requests from your network. Try again later."_s};
}

loginui::PageModel tenantPageModel(const tenancy::TenantSnapshot& tenant, const QByteArray& base) {
    return oidc::AuthorizeEndpoint::tenantPageModel(tenant, base);
}

QString tenantDisplayName(const tenancy::TenantSnapshot& tenant) {
    return tenancy::TenantBranding::of(tenant).displayName;
}

} // namespace gatehouse::login::forms
