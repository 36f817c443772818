#include "daemon/LoginRuntime.h"

#include "http/Router.h"
#include "identity/AttackProtection.h"
#include "identity/SessionService.h"
#include "login/LoginPage.h"
#include "login/LoginServices.h"
#include "loginui/LoginPageRenderer.h"
#include "oidc/AuthorizeEndpoint.h"
#include "oidc/CodeIssuer.h"
#include "oidc/LoginTransaction.h"
#include "oidc/SigningPool.h"
#include "oidc/UserGrants.h"
#include "oidc/UserTokenIssuer.h"

#include <optional>

namespace gatehouse::daemon {

// In dependency order; destroyed in reverse.
struct LoginRuntime::Parts {
    store::Store store;
    loginui::LoginPageRenderer pages;
    oidc::LoginTransactionCodec transactions;
    crypto::PasswordHasher hasher;
    oidc::SigningPool hashingPool;
    identity::SessionService sessions{store};
    identity::AttackProtection attacks{store};
    oidc::CodeIssuer codes{store};
    oidc::UserTokenIssuer tokens;
    oidc::UserGrants grants{store, tokens};
    oidc::AuthorizeEndpoint authorize;
    login::LoginServices services;
    login::LoginPage loginPage{services};

    Parts(const Dependencies& d, loginui::LoginPageRenderer renderer)
        : store(d.store)
        , pages(std::move(renderer))
        , transactions(d.sealer)
        , hasher(d.passwordCost)
        // Each hash holds ~19 MiB: the pool's size bounds that memory too.
        , hashingPool(d.hashingThreads, 256)
        , tokens(d.signingPool, d.metrics, tenancy::systemClock())
        , authorize(d.resolver, sessions, codes, transactions, pages)
        , services{d.resolver,   store, sessions, attacks,     codes,
                   transactions, pages, hasher,   hashingPool, tenancy::systemClock()} {}
};

LoginRuntime::LoginRuntime(std::unique_ptr<Parts> parts)
    : m_parts(std::move(parts)) {}

LoginRuntime::~LoginRuntime() = default;

Result<std::unique_ptr<LoginRuntime>> LoginRuntime::create(Dependencies dependencies) {
    Result<loginui::LoginPageRenderer> pages = loginui::LoginPageRenderer::create();
    if (!pages)
        return pages.error();
    return std::unique_ptr<LoginRuntime>(
        new LoginRuntime(std::make_unique<Parts>(dependencies, std::move(*pages))));
}

const oidc::UserGrants& LoginRuntime::userGrants() const {
    return m_parts->grants;
}

void LoginRuntime::registerRoutes(http::Router& routes) const {
    const Parts& p = *m_parts;
    routes.add(http::Method::Get, "/authorize", p.authorize.handler());
    routes.add(http::Method::Post, "/authorize", p.authorize.handler());
    routes.add(http::Method::Get, "/u/login", p.loginPage.showHandler());
    routes.add(http::Method::Post, "/u/login", p.loginPage.submitHandler());
    routes.add(http::Method::Get, "/u/assets/{file}", p.pages.assets().handler());
}

} // namespace gatehouse::daemon
