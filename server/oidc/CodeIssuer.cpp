#include "oidc/CodeIssuer.h"

#include "crypto/Digest.h"
#include "crypto/Encoding.h"
#include "crypto/Random.h"
#include "tenancy/TenantSnapshot.h"

namespace gatehouse::oidc {

namespace {

using namespace Qt::StringLiterals;

bool isOidcScope(const QString& scope) {
    return scope == "openid"_L1 || scope == "profile"_L1 || scope == "email"_L1 ||
           scope == "offline_access"_L1;
}

} // namespace

CodeIssuer::CodeIssuer(store::Store store)
    : m_store(std::move(store)) {}

QStringList CodeIssuer::grantedScopes(const tenancy::TenantSnapshot& tenant,
                                      const AuthorizationRequest& request) {
    const tenancy::ClientEntry* client = tenant.client(request.clientId);
    const tenancy::ResourceServerEntry* api =
        request.audience.isEmpty() ? nullptr : tenant.resourceServerForAudience(request.audience);
    QStringList granted;
    for (const QString& scope : request.scopes) {
        if (scope == "offline_access"_L1 &&
            (client == nullptr || !client->grantTypes.contains("refresh_token"_L1)))
            continue;
        if (isOidcScope(scope) || (api != nullptr && api->scopes.contains(scope)))
            granted.append(scope);
    }
    return granted;
}

Result<QString> CodeIssuer::issue(const tenancy::TenantSnapshot& tenant,
                                  const AuthorizationRequest& request, const QString& userId,
                                  const QByteArray& sessionHash, const QDateTime& authTime) {
    const QByteArray code = crypto::base64UrlEncode(crypto::randomBytes(32));
    store::AuthorizationCodeRecord record;
    record.codeHash = crypto::sha256(code);
    record.tenant = tenant.id();
    record.clientId = request.clientId;
    record.redirectUri = request.redirectUri;
    record.userId = userId;
    record.sessionHash = sessionHash;
    record.scope = grantedScopes(tenant, request).join(u' ');
    record.audience = request.audience;
    record.nonce = request.nonce;
    if (!request.codeChallenge.isEmpty()) {
        record.codeChallenge = request.codeChallenge;
        record.codeChallengeMethod = u"S256"_s;
    }
    record.authTime = authTime;
    Result<store::AuthorizationCodeRecord> stored =
        m_store.authorizationCodes().create(std::move(record), kCodeLifetime);
    if (!stored)
        return stored.error();
    return QString::fromLatin1(code);
}

} // namespace gatehouse::oidc
