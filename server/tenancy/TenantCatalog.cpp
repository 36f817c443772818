#include "tenancy/TenantCatalog.h"

#include "tenancy/SigningKeyService.h"

#include <QLoggingCategory>
#include <QMutexLocker>
#include <QSet>

namespace gatehouse::tenancy {
namespace {

Q_LOGGING_CATEGORY(lcCatalog, "gatehouse.tenancy.catalog")

constexpr int kChangeBatch = 1000;

} // namespace

TenantCatalog::TenantCatalog(store::Store store, crypto::Sealer sealer, IssuerPolicy policy)
    : m_store(std::move(store))
    , m_sealer(std::move(sealer))
    , m_policy(std::move(policy))
    , m_index(std::make_shared<const Index>()) {}

TenantCatalog::~TenantCatalog() = default;

std::shared_ptr<const TenantCatalog::Index> TenantCatalog::index() const {
    return m_index.load(std::memory_order_acquire);
}

std::shared_ptr<const TenantSnapshot> TenantCatalog::find(const QString& tenantId) const {
    return index()->byId.value(tenantId);
}

std::shared_ptr<const TenantSnapshot> TenantCatalog::findByHost(const QString& host) const {
    return index()->byHost.value(host);
}

QStringList TenantCatalog::tenantIds() const {
    return index()->byId.keys();
}

qint64 TenantCatalog::lastSequence() const {
    return m_lastSequence.load(std::memory_order_acquire);
}

Result<void> TenantCatalog::loadAll() {
    return load(std::nullopt);
}

Result<void> TenantCatalog::loadOnly(const QStringList& tenantIds) {
    return load(tenantIds);
}

Result<void> TenantCatalog::load(std::optional<QStringList> tenantIds) {
    QMutexLocker lock(&m_refreshMutex);
    // The sequence is read first: a change committed while the tenants are read is then seen
    // again by the next refresh, never skipped.
    Result<qint64> sequence = m_store.changeLog().latestSequence();
    if (!sequence)
        return sequence.error();
    if (!tenantIds) {
        Result<QList<store::TenantRecord>> tenants = m_store.tenants().list();
        if (!tenants)
            return tenants.error();
        tenantIds.emplace();
        for (const store::TenantRecord& tenant : std::as_const(*tenants))
            tenantIds->append(tenant.id);
    }
    QHash<QString, std::shared_ptr<const TenantSnapshot>> byId;
    for (const QString& id : std::as_const(*tenantIds)) {
        Result<Loaded> loaded = loadTenant(id);
        if (!loaded)
            return loaded.error();
        if (loaded->snapshot)
            byId.insert(id, loaded->snapshot);
    }
    publish(std::move(byId));
    m_lastSequence.store(*sequence, std::memory_order_release);
    return {};
}

Result<void> TenantCatalog::refresh() {
    QMutexLocker lock(&m_refreshMutex);
    qint64 sequence = m_lastSequence.load(std::memory_order_relaxed);
    QSet<QString> touched;
    for (;;) {
        Result<QList<store::ChangeRecord>> changes =
            m_store.changeLog().since(sequence, kChangeBatch);
        if (!changes)
            return changes.error();
        for (const store::ChangeRecord& change : *changes) {
            if (!change.tenant.isEmpty())
                touched.insert(change.tenant);
            sequence = change.sequence;
        }
        if (changes->size() < kChangeBatch)
            break;
    }
    if (touched.isEmpty()) {
        m_lastSequence.store(sequence, std::memory_order_release);
        return {};
    }
    QHash<QString, std::shared_ptr<const TenantSnapshot>> byId = index()->byId;
    for (const QString& tenantId : std::as_const(touched)) {
        Result<Loaded> loaded = loadTenant(tenantId);
        if (!loaded)
            return loaded.error();
        if (!loaded->exists)
            byId.remove(tenantId);
        else if (loaded->snapshot)
            byId.insert(tenantId, loaded->snapshot);
        // A tenant that exists but failed to build keeps its previous snapshot.
    }
    publish(std::move(byId));
    m_lastSequence.store(sequence, std::memory_order_release);
    return {};
}

void TenantCatalog::publish(QHash<QString, std::shared_ptr<const TenantSnapshot>> byId) {
    auto next = std::make_shared<Index>();
    // Custom domains first, then `{tenant}.{domain}`, so that if a custom domain names another
    // tenant's subdomain, the tenant whose id it is keeps it.
    for (const bool ownSubdomain : {false, true}) {
        for (const auto& snapshot : std::as_const(byId)) {
            const QString subdomain = m_policy.tenantHost(snapshot->id());
            for (const QString& host : snapshot->hosts()) {
                if ((host == subdomain) == ownSubdomain)
                    next->byHost.insert(host, snapshot);
            }
        }
    }
    next->byId = std::move(byId);
    m_index.store(std::move(next), std::memory_order_release);
}

Result<TenantCatalog::Loaded> TenantCatalog::loadTenant(const QString& tenantId) const {
    Result<std::optional<store::TenantRecord>> tenant = m_store.tenants().find(tenantId);
    if (!tenant)
        return tenant.error();
    if (!*tenant)
        return Loaded{};
    auto clients = m_store.clients().list(tenantId);
    if (!clients)
        return clients.error();
    auto apis = m_store.resourceServers().list(tenantId);
    if (!apis)
        return apis.error();
    auto grants = m_store.clientGrants().list(tenantId);
    if (!grants)
        return grants.error();
    auto keys = m_store.signingKeys().listForTenant(tenantId);
    if (!keys)
        return keys.error();

    TenantSnapshot::Source source{**tenant,
                                  std::move(clients).value(),
                                  std::move(apis).value(),
                                  std::move(grants).value(),
                                  std::move(keys).value(),
                                  {}};
    Result<std::shared_ptr<const TenantSnapshot>> snapshot = build(std::move(source));
    if (!snapshot) {
        qCWarning(lcCatalog).noquote()
            << "tenant" << tenantId << "not loaded:" << snapshot.error().toString();
        return Loaded{true, nullptr};
    }
    return Loaded{true, std::move(snapshot).value()};
}

Result<std::shared_ptr<const TenantSnapshot>>
TenantCatalog::build(TenantSnapshot::Source source) const {
    for (const store::SigningKeyRecord& key : std::as_const(source.keys)) {
        if (key.status != store::KeyStatus::Current)
            continue;
        Result<crypto::KeyPair> unsealed = SigningKeyService::unseal(m_sealer, key);
        if (!unsealed)
            return unsealed.error();
        source.currentKey = std::move(unsealed).value();
    }
    return TenantSnapshot::build(std::move(source), m_policy);
}

} // namespace gatehouse::tenancy
