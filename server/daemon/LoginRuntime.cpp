#include "daemon/LoginRuntime.h"

#include "http/Router.h"
#include "identity/AttackProtection.h"
#include "identity/SessionService.h"
#include "identity/UpstreamMetadataCache.h"
#include "login/LoginPage.h"
#include "login/LoginServices.h"
#include "login/MailDispatcher.h"
#include "login/PasswordGrant.h"
#include "login/ResetPasswordPage.h"
#include "login/ResetRequestPage.h"
#include "login/SignupPage.h"
#include "login/UpstreamClients.h"
#include "login/UpstreamLogin.h"
#include "login/UpstreamState.h"
#include "login/VerifyEmailPage.h"
#include "loginui/LoginPageRenderer.h"
#include "mail/MailSenderFactory.h"
#include "oidc/AccessTokenVerifier.h"
#include "oidc/AuthorizeEndpoint.h"
#include "oidc/CodeIssuer.h"
#include "oidc/Cors.h"
#include "oidc/IntrospectionEndpoint.h"
#include "oidc/LoginTransaction.h"
#include "oidc/LogoutEndpoint.h"
#include "oidc/RevocationEndpoint.h"
#include "oidc/SigningPool.h"
#include "oidc/TokenInspector.h"
#include "oidc/UserGrants.h"
#include "oidc/UserTokenIssuer.h"
#include "oidc/UserinfoEndpoint.h"

#include <optional>

namespace gatehouse::daemon {

// In dependency order; destroyed in reverse.
struct LoginRuntime::Parts {
    store::Store store;
    loginui::LoginPageRenderer pages;
    oidc::LoginTransactionCodec transactions;
    crypto::PasswordHasher hasher;
    // Before the hashing pool: its jobs queue mail, so the dispatcher must outlive them.
    login::MailDispatcher mailer;
    oidc::SigningPool hashingPool;
    identity::SessionService sessions{store};
    identity::AttackProtection attacks{store};
    oidc::CodeIssuer codes{store};
    oidc::UserTokenIssuer tokens;
    oidc::UserGrants grants{store, tokens};
    oidc::AuthorizeEndpoint authorize;
    login::LoginServices services;
    login::LoginPage loginPage{services};
    login::PasswordGrant passwordGrant{services, grants};
    // Userinfo, revocation, introspection and logout (docs/login.md).
    oidc::AccessTokenVerifier verifier;
    oidc::TokenInspector inspector{store, verifier};
    oidc::UserinfoEndpoint userinfo;
    oidc::RevocationEndpoint revocation;
    oidc::IntrospectionEndpoint introspection;
    oidc::LogoutEndpoint logout;
    oidc::Cors cors;
    // "Continue with …": upstream OIDC connections (docs/login.md, "Upstream login"). One
    // metadata cache for all worker threads, one upstream client per worker thread.
    std::shared_ptr<identity::UpstreamMetadataCache> upstreamMetadata =
        std::make_shared<identity::UpstreamMetadataCache>();
    login::UpstreamStateCodec upstreamStates;
    login::UpstreamClients upstreamClients{upstreamMetadata};
    login::UpstreamLogin upstreamLogin;
    // Sign-up and password reset (docs/login.md).
    login::SignupPage signupPage{services, mailer};
    login::ResetRequestPage resetRequestPage{services, mailer};
    login::ResetPasswordPage resetPasswordPage{services, mailer};
    login::VerifyEmailPage verifyEmailPage{services};

    Parts(const Dependencies& d, loginui::LoginPageRenderer renderer)
        : store(d.store)
        , pages(std::move(renderer))
        , transactions(d.sealer)
        , hasher(d.passwordCost)
        , mailer(mail::makeMailSender(d.mail))
        // Each hash holds ~19 MiB: the pool's size bounds that memory too.
        , hashingPool(d.hashingThreads, 256)
        , tokens(d.signingPool, d.metrics, tenancy::systemClock())
        , authorize(d.resolver, store, sessions, codes, transactions, pages)
        , services{d.resolver,   store, sessions, attacks,     codes,
                   transactions, pages, hasher,   hashingPool, tenancy::systemClock()}
        , userinfo(d.resolver, store, verifier)
        , revocation(d.resolver, store, inspector)
        , introspection(d.resolver, inspector)
        , logout(d.resolver, sessions, pages)
        , cors(d.resolver)
        , upstreamStates(d.sealer)
        , upstreamLogin(services, d.sealer, upstreamStates, upstreamClients) {}
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

oidc::PasswordGrantHandler LoginRuntime::passwordGrant() const {
    return m_parts->passwordGrant.handler();
}

void LoginRuntime::postMail(mail::MailMessage message, const char* purpose) const {
    m_parts->mailer.post(std::move(message), purpose);
}

void LoginRuntime::registerRoutes(http::Router& routes) const {
    const Parts& p = *m_parts;
    routes.add(http::Method::Get, "/authorize", p.authorize.handler());
    routes.add(http::Method::Post, "/authorize", p.authorize.handler());
    routes.add(http::Method::Get, "/u/login", p.loginPage.showHandler());
    routes.add(http::Method::Post, "/u/login", p.loginPage.submitHandler());
    routes.add(http::Method::Get, "/u/assets/{file}", p.pages.assets().handler());
    routes.add(http::Method::Get, "/u/signup", p.signupPage.showHandler());
    routes.add(http::Method::Post, "/u/signup", p.signupPage.submitHandler());
    routes.add(http::Method::Get, "/u/reset-password/request", p.resetRequestPage.showHandler());
    routes.add(http::Method::Post, "/u/reset-password/request", p.resetRequestPage.submitHandler());
    routes.add(http::Method::Get, "/u/reset-password", p.resetPasswordPage.showHandler());
    routes.add(http::Method::Post, "/u/reset-password", p.resetPasswordPage.submitHandler());
    routes.add(http::Method::Get, "/u/verify-email", p.verifyEmailPage.handler());
    // Browser applications call these directly (oidc/Cors).
    using Scope = oidc::Cors::Scope;
    routes.add(http::Method::Get, "/userinfo",
               p.cors.wrap(p.userinfo.handler(), Scope::AnyClientOfTenant));
    routes.add(http::Method::Post, "/userinfo",
               p.cors.wrap(p.userinfo.handler(), Scope::AnyClientOfTenant));
    routes.add(http::Method::Options, "/userinfo", p.cors.preflight("GET, POST"));
    routes.add(http::Method::Post, "/oauth/revoke",
               p.cors.wrap(p.revocation.handler(), Scope::RequestingClient));
    routes.add(http::Method::Options, "/oauth/revoke", p.cors.preflight("POST"));
    routes.add(http::Method::Post, "/oauth/introspect", p.introspection.handler());
    routes.add(http::Method::Get, "/v2/logout", p.logout.auth0Handler());
    routes.add(http::Method::Get, "/oidc/logout", p.logout.oidcHandler());
    routes.add(http::Method::Post, "/oidc/logout", p.logout.oidcHandler());
    routes.add(http::Method::Get, "/u/upstream", p.upstreamLogin.startHandler());
    routes.add(http::Method::Get, "/login/callback", p.upstreamLogin.callbackHandler());
}

} // namespace gatehouse::daemon
