#include "oidc/TokenInspector.h"

#include "crypto/Digest.h"
#include "oidc/UserGrantSettings.h"
#include "tenancy/TenantSnapshot.h"

#include <algorithm>

namespace gatehouse::oidc {

namespace {

using namespace Qt::StringLiterals;

// What UserGrants hands out: base64url of 32 random bytes. Anything else is not worth a query.
bool looksLikeRefreshToken(const QString& token) {
    return token.size() == 43 && std::all_of(token.cbegin(), token.cend(), [](QChar c) {
               return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') ||
                      (c >= u'0' && c <= u'9') || c == u'-' || c == u'_';
           });
}

} // namespace

TokenInspector::TokenInspector(store::Store store, const AccessTokenVerifier& verifier,
                               tenancy::Clock clock)
    : m_store(std::move(store))
    , m_verifier(verifier)
    , m_clock(std::move(clock)) {}

Result<std::optional<InspectedToken>> TokenInspector::inspect(const tenancy::TenantSnapshot& tenant,
                                                              const QString& token) const {
    if (token.contains(u'.'))
        return inspectAccess(tenant, token);
    if (looksLikeRefreshToken(token))
        return inspectRefresh(tenant, token);
    return std::optional<InspectedToken>();
}

Result<std::optional<store::GrantRecord>> TokenInspector::grant(const QString& tenant,
                                                                const QString& id) const {
    return m_store.grants().find(tenant, id);
}

Result<std::optional<InspectedToken>>
TokenInspector::inspectRefresh(const tenancy::TenantSnapshot& tenant, const QString& token) const {
    Result<std::optional<store::RefreshTokenRecord>> found =
        m_store.refreshTokens().find(tenant.id(), crypto::sha256(token.toUtf8()));
    if (!found)
        return found.error();
    if (!*found)
        return std::optional<InspectedToken>();
    const store::RefreshTokenRecord& record = **found;
    Result<std::optional<store::GrantRecord>> owner = grant(tenant.id(), record.grantId);
    if (!owner)
        return owner.error();
    if (!*owner) // the store keeps no token without its grant; be safe
        return std::optional<InspectedToken>();
    const QDateTime now = m_clock();
    const auto reuseInterval =
        UserGrantSettings::fromTenantSettings(tenant.settings()).refreshPolicy.reuseInterval;
    InspectedToken inspected;
    inspected.kind = InspectedToken::Kind::Refresh;
    inspected.clientId = record.clientId;
    inspected.subject = (*owner)->userId;
    inspected.scope = (*owner)->scope;
    inspected.issuedAt = record.createdAt;
    inspected.expiresAt = std::min(record.idleExpiresAt, (*owner)->expiresAt);
    inspected.grantId = record.grantId;
    const bool usedUp =
        record.rotatedAt.isValid() && record.rotatedAt.msecsTo(now) > qint64(reuseInterval.count());
    inspected.active = (*owner)->isActive(now) && now < inspected.expiresAt && !usedUp;
    inspected.grant = std::move(*owner);
    return std::optional<InspectedToken>(std::move(inspected));
}

Result<std::optional<InspectedToken>>
TokenInspector::inspectAccess(const tenancy::TenantSnapshot& tenant, const QString& token) const {
    // Any audience: the signature with this tenant's keys and its issuer make it ours.
    Result<VerifiedAccessToken> verified =
        m_verifier.verifyWith(token.toLatin1(), tenant, [](const QString&) { return true; });
    if (!verified)
        return std::optional<InspectedToken>();
    InspectedToken inspected;
    inspected.kind = InspectedToken::Kind::Access;
    inspected.clientId = verified->clientId;
    inspected.subject = verified->subject;
    inspected.scope = verified->scopes.join(u' ');
    inspected.issuedAt =
        QDateTime::fromSecsSinceEpoch(qint64(verified->claims.value("iat"_L1).toDouble()), Qt::UTC);
    inspected.expiresAt = verified->expiresAt;
    inspected.grantId = verified->claims.value("gid"_L1).toString();
    inspected.claims = verified->claims;
    inspected.active = true;
    if (!inspected.grantId.isEmpty()) {
        Result<std::optional<store::GrantRecord>> owner = grant(tenant.id(), inspected.grantId);
        if (!owner)
            return owner.error();
        // A grant of another client would be a forgery with our key: refuse it anyway.
        inspected.active =
            *owner && (*owner)->isActive(m_clock()) && (*owner)->clientId == inspected.clientId;
        inspected.grant = std::move(*owner);
    }
    return std::optional<InspectedToken>(std::move(inspected));
}

} // namespace gatehouse::oidc
