#pragma once

#include "config/MailConfig.h"
#include "core/Result.h"
#include "crypto/PasswordHasher.h"
#include "crypto/Sealer.h"
#include "mail/MailMessage.h"
#include "oidc/TokenEndpoint.h"
#include "store/Store.h"

#include <memory>

namespace gatehouse::http {
class Router;
}
namespace gatehouse::monitoring {
class Metrics;
}
namespace gatehouse::oidc {
class SigningPool;
class UserGrants;
} // namespace gatehouse::oidc
namespace gatehouse::tenancy {
class TenantResolver;
}

namespace gatehouse::daemon {

// Everything people log in with (docs/login.md), built once and routed under each tenant:
// /authorize, the hosted login pages and their assets, and the user and password grants the token
// endpoint hands to. Owns its parts; the router's handlers point into them, so it must outlive the
// server.
class LoginRuntime final {
public:
    struct Dependencies {
        const tenancy::TenantResolver& resolver;
        store::Store store;
        const crypto::Sealer& sealer;
        oidc::SigningPool& signingPool;
        monitoring::Metrics& metrics;
        int hashingThreads = 0; // 0: one per core
        crypto::PasswordCost passwordCost;
        // The login flow's e-mails (sign-up, password reset): ServerConfig::resolvedMail().
        config::MailConfig mail;
    };

    [[nodiscard]] static Result<std::unique_ptr<LoginRuntime>> create(Dependencies dependencies);
    ~LoginRuntime();

    // For TokenEndpoint: authorization_code and refresh_token.
    [[nodiscard]] const oidc::UserGrants& userGrants() const;
    // For TokenEndpoint: password and password-realm.
    [[nodiscard]] oidc::PasswordGrantHandler passwordGrant() const;
    // Queues a mail on the login flow's mail thread (login::MailDispatcher); thread-safe.
    void postMail(mail::MailMessage message, const char* purpose) const;

    void registerRoutes(http::Router& tenantRoutes) const;

private:
    struct Parts;
    explicit LoginRuntime(std::unique_ptr<Parts> parts);
    std::unique_ptr<Parts> m_parts;
};

} // namespace gatehouse::daemon
