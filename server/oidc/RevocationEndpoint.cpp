#include "oidc/RevocationEndpoint.h"

#include "oidc/OAuthResponses.h"
#include "oidc/PostedToken.h"
#include "tenancy/TenantResolver.h"
#include "tenancy/TenantSnapshot.h"

namespace gatehouse::oidc {

namespace {

using namespace Qt::StringLiterals;

} // namespace

RevocationEndpoint::RevocationEndpoint(const tenancy::TenantResolver& resolver, store::Store store,
                                       const TokenInspector& inspector)
    : m_resolver(resolver)
    , m_store(std::move(store))
    , m_inspector(inspector) {}

http::RequestHandler RevocationEndpoint::handler() const {
    return [this](http::HttpRequest request, http::Responder responder) {
        handle(request, responder);
    };
}

void RevocationEndpoint::handle(const http::HttpRequest& request,
                                const http::Responder& responder) const {
    const std::optional<tenancy::TenantRoute> route = m_resolver.resolve(request);
    if (!route) {
        responder.send(tokenError(404, "not_found", u"unknown tenant"_s));
        return;
    }
    if (Result<void> done = revoke(request, *route); !done) {
        const Error& error = done.error();
        responder.send(oauthError(route->issuer, error));
        return;
    }
    http::HttpResponse ok(200);
    setNoStore(ok);
    responder.send(std::move(ok));
}

Result<void> RevocationEndpoint::revoke(const http::HttpRequest& request,
                                        const tenancy::TenantRoute& route) const {
    Result<PostedToken> posted = PostedToken::read(request, *route.tenant, m_inspector,
                                                   PostedToken::Caller::AnyClient, true);
    if (!posted)
        return posted.error();
    const std::optional<InspectedToken>& inspected = posted->inspected;
    const QString& clientId = posted->client->clientId;
    // §2.2: invalid tokens "do not cause an error response"; another client's are not touched.
    if (!inspected || inspected->clientId != clientId || inspected->grantId.isEmpty() ||
        !inspected->grant || inspected->grant->clientId != clientId)
        return {};
    Result<void> revoked =
        m_store.grants().revoke(route.tenant->id(), inspected->grantId, QString(kReason));
    if (!revoked && revoked.error().code != "not_found")
        return revoked.error();
    return {};
}

} // namespace gatehouse::oidc
