#pragma once

#include "crypto/PasswordHasher.h"
#include "http/Responder.h"
#include "management/AdministratorDirectory.h"
#include "management/AdministratorsApi.h"
#include "management/ClientGrantsApi.h"
#include "management/ClientsApi.h"
#include "management/ConnectionsApi.h"
#include "management/JobsApi.h"
#include "management/ManagementAuthorizer.h"
#include "management/ManagementEndpoint.h"
#include "management/MeApi.h"
#include "management/ResourceServersApi.h"
#include "management/SigningKeysApi.h"
#include "management/TenantSettingsApi.h"
#include "management/TenantUpdate.h"
#include "management/TenantsApi.h"
#include "management/UserBlocksApi.h"
#include "management/UsersApi.h"
#include "management/WriteGate.h"

#include <QList>
#include <QThreadPool>

#include <atomic>
#include <variant>
#include <vector>

namespace gatehouse::crypto {
class Sealer;
}
namespace gatehouse::http {
class Router;
}
namespace gatehouse::oidc {
class AccessTokenVerifier;
}
namespace gatehouse::store {
class Store;
}
namespace gatehouse::tenancy {
class SigningKeyService;
class TenantCatalog;
class TenantProvisioner;
class TenantResolver;
} // namespace gatehouse::tenancy

namespace gatehouse::management {

// What the Management API works with. All must outlive the ManagementApi.
struct ManagementDependencies {
    store::Store& store;
    tenancy::TenantCatalog& catalog;
    const tenancy::TenantResolver& resolver;
    tenancy::SigningKeyService& signingKeys;
    tenancy::TenantProvisioner& provisioner;
    const oidc::AccessTokenVerifier& verifier;
    // Seals upstream connections' client secrets (the master key's sealer).
    const crypto::Sealer& sealer;
    // Asked before every write; null lets every write through (the primary datacenter).
    const WriteGate* writeGate = nullptr;
    // Requests waiting for a database thread beyond this are refused with 503.
    int maxQueued = 256;
    // Sends the verification-email job's mail; empty: the job is refused (JobsApi).
    JobsApi::MailSender sendMail = {};
    // The argon2id cost of passwords set through the API ([crypto] password_* keys).
    crypto::PasswordCost passwordCost = {};
};

// The Auth0-compatible Management API of every tenant, under the tenant root (`/t/{tenant}/api/v2/`
// or `/api/v2/` on a tenant's host). Every request goes through one path, in this order:
//   tenant (TenantResolver) → system-only routes exist only in `system` (404 elsewhere) →
//   Bearer token and, for machine clients, scope (ManagementAuthorizer: 401 / 403) →
//   WriteGate for writes → on a database thread: for administrators, their grant, user and
//   role read from the store (AdministratorDirectory: 401 / 403) → Permissions::check for the
//   addressed tenant (403) → handler → TenantCatalog::refresh() after a successful write, so
//   that the next request on this node (a token request, say) already sees the change.
// Handlers touch the store and may generate keys, so they run on a small pool of their own
// instead of the HTTP workers; the checks before them are cheap and run inline, so requests
// without a valid token never occupy a database thread.
class ManagementApi final {
public:
    explicit ManagementApi(ManagementDependencies dependencies);
    ~ManagementApi();
    ManagementApi(const ManagementApi&) = delete;
    ManagementApi& operator=(const ManagementApi&) = delete;

    // Adds every route, relative to the tenant root, to the router of tenant paths.
    void registerRoutes(http::Router& tenantRouter);
    [[nodiscard]] const std::vector<Endpoint>& endpoints() const { return m_endpoints; }

    // Blocks until queued requests are answered (shutdown and tests).
    void waitForDone();

private:
    void handle(const Endpoint& endpoint, const http::HttpRequest& request,
                const http::Responder& responder);
    struct Admission {
        tenancy::TenantRoute route;
        Caller caller;
    };
    // The checks before a handler: the request's route and caller, or the response refusing it.
    [[nodiscard]] std::variant<Admission, http::HttpResponse>
    admit(const Endpoint& endpoint, const http::HttpRequest& request) const;
    [[nodiscard]] http::HttpResponse run(const Endpoint& endpoint, const http::HttpRequest& request,
                                         const tenancy::TenantRoute& route, const Caller& caller);
    // The response refusing a request for `error` (RFC 6750 §3 challenges for token errors).
    [[nodiscard]] static http::HttpResponse
    refuse(const Endpoint& endpoint, const tenancy::TenantRoute& route, const Error& error);

    ManagementDependencies m_deps;
    AllowAllWrites m_allowAll;
    std::vector<Endpoint> m_endpoints; // filled by the constructor, then never changed
    ManagementAuthorizer m_authorizer;
    TenantUpdate m_tenantUpdate;
    ClientsApi m_clients;
    ResourceServersApi m_resourceServers;
    ClientGrantsApi m_clientGrants;
    SigningKeysApi m_signingKeys;
    TenantSettingsApi m_tenantSettings;
    TenantsApi m_tenants;
    UsersApi m_users;
    UserBlocksApi m_userBlocks;
    JobsApi m_jobs;
    ConnectionsApi m_connections;
    AdministratorDirectory m_directory;
    AdministratorsApi m_administrators;
    MeApi m_me; // reads m_endpoints, which is complete before any request
    std::atomic<int> m_pending{0};
    QThreadPool m_pool; // last: destroyed (and drained) first
};

} // namespace gatehouse::management
