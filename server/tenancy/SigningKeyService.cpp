#include "tenancy/SigningKeyService.h"

#include "tenancy/ManagementApi.h"

#include <algorithm>

namespace gatehouse::tenancy {

struct SigningKeyService::Plan {
    crypto::SigningAlgorithm algorithm = crypto::SigningAlgorithm::RS256;
    bool setTenantAlgorithm = false;
    store::SigningKeyRecord newNext;
    // Present when the Next key cannot be promoted (missing, or of another algorithm).
    std::optional<store::SigningKeyRecord> newCurrent;
};

namespace {

QString nameOf(crypto::SigningAlgorithm algorithm) {
    return QString::fromLatin1(crypto::algorithmName(algorithm));
}

Result<crypto::SigningAlgorithm> algorithmOf(const store::TenantRecord& tenant) {
    if (const auto algorithm = crypto::parseAlgorithm(tenant.signingAlgorithm.toLatin1()))
        return *algorithm;
    return Error::internal(QStringLiteral("tenant '%1' has an unknown signing algorithm '%2'")
                               .arg(tenant.id, tenant.signingAlgorithm));
}

// The Next key that can become Current for `algorithm`, if there is one.
const store::SigningKeyRecord* promotable(const QList<store::SigningKeyRecord>& keys,
                                          crypto::SigningAlgorithm algorithm) {
    const store::SigningKeyRecord* found = nullptr;
    for (const store::SigningKeyRecord& key : keys) {
        if (key.status == store::KeyStatus::Next && key.algorithm == nameOf(algorithm))
            found = &key; // oldest first: the newest wins
    }
    return found;
}

bool retentionPassed(const store::SigningKeyRecord& key, const QDateTime& cutoff) {
    return key.status == store::KeyStatus::Previous && key.retiredAt.isValid() &&
           key.retiredAt <= cutoff;
}

} // namespace

SigningKeyService::SigningKeyService(store::Store store, crypto::Sealer sealer, Clock clock)
    : m_store(std::move(store))
    , m_sealer(std::move(sealer))
    , m_clock(std::move(clock)) {}

QByteArray SigningKeyService::associatedData(const QString& tenant, const QString& kid) {
    return QByteArrayLiteral("signing_key:") + tenant.toUtf8() + ':' + kid.toUtf8();
}

Result<crypto::KeyPair> SigningKeyService::unseal(const crypto::Sealer& sealer,
                                                  const store::SigningKeyRecord& key) {
    const auto algorithm = crypto::parseAlgorithm(key.algorithm.toLatin1());
    if (!algorithm)
        return Error::internal(QStringLiteral("key %1 has an unknown algorithm").arg(key.kid));
    Result<QByteArray> pem = sealer.open(key.sealedPrivateKey, associatedData(key.tenant, key.kid));
    if (!pem)
        return pem.error();
    return crypto::KeyPair::fromPrivatePem(*pem, *algorithm);
}

Result<store::SigningKeyRecord> SigningKeyService::generate(const QString& tenant,
                                                            crypto::SigningAlgorithm algorithm,
                                                            store::KeyStatus status) const {
    Result<crypto::KeyPair> key = crypto::KeyPair::generate(algorithm);
    if (!key)
        return key.error();
    store::SigningKeyRecord record;
    record.tenant = tenant;
    record.kid = QString::fromLatin1(key->thumbprint());
    record.algorithm = nameOf(algorithm);
    record.status = status;
    record.sealedPrivateKey = m_sealer.seal(key->privatePem(), associatedData(tenant, record.kid));
    record.publicJwk = key->publicJwk();
    return record;
}

Result<void> SigningKeyService::provision(const QString& tenant,
                                          crypto::SigningAlgorithm algorithm) {
    Result<store::SigningKeyRecord> current =
        generate(tenant, algorithm, store::KeyStatus::Current);
    if (!current)
        return current.error();
    Result<store::SigningKeyRecord> next = generate(tenant, algorithm, store::KeyStatus::Next);
    if (!next)
        return next.error();
    return m_store.transaction([&]() -> Result<void> {
        Result<QList<store::SigningKeyRecord>> existing =
            m_store.signingKeys().listForTenant(tenant);
        if (!existing)
            return existing.error();
        if (!existing->isEmpty())
            return Error::conflict(
                QStringLiteral("tenant '%1' already has signing keys").arg(tenant));
        if (auto created = m_store.signingKeys().create(*current); !created)
            return created.error();
        if (auto created = m_store.signingKeys().create(*next); !created)
            return created.error();
        return {};
    });
}

Result<SigningKeyService::Plan>
SigningKeyService::plan(const QString& tenant,
                        std::optional<crypto::SigningAlgorithm> algorithm) const {
    Result<std::optional<store::TenantRecord>> record = m_store.tenants().find(tenant);
    if (!record)
        return record.error();
    if (!*record)
        return Error::notFound(QStringLiteral("tenant '%1' does not exist").arg(tenant));
    Plan plan;
    if (algorithm) {
        plan.algorithm = *algorithm;
        plan.setTenantAlgorithm = (*record)->signingAlgorithm != nameOf(*algorithm);
    } else {
        Result<crypto::SigningAlgorithm> configured = algorithmOf(**record);
        if (!configured)
            return configured.error();
        plan.algorithm = *configured;
    }
    Result<QList<store::SigningKeyRecord>> keys = m_store.signingKeys().listForTenant(tenant);
    if (!keys)
        return keys.error();
    Result<store::SigningKeyRecord> next = generate(tenant, plan.algorithm, store::KeyStatus::Next);
    if (!next)
        return next.error();
    plan.newNext = std::move(next).value();
    if (promotable(*keys, plan.algorithm) == nullptr) {
        Result<store::SigningKeyRecord> current =
            generate(tenant, plan.algorithm, store::KeyStatus::Current);
        if (!current)
            return current.error();
        plan.newCurrent = std::move(current).value();
    }
    return plan;
}

Result<store::SigningKeyRecord> SigningKeyService::rotate(const QString& tenant) {
    Result<Plan> prepared = plan(tenant, std::nullopt);
    if (!prepared)
        return prepared.error();
    return apply(tenant, std::move(prepared).value());
}

Result<store::SigningKeyRecord>
SigningKeyService::changeAlgorithm(const QString& tenant, crypto::SigningAlgorithm algorithm) {
    Result<Plan> prepared = plan(tenant, algorithm);
    if (!prepared)
        return prepared.error();
    return apply(tenant, std::move(prepared).value());
}

Result<void> SigningKeyService::setTenantAlgorithm(const QString& tenant,
                                                   crypto::SigningAlgorithm algorithm) {
    Result<std::optional<store::TenantRecord>> record = m_store.tenants().find(tenant);
    if (!record)
        return record.error();
    if (!*record)
        return Error::notFound(QStringLiteral("tenant '%1' does not exist").arg(tenant));
    store::TenantRecord changed = **record;
    changed.signingAlgorithm = nameOf(algorithm);
    if (auto updated = m_store.tenants().update(changed); !updated)
        return updated.error();
    return {};
}

Result<store::SigningKeyRecord> SigningKeyService::apply(const QString& tenant, Plan plan) {
    return m_store.database().transaction<store::SigningKeyRecord>(
        [&]() -> Result<store::SigningKeyRecord> {
            if (plan.setTenantAlgorithm) {
                if (auto changed = setTenantAlgorithm(tenant, plan.algorithm); !changed)
                    return changed.error();
            }
            Result<store::SigningKeyRecord> current = promote(tenant, plan);
            if (!current)
                return current.error();
            if (auto created = m_store.signingKeys().create(plan.newNext); !created)
                return created.error();
            if (auto pruned = pruneInTransaction(tenant); !pruned)
                return pruned.error();
            return current;
        });
}

Result<store::SigningKeyRecord> SigningKeyService::promote(const QString& tenant, Plan& plan) {
    store::SigningKeyRepository& keys = m_store.signingKeys();
    // Read again inside the transaction: another rotation may have run since plan().
    Result<QList<store::SigningKeyRecord>> existing = keys.listForTenant(tenant);
    if (!existing)
        return existing.error();
    const store::SigningKeyRecord* next = promotable(*existing, plan.algorithm);
    if (next == nullptr && !plan.newCurrent) {
        Result<store::SigningKeyRecord> current =
            generate(tenant, plan.algorithm, store::KeyStatus::Current);
        if (!current)
            return current.error();
        plan.newCurrent = std::move(current).value();
    }
    const QString promotedKid = plan.newCurrent ? QString() : next->kid;
    // Demote first: at most one Current key per tenant (a unique index).
    for (const store::SigningKeyRecord& key : std::as_const(*existing)) {
        std::optional<store::KeyStatus> status;
        if (key.status == store::KeyStatus::Current)
            status = store::KeyStatus::Previous;
        else if (key.status == store::KeyStatus::Next && key.kid != promotedKid)
            status = store::KeyStatus::Revoked; // never signed anything
        if (status) {
            if (auto changed = keys.setStatus(tenant, key.kid, *status); !changed)
                return changed.error();
        }
    }
    return plan.newCurrent ? keys.create(*plan.newCurrent)
                           : keys.setStatus(tenant, promotedKid, store::KeyStatus::Current);
}

Result<QDateTime> SigningKeyService::retentionCutoff(const QString& tenant) const {
    Result<QList<store::ResourceServerRecord>> apis = m_store.resourceServers().list(tenant);
    if (!apis)
        return apis.error();
    int longest = apis->isEmpty() ? ManagementApi::kTokenLifetimeSeconds : 0;
    for (const store::ResourceServerRecord& api : *apis)
        longest = std::max(longest, api.tokenLifetimeSeconds);
    return m_clock().addSecs(-qint64(longest) - kRetentionMarginSeconds);
}

Result<int> SigningKeyService::pruneInTransaction(const QString& tenant) {
    Result<QDateTime> cutoff = retentionCutoff(tenant);
    if (!cutoff)
        return cutoff.error();
    Result<QList<store::SigningKeyRecord>> keys = m_store.signingKeys().listForTenant(tenant);
    if (!keys)
        return keys.error();
    int revoked = 0;
    for (const store::SigningKeyRecord& key : *keys) {
        if (!retentionPassed(key, *cutoff))
            continue;
        if (auto changed =
                m_store.signingKeys().setStatus(tenant, key.kid, store::KeyStatus::Revoked);
            !changed)
            return changed.error();
        ++revoked;
    }
    return revoked;
}

Result<int> SigningKeyService::prune(const QString& tenant) {
    // Most calls find nothing to do: look before taking the store's writer lock.
    Result<QDateTime> cutoff = retentionCutoff(tenant);
    if (!cutoff)
        return cutoff.error();
    Result<QList<store::SigningKeyRecord>> keys = m_store.signingKeys().listForTenant(tenant);
    if (!keys)
        return keys.error();
    const bool due = std::any_of(keys->cbegin(), keys->cend(),
                                 [&](const auto& key) { return retentionPassed(key, *cutoff); });
    if (!due)
        return 0;
    return m_store.database().transaction<int>([&] { return pruneInTransaction(tenant); });
}

Result<int> SigningKeyService::pruneAll() {
    Result<QList<store::TenantRecord>> tenants = m_store.tenants().list();
    if (!tenants)
        return tenants.error();
    int revoked = 0;
    for (const store::TenantRecord& tenant : *tenants) {
        Result<int> pruned = prune(tenant.id);
        if (!pruned)
            return pruned.error();
        revoked += *pruned;
    }
    return revoked;
}

} // namespace gatehouse::tenancy
