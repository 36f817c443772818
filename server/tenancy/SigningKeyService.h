#pragma once

#include "core/Result.h"
#include "crypto/KeyPair.h"
#include "crypto/Sealer.h"
#include "crypto/SigningAlgorithm.h"
#include "store/Store.h"
#include "tenancy/Clock.h"

#include <QString>
#include <optional>

namespace gatehouse::tenancy {

// A tenant's token-signing keys and their rotation (ARCHITECTURE.md: next / current / previous).
//
//  - Next: published in the JWKS, signs nothing yet. It exists before it is needed so that the
//    standby datacenter and every node's caches have it before it signs (SECURITY.md, Failover).
//  - Current: the one key that signs.
//  - Previous: retired from signing, still published and trusted until every token it signed has
//    expired: retiredAt + the longest access-token lifetime of the tenant's APIs + a margin for
//    verifiers' clock leeway. After that prune() revokes it; Revoked keys are neither published
//    nor trusted, and are kept only as a record.
//
// Private keys are sealed with the master key (crypto::Sealer, AES-256-GCM) with associated data
// "signing_key:{tenant}:{kid}", so a sealed key copied to another tenant or kid does not open.
// The kid is the key's RFC 7638 thumbprint. Key generation (RSA: ~100 ms) happens before the
// store transaction, never inside it, so writers are not held up by it.
class SigningKeyService final {
public:
    static constexpr int kRetentionMarginSeconds = 300;

    SigningKeyService(store::Store store, crypto::Sealer sealer, Clock clock = systemClock());

    // A new key of `algorithm` for `tenant`, sealed, as a record with `status`. No store access.
    [[nodiscard]] Result<store::SigningKeyRecord> generate(const QString& tenant,
                                                           crypto::SigningAlgorithm algorithm,
                                                           store::KeyStatus status) const;

    // Creates the first Current and Next keys (joins the caller's transaction, if any). For a
    // tenant that has keys already this is `conflict`.
    Result<void> provision(const QString& tenant, crypto::SigningAlgorithm algorithm);

    // Next becomes Current, Current becomes Previous, a new Next is made, then expired Previous
    // keys are pruned; one transaction. Keys have the tenant's configured signingAlgorithm: when
    // the Next key has another algorithm (the setting changed), it is revoked unused and a new
    // key of the configured type becomes Current at once. Returns the new Current key.
    Result<store::SigningKeyRecord> rotate(const QString& tenant);

    // Sets the tenant's signingAlgorithm and rotates to keys of that type, in one transaction.
    // The new Current key signs immediately, so unlike a plain rotation it was not published
    // beforehand: verifiers that cached the JWKS refetch it on the unknown kid, and with
    // asynchronous replication the standby may briefly lack it.
    Result<store::SigningKeyRecord> changeAlgorithm(const QString& tenant,
                                                    crypto::SigningAlgorithm algorithm);

    // Revokes the tenant's Previous keys whose tokens have all expired; returns how many.
    Result<int> prune(const QString& tenant);
    // The same for every tenant (run periodically by the daemon, e.g. every minute).
    Result<int> pruneAll();

    [[nodiscard]] static QByteArray associatedData(const QString& tenant, const QString& kid);
    // Opens a key's sealed private key: "unseal_failed" or "invalid_key" on failure.
    [[nodiscard]] static Result<crypto::KeyPair> unseal(const crypto::Sealer& sealer,
                                                        const store::SigningKeyRecord& key);

private:
    struct Plan;

    [[nodiscard]] Result<Plan> plan(const QString& tenant,
                                    std::optional<crypto::SigningAlgorithm> algorithm) const;
    [[nodiscard]] Result<store::SigningKeyRecord> apply(const QString& tenant, Plan plan);
    [[nodiscard]] Result<void> setTenantAlgorithm(const QString& tenant,
                                                  crypto::SigningAlgorithm algorithm);
    // Inside apply()'s transaction: demotes Current, revokes unusable Next keys, promotes.
    [[nodiscard]] Result<store::SigningKeyRecord> promote(const QString& tenant, Plan& plan);
    [[nodiscard]] Result<int> pruneInTransaction(const QString& tenant);
    [[nodiscard]] Result<QDateTime> retentionCutoff(const QString& tenant) const;

    store::Store m_store;
    crypto::Sealer m_sealer;
    Clock m_clock;
};

} // namespace gatehouse::tenancy
