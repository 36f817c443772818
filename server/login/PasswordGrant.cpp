#include "login/PasswordGrant.h"

#include "login/LoginCompletion.h"
#include "login/LoginServices.h"
#include "login/PasswordVerification.h"
#include "oidc/CodeIssuer.h"
#include "oidc/OAuthResponses.h"
#include "oidc/RequestParameters.h"
#include "oidc/UserGrants.h"
#include "tenancy/TenantResolver.h"
#include "tenancy/TenantSnapshot.h"

namespace gatehouse::login {

namespace {

using namespace Qt::StringLiterals;

Error invalidRequest(QString message) {
    return Error{QByteArrayLiteral("invalid_request"), std::move(message), 400};
}

// The token endpoint's answer to a password check that did not verify the user.
http::HttpResponse refusal(const PasswordVerdict& verdict) {
    using Outcome = PasswordVerdict::Outcome;
    int retryAfter = 0;
    Error error;
    switch (verdict.outcome) {
    case Outcome::WrongCredentials:
        error = Error{"invalid_grant", u"Wrong email or password."_s, 400};
        break;
    case Outcome::AccountBlocked:
        error = Error{"unauthorized", u"user is blocked"_s, 401};
        break;
    case Outcome::Refused:
        error = verdict.decision.toError();
        // Auth0 answers a blocked user+IP pair at the token endpoint with 429 (the login page
        // with 401).
        error.httpStatus = 429;
        if (verdict.decision.verdict == identity::Decision::Verdict::IpThrottled)
            retryAfter = static_cast<int>(verdict.decision.retryAfterSeconds);
        break;
    case Outcome::Busy:
        error = Error{"temporarily_unavailable", u"too many logins in progress"_s, 503};
        retryAfter = 1;
        break;
    case Outcome::Failed:
    case Outcome::Verified:
        error = Error{"server_error", u"the login could not be checked"_s, 500};
        break;
    }
    http::HttpResponse response = oidc::tokenError(error.httpStatus, error.code, error.message);
    if (retryAfter > 0)
        response.setHeader("Retry-After", QByteArray::number(retryAfter));
    return response;
}

} // namespace

PasswordGrant::PasswordGrant(const LoginServices& services, const oidc::UserGrants& grants)
    : m_services(services)
    , m_grants(grants) {}

oidc::PasswordGrantHandler PasswordGrant::handler() const {
    return [this](const tenancy::TenantRoute& route, const tenancy::ClientEntry& client,
                  const oidc::RequestParameters& parameters, const http::HttpRequest& request,
                  const http::Responder& responder) {
        handle(route, client, parameters, request, responder);
    };
}

Result<store::ConnectionRecord>
PasswordGrant::connectionFor(const tenancy::TenantRoute& route, const tenancy::ClientEntry& client,
                             const oidc::RequestParameters& parameters) const {
    const bool realmGrant = parameters.value("grant_type"_L1) == oidc::kPasswordRealmGrantType;
    const QString name = realmGrant ? parameters.value("realm"_L1) : QString(kDefaultConnection);
    if (name.isEmpty())
        return invalidRequest(u"missing realm"_s);
    // By name, not by listing the client's connections: one row however many the tenant has.
    Result<std::optional<store::ConnectionRecord>> named =
        m_services.store.connections().findByName(route.tenant->id(), name);
    if (!named)
        return named.error();
    // Only database connections have passwords; an upstream one logs in at its provider.
    if (*named && (*named)->strategy == "auth0"_L1 &&
        (*named)->enabledClients.contains(client.clientId))
        return std::move(**named);
    return invalidRequest(u"the connection "_s + name +
                          u" is not a database connection enabled for this client"_s);
}

void PasswordGrant::handle(const tenancy::TenantRoute& route, const tenancy::ClientEntry& client,
                           const oidc::RequestParameters& parameters,
                           const http::HttpRequest& request,
                           const http::Responder& responder) const {
    auto fail = [&](const Error& error) {
        responder.send(oidc::oauthError(route.issuer, error));
    };
    const QString username = parameters.value("username"_L1).trimmed();
    const QString password = parameters.value("password"_L1);
    if (username.isEmpty() || password.isEmpty())
        return fail(
            invalidRequest(username.isEmpty() ? u"missing username"_s : u"missing password"_s));
    Result<store::ConnectionRecord> connection = connectionFor(route, client, parameters);
    if (!connection)
        return fail(connection.error());

    const tenancy::TenantSnapshot& tenant = *route.tenant;
    // What the code flow would grant for the same request (CodeIssuer::grantedScopes).
    oidc::AuthorizationRequest wanted;
    wanted.clientId = client.clientId;
    wanted.scopes = parameters.value("scope"_L1).split(u' ', Qt::SkipEmptyParts);
    wanted.scopes.removeDuplicates();
    wanted.audience = parameters.value("audience"_L1);
    if (wanted.audience.isEmpty())
        wanted.audience = tenant.defaultAudience();
    if (!wanted.audience.isEmpty() && tenant.resourceServerForAudience(wanted.audience) == nullptr)
        return fail(Error{"access_denied", u"Service not found: "_s + wanted.audience, 403});
    const QString scope = oidc::CodeIssuer::grantedScopes(tenant, wanted).join(u' ');

    PasswordAttempt attempt{route.tenant, connection->name, username, password,
                            LoginCompletion::clientIp(request)};
    // Runs on the hashing pool after handle() has returned: copies only (the route keeps the
    // snapshot that `client` points into alive).
    auto finish = [grants = &m_grants, route, client = &client, scope, audience = wanted.audience,
                   ip = attempt.ip, responder](PasswordVerdict verdict) {
        if (verdict.outcome != PasswordVerdict::Outcome::Verified)
            return responder.send(refusal(verdict));
        grants->grantDirectly(
            route, *client, {std::move(*verdict.user), scope, audience, "password", ip}, responder);
    };
    PasswordVerification(m_services).verify(std::move(attempt), std::move(finish));
}

} // namespace gatehouse::login
