#pragma once

#include "core/Result.h"
#include "crypto/Sealer.h"
#include "http/HttpRequest.h"
#include "http/RequestHandler.h"
#include "http/Responder.h"
#include "identity/UpstreamIdentity.h"
#include "identity/UpstreamOidcConfig.h"
#include "store/Records.h"

#include <QByteArray>
#include <QString>

namespace gatehouse::login {

struct LoginContext;
struct LoginServices;
class UpstreamClients;
class UpstreamStateCodec;

// "Continue with …": logging in through an upstream OIDC connection (docs/login.md, "Upstream
// login"), Gatehouse being the relying party of the authorization code flow with PKCE (OIDC Core
// §3.1, RFC 7636):
//   GET {base}u/upstream?state=…&connection=NAME   the login page's link: opens the transaction,
//       checks the connection is one of its upstreams, fetches the provider's metadata and
//       redirects to its authorization endpoint with a sealed UpstreamState as `state`, setting
//       the gh_upstream cookie the state is bound to
//   GET {base}login/callback?code=…&state=…        (Auth0's path) the provider's answer: checks
//       the state and its cookie, redeems the code, finds or makes the user (UpstreamAccounts)
//       and finishes the login; an `error=` from the provider is shown on the login page
// The upstream's client secret is stored sealed with the master key under the associated data
// "connection_secret:<tenant>:<connection id>" (the Management API seals it the same way).
//
// The start is a GET that anyone can link to, as /authorize is: it only sends the browser to the
// provider for a login the link's author began. What completes a login is the callback, and that
// only in the browser holding the cookie.
class UpstreamLogin final {
public:
    UpstreamLogin(const LoginServices& services, const crypto::Sealer& master,
                  const UpstreamStateCodec& states, UpstreamClients& clients);

    void start(const http::HttpRequest& request, const http::Responder& responder) const;
    void callback(const http::HttpRequest& request, const http::Responder& responder) const;
    [[nodiscard]] http::RequestHandler startHandler() const;
    [[nodiscard]] http::RequestHandler callbackHandler() const;

    // The associated data of a connection's sealed client secret.
    [[nodiscard]] static QByteArray secretAssociatedData(const QString& tenant,
                                                         const QString& connectionId);
    // `{issuer}login/callback`: the redirect_uri registered at the provider.
    [[nodiscard]] static QString callbackUri(const QString& issuer);

private:
    [[nodiscard]] Result<identity::UpstreamOidcConfig>
    configFor(const store::ConnectionRecord& connection) const;
    // The login page again, with `message` above the form.
    [[nodiscard]] http::HttpResponse loginPageWithError(const http::HttpRequest& request,
                                                        const LoginContext& context,
                                                        const QString& message,
                                                        int httpStatus) const;
    void finish(const http::HttpRequest& request, const http::Responder& responder,
                const LoginContext& context, const store::ConnectionRecord& connection,
                const identity::UpstreamIdentity& identity) const;

    const LoginServices& m_services;
    crypto::Sealer m_master;
    const UpstreamStateCodec& m_states;
    UpstreamClients& m_clients;
};

} // namespace gatehouse::login
