#include "management/SigningKeysApi.h"

#include "management/ListQuery.h"
#include "management/RequestBody.h"
#include "store/Store.h"
#include "tenancy/SigningKeyService.h"

#include <QUrlQuery>

namespace gatehouse::management {
namespace {

constexpr QLatin1String kSigningKey{"signing key"};

QJsonValue optionalTimestamp(const QDateTime& time) {
    return time.isValid() ? QJsonValue(timestamp(time)) : QJsonValue(QJsonValue::Null);
}

QJsonObject keyJson(const store::SigningKeyRecord& key) {
    using store::KeyStatus;
    QJsonObject jwk = key.publicJwk;
    jwk.insert(QStringLiteral("kid"), key.kid);
    jwk.insert(QStringLiteral("alg"), key.algorithm);
    jwk.insert(QStringLiteral("use"), QStringLiteral("sig"));
    const bool revoked = key.status == KeyStatus::Revoked;
    return {
        {QStringLiteral("kid"), key.kid},
        {QStringLiteral("alg"), key.algorithm},
        {QStringLiteral("status"), store::toString(key.status)},
        {QStringLiteral("current"), key.status == KeyStatus::Current},
        {QStringLiteral("next"), key.status == KeyStatus::Next},
        {QStringLiteral("previous"), key.status == KeyStatus::Previous},
        {QStringLiteral("revoked"), revoked},
        {QStringLiteral("created_at"), timestamp(key.createdAt)},
        {QStringLiteral("current_since"), optionalTimestamp(key.activatedAt)},
        {QStringLiteral("current_until"),
         key.activatedAt.isValid() ? optionalTimestamp(key.retiredAt) : QJsonValue::Null},
        {QStringLiteral("revoked_at"),
         revoked ? optionalTimestamp(key.retiredAt) : QJsonValue::Null},
        {QStringLiteral("thumbprint"), key.kid},
        {QStringLiteral("jwk"), jwk},
    };
}

Result<void> requireEmptyBody(const ManagementCall& call) {
    auto body =
        RequestBody::parse(call.request.header("Content-Type"), call.request.body(), {}, true);
    if (!body)
        return body.error();
    return {};
}

} // namespace

SigningKeysApi::SigningKeysApi(store::Store& store, tenancy::SigningKeyService& keys)
    : m_store(store)
    , m_keys(keys) {}

QList<Endpoint> SigningKeysApi::endpoints() {
    using http::Method;
    return {
        {Method::Get, QByteArrayLiteral("/api/v2/keys/signing"), QLatin1String("read:signing_keys"),
         Access::Read, Reach::EveryTenant,
         [this](const ManagementCall& call) {
             return list(call);
         }},
        {Method::Post, QByteArrayLiteral("/api/v2/keys/signing/rotate"),
         QLatin1String("create:signing_keys"), Access::Write, Reach::EveryTenant,
         [this](const ManagementCall& call) {
             return rotate(call);
         }},
        {Method::Get, QByteArrayLiteral("/api/v2/keys/signing/{kid}"),
         QLatin1String("read:signing_keys"), Access::Read, Reach::EveryTenant,
         [this](const ManagementCall& call) {
             return get(call);
         }},
        {Method::Put, QByteArrayLiteral("/api/v2/keys/signing/{kid}/revoke"),
         QLatin1String("update:signing_keys"), Access::Write, Reach::EveryTenant,
         [this](const ManagementCall& call) {
             return revoke(call);
         }},
    };
}

Result<http::HttpResponse> SigningKeysApi::list(const ManagementCall& call) const {
    auto query = ListQuery::parse(QUrlQuery(QString::fromUtf8(call.request.query())));
    if (!query)
        return query.error();
    auto keys = m_store.signingKeys().listForTenant(call.tenantId());
    if (!keys)
        return keys.error();
    QJsonArray items;
    for (const store::SigningKeyRecord& key : *keys)
        items.append(keyJson(key));
    return jsonResponse(query->respond(items, QLatin1String("keys")));
}

Result<http::HttpResponse> SigningKeysApi::get(const ManagementCall& call) const {
    const QString kid = call.pathParam(u"kid");
    auto key = requireFound(m_store.signingKeys().find(call.tenantId(), kid), kSigningKey, kid);
    if (!key)
        return key.error();
    return jsonResponse(200, keyJson(*key));
}

Result<http::HttpResponse> SigningKeysApi::rotate(const ManagementCall& call) {
    if (auto empty = requireEmptyBody(call); !empty)
        return empty.error();
    auto current = m_keys.rotate(call.tenantId());
    if (!current)
        return current.error();
    return jsonResponse(201, keyJson(*current));
}

// Revoking is for a key that must no longer be trusted (say, a leaked backup): it disappears
// from the JWKS at once and every token it signed stops verifying. The Current key cannot be
// revoked that way, since the tenant would be left without a key to sign with: rotate first.
Result<http::HttpResponse> SigningKeysApi::revoke(const ManagementCall& call) {
    if (auto empty = requireEmptyBody(call); !empty)
        return empty.error();
    const QString kid = call.pathParam(u"kid");
    auto revoked = m_store.database().transaction<store::SigningKeyRecord>(
        [&]() -> Result<store::SigningKeyRecord> {
            auto key =
                requireFound(m_store.signingKeys().find(call.tenantId(), kid), kSigningKey, kid);
            if (!key || key->status == store::KeyStatus::Revoked)
                return key;
            if (key->status == store::KeyStatus::Current)
                return Error::badRequest(QByteArrayLiteral("invalid_request"),
                                         QStringLiteral("the current signing key cannot be "
                                                        "revoked: rotate the keys first"));
            return m_store.signingKeys().setStatus(call.tenantId(), kid, store::KeyStatus::Revoked);
        });
    if (!revoked)
        return revoked.error();
    return jsonResponse(200, keyJson(*revoked));
}

} // namespace gatehouse::management
