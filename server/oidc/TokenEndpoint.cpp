#include "oidc/TokenEndpoint.h"

#include "crypto/SigningAlgorithm.h"
#include "monitoring/Metrics.h"
#include "oidc/ClientAuthenticator.h"
#include "oidc/FormBody.h"
#include "oidc/JsonText.h"
#include "oidc/OAuthResponses.h"
#include "oidc/RequestParameters.h"
#include "oidc/SigningPool.h"
#include "oidc/UserGrants.h"

namespace gatehouse::oidc {
namespace {

constexpr QByteArrayView kClientCredentials("client_credentials");

Error oauthError(int status, const char* code, QString message) {
    return Error{QByteArray(code), std::move(message), status};
}

// RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ), separated by single spaces
// (several spaces are tolerated). The result keeps the requested order without repeats.
Result<QStringList> requestedScopes(const QString& scope) {
    QStringList scopes;
    for (const QStringView token : QStringView(scope).split(u' ', Qt::SkipEmptyParts)) {
        for (const QChar c : token) {
            if (c.unicode() < 0x21 || c.unicode() > 0x7e || c == u'"' || c == u'\\')
                return oauthError(400, "invalid_scope",
                                  QStringLiteral("the scope parameter is malformed"));
        }
        if (!scopes.contains(token))
            scopes.append(token.toString());
    }
    return scopes;
}

QByteArray tokenResponse(const QByteArray& accessToken, const QString& scope, int expiresIn) {
    QByteArray body;
    body.reserve(accessToken.size() + scope.size() + 96);
    body.append("{\"access_token\":\"").append(accessToken).append("\",\"scope\":");
    appendJsonString(body, scope);
    body.append(",\"expires_in\":").append(QByteArray::number(expiresIn));
    body.append(",\"token_type\":\"Bearer\"}");
    return body;
}

} // namespace

TokenEndpoint::TokenEndpoint(const tenancy::TenantResolver& resolver, SigningPool& pool,
                             monitoring::Metrics& metrics, tenancy::Clock clock,
                             const UserGrants* userGrants, PasswordGrantHandler passwordGrant)
    : m_resolver(resolver)
    , m_pool(pool)
    , m_metrics(metrics)
    , m_clock(std::move(clock))
    , m_userGrants(userGrants)
    , m_passwordGrant(std::move(passwordGrant)) {}

http::RequestHandler TokenEndpoint::handler() const {
    return [this](http::HttpRequest request, http::Responder responder) {
        handle(std::move(request), std::move(responder));
    };
}

void TokenEndpoint::handle(http::HttpRequest request, http::Responder responder) const {
    const std::optional<tenancy::TenantRoute> route = m_resolver.resolve(request);
    if (!route) {
        responder.send(tokenError(404, "not_found", QStringLiteral("unknown tenant")));
        return;
    }
    auto fail = [&](const Error& error) {
        responder.send(oauthError(route->issuer, error));
    };
    Result<RequestParameters> parameters = parseBody(request, true);
    if (!parameters)
        return fail(parameters.error());
    const QString grantType = parameters->value(QLatin1String("grant_type"));
    if (grantType.isEmpty())
        return fail(oauthError(400, "invalid_request", QStringLiteral("missing grant_type")));
    if (grantType == QLatin1String(kClientCredentials.data(), kClientCredentials.size())) {
        Result<Issue> prepared = prepare(request, *route, *parameters);
        if (!prepared)
            return fail(prepared.error());
        issue(std::move(prepared).value(), responder);
        return;
    }
    const bool code = grantType == QLatin1String("authorization_code");
    const bool password =
        grantType == QLatin1String("password") || grantType == kPasswordRealmGrantType;
    const bool supported =
        password ? bool(m_passwordGrant)
                 : m_userGrants != nullptr && (code || grantType == QLatin1String("refresh_token"));
    if (!supported)
        return fail(oauthError(400, "unsupported_grant_type",
                               QStringLiteral("unsupported grant_type: %1").arg(grantType)));
    Result<ClientCredentials> credentials = ClientAuthenticator::extract(request, *parameters);
    if (!credentials)
        return fail(credentials.error());
    Result<const tenancy::ClientEntry*> client =
        ClientAuthenticator::identify(*route->tenant, *credentials);
    if (!client)
        return fail(client.error());
    if (!(*client)->grantTypes.contains(grantType))
        return fail(oauthError(
            400, "unauthorized_client",
            QStringLiteral("Grant type '%1' not allowed for the client.").arg(grantType)));
    if (password)
        m_passwordGrant(*route, **client, *parameters, request, responder);
    else if (code)
        m_userGrants->authorizationCode(*route, **client, *parameters, responder);
    else
        m_userGrants->refreshToken(*route, **client, *parameters, responder);
}

Result<TokenEndpoint::Issue> TokenEndpoint::prepare(const http::HttpRequest& request,
                                                    const tenancy::TenantRoute& route,
                                                    const RequestParameters& parameters) const {
    Result<ClientCredentials> credentials = ClientAuthenticator::extract(request, parameters);
    if (!credentials)
        return credentials.error();
    Result<const tenancy::ClientEntry*> client =
        ClientAuthenticator::authenticate(*route.tenant, *credentials);
    if (!client)
        return client.error();
    if (!(*client)->grantTypes.contains(QLatin1String("client_credentials")))
        return oauthError(400, "unauthorized_client",
                          QStringLiteral("Grant type 'client_credentials' not allowed for the "
                                         "client."));
    return grantFor(route, parameters, **client);
}

Result<TokenEndpoint::Issue> TokenEndpoint::grantFor(const tenancy::TenantRoute& route,
                                                     const RequestParameters& parameters,
                                                     const tenancy::ClientEntry& client) const {
    const tenancy::TenantSnapshot& tenant = *route.tenant;
    QString audience = parameters.value(QLatin1String("audience"));
    if (audience.isEmpty())
        audience = tenant.defaultAudience();
    if (audience.isEmpty())
        return oauthError(400, "invalid_request",
                          QStringLiteral("missing audience (no default audience is configured)"));
    const tenancy::ResourceServerEntry* api = tenant.resourceServerForAudience(audience);
    if (api == nullptr)
        return oauthError(403, "access_denied",
                          QStringLiteral("Service not found: %1").arg(audience));
    const std::optional<QStringList> granted =
        tenant.grantedScopes(client.clientId, api->identifier);
    if (!granted)
        return oauthError(403, "access_denied",
                          QStringLiteral("Client is not authorized to access \"%1\". You need to "
                                         "create a client grant associated to this API.")
                              .arg(audience));
    QStringList scopes = *granted;
    if (const QString scope = parameters.value(QLatin1String("scope")); !scope.isEmpty()) {
        Result<QStringList> requested = requestedScopes(scope);
        if (!requested)
            return requested.error();
        scopes.clear();
        for (const QString& wanted : *requested) {
            if (granted->contains(wanted))
                scopes.append(wanted);
        }
    }

    const qint64 now = m_clock().toSecsSinceEpoch();
    return Issue{route.tenant,
                 AccessTokenClaims::forClient(route.issuer, client.clientId, audience,
                                              scopes.join(u' '), now, api->tokenLifetimeSeconds),
                 api->tokenLifetimeSeconds};
}

void TokenEndpoint::issue(Issue issue, const http::Responder& responder) const {
    if (!issue.tenant->signingKey()) {
        responder.send(
            tokenError(500, "server_error", QStringLiteral("the tenant has no signing key")));
        return;
    }
    const bool signInline =
        issue.tenant->signingKey()->keyPair.algorithm() != crypto::SigningAlgorithm::RS256;
    auto work = [issue = std::move(issue), responder, &metrics = m_metrics] {
        const QByteArray token = issue.tenant->signingKey()->signAccessToken(issue.claims.toJson());
        if (token.isEmpty()) {
            responder.send(tokenError(500, "server_error", QStringLiteral("signing failed")));
            return;
        }
        http::HttpResponse response = http::HttpResponse::json(
            200, tokenResponse(token, issue.claims.scope, issue.lifetimeSeconds));
        setNoStore(response);
        metrics.recordTokenIssued(issue.tenant->id(), QByteArrayLiteral("client_credentials"));
        responder.send(std::move(response));
    };
    // ES256 and EdDSA cost less than handing the work to another thread and back.
    if (signInline) {
        work();
        return;
    }
    if (!m_pool.trySubmit(std::move(work))) {
        http::HttpResponse busy = tokenError(503, "temporarily_unavailable",
                                             QStringLiteral("too many token requests in progress"));
        busy.setHeader(QByteArrayLiteral("Retry-After"), QByteArrayLiteral("1"));
        responder.send(std::move(busy));
    }
}

} // namespace gatehouse::oidc
