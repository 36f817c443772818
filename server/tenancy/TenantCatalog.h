#pragma once

#include "core/Result.h"
#include "crypto/Sealer.h"
#include "store/Store.h"
#include "tenancy/IssuerPolicy.h"
#include "tenancy/TenantSnapshot.h"

#include <QHash>
#include <QMutex>
#include <QString>

#include <atomic>
#include <memory>
#include <optional>

namespace gatehouse::tenancy {

// Every tenant's snapshot, readable from all worker threads without a lock held across the read:
// the whole index is an immutable map behind one std::atomic<std::shared_ptr>, replaced (never
// modified) by loadAll() and refresh(). A reader that took the old index keeps a consistent view
// until it drops it.
//
// refresh() follows the store's change log: it re-reads only the tenants named by changes after
// the last sequence it has seen, so one tenant's write never rebuilds (or disturbs) another's
// snapshot. Tenants are read without a transaction (which would take the store's writer lock);
// a write that lands between the change-log read and the tenant read has a later sequence and is
// picked up by the next refresh, so the catalog converges within one refresh period.
class TenantCatalog final {
public:
    TenantCatalog(store::Store store, crypto::Sealer sealer, IssuerPolicy policy);
    ~TenantCatalog();
    TenantCatalog(const TenantCatalog&) = delete;
    TenantCatalog& operator=(const TenantCatalog&) = delete;

    // Reads every tenant. A tenant whose snapshot cannot be built (a key that does not unseal) is
    // left out and logged, so one broken tenant never keeps the others from being served; store
    // errors fail the call.
    Result<void> loadAll();
    // Reads only these tenants (unknown ones are left out): for a command that signs with one
    // tenant's key and has no use for the others' snapshots (`gatehoused token`).
    Result<void> loadOnly(const QStringList& tenantIds);
    // Re-reads the tenants touched since the last seen change-log sequence; thread-safe, and
    // concurrent calls are serialized. On a store error nothing is advanced, so the next call
    // retries the same changes.
    Result<void> refresh();

    // Null when unknown. Ids are exact (lowercase); hosts as IssuerPolicy::normalizeHost gives
    // them.
    [[nodiscard]] std::shared_ptr<const TenantSnapshot> find(const QString& tenantId) const;
    [[nodiscard]] std::shared_ptr<const TenantSnapshot> findByHost(const QString& host) const;
    [[nodiscard]] QStringList tenantIds() const;
    [[nodiscard]] const IssuerPolicy& policy() const { return m_policy; }
    [[nodiscard]] qint64 lastSequence() const;

private:
    struct Index {
        QHash<QString, std::shared_ptr<const TenantSnapshot>> byId;
        QHash<QString, std::shared_ptr<const TenantSnapshot>> byHost;
    };
    // A tenant that no longer exists loads as null.
    struct Loaded {
        bool exists = false;
        std::shared_ptr<const TenantSnapshot> snapshot; // null when it exists but did not build
    };

    [[nodiscard]] Result<Loaded> loadTenant(const QString& tenantId) const;
    // Builds and publishes the snapshots of `tenantIds` (every tenant when nullopt).
    Result<void> load(std::optional<QStringList> tenantIds);
    // Unseals the Current key and builds the snapshot.
    [[nodiscard]] Result<std::shared_ptr<const TenantSnapshot>>
    build(TenantSnapshot::Source source) const;
    void publish(QHash<QString, std::shared_ptr<const TenantSnapshot>> byId);
    [[nodiscard]] std::shared_ptr<const Index> index() const;

    store::Store m_store;
    crypto::Sealer m_sealer;
    IssuerPolicy m_policy;
    std::atomic<std::shared_ptr<const Index>> m_index;
    QMutex m_refreshMutex;
    std::atomic<qint64> m_lastSequence{0}; // written under m_refreshMutex
};

} // namespace gatehouse::tenancy
