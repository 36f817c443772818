#include "oidc/IntrospectionEndpoint.h"

#include "oidc/OAuthResponses.h"
#include "oidc/PostedToken.h"
#include "tenancy/TenantResolver.h"
#include "tenancy/TenantSnapshot.h"

namespace gatehouse::oidc {

namespace {

using namespace Qt::StringLiterals;

QJsonObject describe(const InspectedToken& token, const QString& issuer) {
    QJsonObject body{{u"active"_s, true},
                     {u"client_id"_s, token.clientId},
                     {u"sub"_s, token.subject},
                     {u"exp"_s, double(token.expiresAt.toSecsSinceEpoch())},
                     {u"iat"_s, double(token.issuedAt.toSecsSinceEpoch())}};
    if (!token.scope.isEmpty())
        body.insert(u"scope"_s, token.scope);
    if (!token.grantId.isEmpty())
        body.insert(u"gid"_s, token.grantId);
    if (token.kind == InspectedToken::Kind::Refresh) {
        body.insert(u"iss"_s, issuer);
        body.insert(u"token_type"_s, u"refresh_token"_s);
        return body;
    }
    body.insert(u"token_type"_s, u"Bearer"_s);
    for (const QLatin1String claim : {"iss"_L1, "aud"_L1, "jti"_L1, "gty"_L1, "nbf"_L1}) {
        if (token.claims.contains(claim))
            body.insert(claim, token.claims.value(claim));
    }
    return body;
}

} // namespace

IntrospectionEndpoint::IntrospectionEndpoint(const tenancy::TenantResolver& resolver,
                                             const TokenInspector& inspector)
    : m_resolver(resolver)
    , m_inspector(inspector) {}

http::RequestHandler IntrospectionEndpoint::handler() const {
    return [this](http::HttpRequest request, http::Responder responder) {
        handle(request, responder);
    };
}

void IntrospectionEndpoint::handle(const http::HttpRequest& request,
                                   const http::Responder& responder) const {
    const std::optional<tenancy::TenantRoute> route = m_resolver.resolve(request);
    if (!route) {
        responder.send(tokenError(404, "not_found", u"unknown tenant"_s));
        return;
    }
    Result<QJsonObject> result = introspect(request, *route);
    if (!result) {
        const Error& error = result.error();
        responder.send(oauthError(route->issuer, error));
        return;
    }
    http::HttpResponse response = http::HttpResponse::json(200, *result);
    setNoStore(response);
    responder.send(std::move(response));
}

Result<QJsonObject> IntrospectionEndpoint::introspect(const http::HttpRequest& request,
                                                      const tenancy::TenantRoute& route) const {
    Result<PostedToken> posted = PostedToken::read(request, *route.tenant, m_inspector,
                                                   PostedToken::Caller::Confidential, false);
    if (!posted)
        return posted.error();
    const std::optional<InspectedToken>& inspected = posted->inspected;
    const QJsonObject inactive{{u"active"_s, false}};
    if (!inspected || !inspected->active)
        return inactive;
    if (inspected->kind == InspectedToken::Kind::Refresh &&
        inspected->clientId != posted->client->clientId)
        return inactive;
    return describe(*inspected, route.issuer);
}

} // namespace gatehouse::oidc
