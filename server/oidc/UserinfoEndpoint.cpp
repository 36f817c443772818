#include "oidc/UserinfoEndpoint.h"

#include "oidc/AccessTokenVerifier.h"
#include "oidc/FormBody.h"
#include "oidc/OAuthResponses.h"
#include "oidc/UserClaims.h"
#include "oidc/UserTokenIssuer.h"
#include "tenancy/TenantResolver.h"
#include "tenancy/TenantSnapshot.h"

namespace gatehouse::oidc {

namespace {

using namespace Qt::StringLiterals;

Error invalidToken(QString message) {
    return Error{QByteArrayLiteral("invalid_token"), std::move(message), 401};
}

// RFC 6750 §2.1 or §2.2, never both.
Result<QByteArray> presentedToken(const http::HttpRequest& request) {
    const bool hasHeader = request.hasHeader("Authorization");
    QString fromBody;
    if (request.method() == http::Method::Post && hasFormBody(request)) {
        Result<RequestParameters> form = parseBody(request, false);
        if (!form)
            return form.error();
        fromBody = form->value("access_token"_L1);
    }
    if (!fromBody.isEmpty()) {
        if (hasHeader)
            return Error::badRequest(QByteArrayLiteral("invalid_request"),
                                     u"the access token was sent in the Authorization header "
                                     "and in the body"_s);
        return fromBody.toLatin1();
    }
    return AccessTokenVerifier::bearerToken(request);
}

} // namespace

UserinfoEndpoint::UserinfoEndpoint(const tenancy::TenantResolver& resolver, store::Store store,
                                   const AccessTokenVerifier& verifier)
    : m_resolver(resolver)
    , m_store(std::move(store))
    , m_verifier(verifier) {}

http::RequestHandler UserinfoEndpoint::handler() const {
    return [this](http::HttpRequest request, http::Responder responder) {
        handle(request, responder);
    };
}

void UserinfoEndpoint::handle(const http::HttpRequest& request,
                              const http::Responder& responder) const {
    const std::optional<tenancy::TenantRoute> route = m_resolver.resolve(request);
    if (!route) {
        responder.send(http::HttpResponse::error(404, "not_found", u"unknown tenant"_s));
        return;
    }
    Result<QJsonObject> result = claims(request, *route->tenant);
    if (!result) {
        const Error& error = result.error();
        if (error.httpStatus >= 500) {
            responder.send(http::HttpResponse::fromError(error));
            return;
        }
        // RFC 6750 §3.1: no error code for a request without any token.
        const bool anonymous = error.code == "unauthorized";
        http::HttpResponse response = bearerChallenge(
            route->issuer, error.httpStatus,
            anonymous ? QByteArrayView() : QByteArrayView(error.code), error.message);
        if (anonymous)
            response.setBody(
                http::HttpResponse::error(error.httpStatus, error.code, error.message).body());
        if (error.code == "insufficient_scope")
            response.setHeader("WWW-Authenticate",
                               response.header("WWW-Authenticate") + ", scope=\"openid\"");
        setNoStore(response);
        responder.send(std::move(response));
        return;
    }
    http::HttpResponse response = http::HttpResponse::json(200, *result);
    setNoStore(response);
    responder.send(std::move(response));
}

Result<QJsonObject> UserinfoEndpoint::claims(const http::HttpRequest& request,
                                             const tenancy::TenantSnapshot& tenant) const {
    Result<QByteArray> token = presentedToken(request);
    if (!token)
        return token.error();
    const auto audienceMatches = [&tenant](const QString& aud) {
        for (const QString& issuer : tenant.issuers()) {
            if (aud == UserTokenIssuer::userinfoAudience(issuer))
                return true;
        }
        return tenant.resourceServerForAudience(aud) != nullptr;
    };
    Result<VerifiedAccessToken> verified = m_verifier.verifyWith(*token, tenant, audienceMatches);
    if (!verified)
        return verified.error();
    if (!verified->hasScope(u"openid"_s))
        return Error{QByteArrayLiteral("insufficient_scope"),
                     u"the access token was not granted the openid scope"_s, 403};
    const QString grantId = verified->claims.value("gid"_L1).toString();
    if (grantId.isEmpty())
        return invalidToken(u"the access token was not issued to a user"_s);
    Result<bool> active = m_store.grants().isActive(tenant.id(), grantId);
    if (!active)
        return active.error();
    if (!*active)
        return invalidToken(u"the access token was revoked"_s);
    Result<std::optional<store::UserRecord>> user =
        m_store.users().find(tenant.id(), verified->subject);
    if (!user)
        return user.error();
    if (!*user || (*user)->blocked)
        return invalidToken(u"the user no longer exists or is blocked"_s);
    QJsonObject body = UserClaims::forScopes(**user, verified->scopes);
    body.insert(u"sub"_s, (*user)->userId);
    return body;
}

} // namespace gatehouse::oidc
