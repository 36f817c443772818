#include "management/ManagementApi.h"

#include "http/Router.h"
#include "management/Permissions.h"
#include "oidc/OAuthResponses.h"
#include "tenancy/TenantCatalog.h"
#include "tenancy/TenantResolver.h"

#include <QLoggingCategory>

namespace gatehouse::management {
namespace {

Q_LOGGING_CATEGORY(lcManagement, "gatehouse.management")

// Two threads: writes are serialized by the store anyway, and a read can proceed beside one.
constexpr int kThreads = 2;

} // namespace

ManagementApi::ManagementApi(ManagementDependencies dependencies)
    : m_deps(dependencies)
    , m_authorizer(dependencies.verifier, dependencies.catalog)
    , m_tenantUpdate(dependencies.store, dependencies.signingKeys)
    , m_clients(dependencies.store)
    , m_resourceServers(dependencies.store)
    , m_clientGrants(dependencies.store)
    , m_signingKeys(dependencies.store, dependencies.signingKeys)
    , m_tenantSettings(dependencies.store, m_tenantUpdate)
    , m_tenants(dependencies.store, dependencies.provisioner, m_tenantUpdate)
    , m_users(dependencies.store, dependencies.passwordCost)
    , m_userBlocks(dependencies.store)
    , m_jobs(dependencies.store, dependencies.sendMail)
    , m_connections(dependencies.store, dependencies.sealer)
    , m_directory(dependencies.store)
    , m_administrators(dependencies.store)
    , m_me(m_endpoints) {
    if (m_deps.writeGate == nullptr)
        m_deps.writeGate = &m_allowAll;
    m_pool.setMaxThreadCount(kThreads);
    m_pool.setObjectName(QStringLiteral("management"));
    for (QList<Endpoint> group :
         {m_clients.endpoints(), m_resourceServers.endpoints(), m_clientGrants.endpoints(),
          m_signingKeys.endpoints(), m_tenantSettings.endpoints(), m_tenants.endpoints(),
          m_users.endpoints(), m_userBlocks.endpoints(), m_jobs.endpoints(),
          m_connections.endpoints(), m_administrators.endpoints(), m_me.endpoints()}) {
        m_endpoints.insert(m_endpoints.end(), std::make_move_iterator(group.begin()),
                           std::make_move_iterator(group.end()));
    }
}

ManagementApi::~ManagementApi() {
    waitForDone();
}

void ManagementApi::waitForDone() {
    m_pool.waitForDone();
}

void ManagementApi::registerRoutes(http::Router& tenantRouter) {
    // m_endpoints never changes after construction, so references into it stay valid.
    for (const Endpoint& endpoint : m_endpoints) {
        tenantRouter.add(endpoint.method, endpoint.pattern,
                         [this, &endpoint](http::HttpRequest request, http::Responder responder) {
                             handle(endpoint, request, responder);
                         });
    }
}

std::variant<ManagementApi::Admission, http::HttpResponse>
ManagementApi::admit(const Endpoint& endpoint, const http::HttpRequest& request) const {
    std::optional<tenancy::TenantRoute> route = m_deps.resolver.resolve(request);
    // A system-only route does not exist in other tenants: the same 404 as an unknown path.
    if (!route || (endpoint.reach == Reach::SystemTenant && !route->tenant->isSystem()))
        return http::HttpResponse::error(404, "not_found", QStringLiteral("no such endpoint"));
    Result<Caller> caller = m_authorizer.authorize(request, *route, endpoint.scope);
    if (!caller)
        return ManagementAuthorizer::challenge(*route, caller.error(), endpoint.scope);
    if (endpoint.access == Access::Write) {
        if (Result<void> allowed = m_deps.writeGate->allowWrite(route->tenant->id()); !allowed)
            return http::HttpResponse::fromError(allowed.error());
    }
    return Admission{std::move(*route), std::move(caller).value()};
}

void ManagementApi::handle(const Endpoint& endpoint, const http::HttpRequest& request,
                           const http::Responder& responder) {
    auto admitted = admit(endpoint, request);
    if (auto* refusal = std::get_if<http::HttpResponse>(&admitted)) {
        responder.send(std::move(*refusal));
        return;
    }
    // Bounded like the signing pool: a flood of authorized requests is refused early instead of
    // growing the queue without end.
    if (m_pending.fetch_add(1) >= m_deps.maxQueued) {
        m_pending.fetch_sub(1);
        http::HttpResponse busy = http::HttpResponse::error(
            503, "temporarily_unavailable", QStringLiteral("too many Management API requests"));
        busy.setHeader(QByteArrayLiteral("Retry-After"), QByteArrayLiteral("1"));
        responder.send(std::move(busy));
        return;
    }
    m_pool.start([this, &endpoint, request, responder,
                  admission = std::get<Admission>(std::move(admitted))] {
        responder.send(run(endpoint, request, admission.route, admission.caller));
        m_pending.fetch_sub(1);
    });
}

http::HttpResponse ManagementApi::refuse(const Endpoint& endpoint,
                                         const tenancy::TenantRoute& route, const Error& error) {
    http::HttpResponse response =
        error.httpStatus == 401 || error.code == "insufficient_scope"
            ? ManagementAuthorizer::challenge(route, error, endpoint.scope)
            : http::HttpResponse::fromError(error);
    oidc::setNoStore(response);
    return response;
}

http::HttpResponse ManagementApi::run(const Endpoint& endpoint, const http::HttpRequest& request,
                                      const tenancy::TenantRoute& route, const Caller& caller) {
    std::optional<Administrator> administrator;
    std::optional<Permissions> permissions;
    if (caller.kind == Caller::Kind::Administrator) {
        // Read now, not taken from the token: see AdministratorDirectory.
        Result<Administrator> resolved = m_directory.resolve(caller);
        if (!resolved)
            return refuse(endpoint, route, resolved.error());
        const std::optional<Role> role = roleFromString(resolved->role);
        if (!role) // the schema's CHECK allows no other value
            return refuse(endpoint, route, Error::internal(QStringLiteral("unknown role")));
        permissions = Permissions::forAdministrator(*role, resolved->tenants);
        administrator = std::move(resolved).value();
    } else {
        permissions = Permissions::forClient(caller.tenantId, caller.scopes);
    }
    if (Result<void> allowed = permissions->check(endpoint, route.tenant->id()); !allowed)
        return refuse(endpoint, route, allowed.error());
    const ManagementCall call{request, route, caller, *permissions, administrator};
    Result<http::HttpResponse> result = endpoint.handler(call);
    if (!result) {
        if (result.error().httpStatus >= 500)
            qCWarning(lcManagement).noquote()
                << request.methodName() << endpoint.pattern << "in tenant" << call.tenantId()
                << "failed:" << result.error().toString();
        return http::HttpResponse::fromError(result.error());
    }
    if (endpoint.access == Access::Write) {
        // The write is committed whatever happens here; a failed refresh only delays when this
        // node sees it (the catalog retries the same changes on its next refresh).
        if (Result<void> refreshed = m_deps.catalog.refresh(); !refreshed)
            qCWarning(lcManagement).noquote()
                << "catalog refresh after a write failed:" << refreshed.error().toString();
    }
    http::HttpResponse response = std::move(result).value();
    // Bodies may carry client secrets; none of them may be cached (RFC 9111 §5.2.2.5).
    oidc::setNoStore(response);
    return response;
}

} // namespace gatehouse::management
