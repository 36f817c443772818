#pragma once

#include "core/Result.h"
#include "http/HttpRequest.h"
#include "http/HttpResponse.h"
#include "http/Method.h"
#include "tenancy/TenantResolver.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLatin1String>
#include <QList>
#include <QString>
#include <QStringList>
#include <functional>
#include <optional>

namespace gatehouse::management {

class Permissions;

// Who is calling: the verified claims of the Bearer token. `tenantId` is the tenant that issued
// the token, which is the addressed tenant or `system` (whose tokens act on every tenant).
// A machine client (client credentials) is authorized by its scopes; an administrator (a user
// signed in through the system tenant's dashboard client) by the role ManagementApi reads for
// every request (see Permissions).
struct Caller {
    enum class Kind { Client, Administrator };
    QString tenantId;
    QString clientId;
    QString subject;
    QStringList scopes;
    Kind kind = Kind::Client;
    QString grantId; // administrators: the grant (`gid`) the token was issued from
};

// An administrator as read for the request being handled.
struct Administrator {
    QString userId;
    QString email;
    QString role;
    QStringList tenants;
};

// Everything a Management API handler gets: the request, the tenant its URL addresses (already
// resolved, and the caller already authorized for it) and the caller.
struct ManagementCall {
    const http::HttpRequest& request;
    const tenancy::TenantRoute& route;
    const Caller& caller;
    const Permissions& permissions;
    const std::optional<Administrator>& administrator; // set for administrators only

    [[nodiscard]] const QString& tenantId() const { return route.tenant->id(); }
    // `{issuer}api/v2/` for the issuer this request used: how the tenant's Management API is
    // shown to this caller (the store keeps tenancy::ManagementApi::kIdentifier instead).
    [[nodiscard]] QString managementAudience() const;
    // A stored resource-server identifier as this caller sees it, and back. The Management API's
    // marker is shown as managementAudience(); storedAudience() maps `{issuer}api/v2/` for any of
    // the tenant's issuers to the marker, and the marker itself to an empty string (it is never
    // accepted from outside, as at the token endpoint).
    [[nodiscard]] QString displayedAudience(const QString& identifier) const;
    [[nodiscard]] QString storedAudience(const QString& audience) const;
    [[nodiscard]] QString pathParam(QStringView name) const { return request.pathParam(name); }
};

enum class Access { Read, Write };

// Where a route exists: in every tenant, or only in `system` (tenants themselves).
enum class Reach { EveryTenant, SystemTenant };

using EndpointHandler = std::function<Result<http::HttpResponse>(const ManagementCall&)>;

// One route of the Management API and what it takes to call it. ManagementApi checks all of it
// (tenant, token, scope, write gate) before the handler runs, so handlers contain no
// authorization code and none can be forgotten.
struct Endpoint {
    http::Method method = http::Method::Get;
    QByteArray pattern; // relative to the tenant root, e.g. "/api/v2/clients/{id}"
    // "verb:resource" (Auth0's scopes). Empty only for endpoints that describe the caller
    // itself (/api/v2/me), which every authenticated caller may use.
    QLatin1String scope = {};
    Access access = Access::Read;
    Reach reach = Reach::EveryTenant;
    EndpointHandler handler = {};
};

// Response helpers shared by the endpoint classes.
[[nodiscard]] http::HttpResponse jsonResponse(int status, const QJsonObject& body);
[[nodiscard]] http::HttpResponse jsonResponse(const QJsonDocument& body);
[[nodiscard]] http::HttpResponse noContent();

// ISO 8601 UTC with milliseconds ("2024-05-01T12:00:00.000Z"), as Auth0 writes timestamps.
[[nodiscard]] QString timestamp(const QDateTime& time);

// A store `conflict` re-worded to name the body field that caused it (409 keeps its code);
// other errors pass through.
[[nodiscard]] Error duplicateField(Error error, QLatin1String field);

// 404 for an object that does not exist in the addressed tenant. Objects of other tenants get
// exactly the same answer: their existence is nobody else's business.
[[nodiscard]] Error notFoundInTenant(QLatin1String kind, const QString& id);

// The `value`s of a resource server's stored scopes ([{value, description}]).
[[nodiscard]] QStringList scopeValues(const QJsonArray& scopes);

// Unwraps a repository lookup, turning "absent" into notFoundInTenant().
template <typename T>
[[nodiscard]] Result<T> requireFound(Result<std::optional<T>> found, QLatin1String kind,
                                     const QString& id) {
    if (!found)
        return found.error();
    if (!*found)
        return notFoundInTenant(kind, id);
    return std::move(**found);
}

} // namespace gatehouse::management
