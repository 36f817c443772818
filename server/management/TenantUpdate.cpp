#include "management/TenantUpdate.h"

#include "crypto/SigningAlgorithm.h"
#include "store/Store.h"
#include "tenancy/SigningKeyService.h"

namespace gatehouse::management {

TenantUpdate::TenantUpdate(store::Store& store, tenancy::SigningKeyService& keys)
    : m_store(store)
    , m_keys(keys) {}

Result<store::TenantRecord> TenantUpdate::apply(const QString& tenantId, const Change& change) {
    return m_store.database().transaction<store::TenantRecord>(
        [&]() -> Result<store::TenantRecord> {
            auto existing = m_store.tenants().find(tenantId);
            if (!existing)
                return existing.error();
            if (!*existing)
                return Error::notFound(QStringLiteral("no tenant with id '%1'").arg(tenantId));
            store::TenantRecord changed = **existing;
            if (auto changing = change(changed); !changing)
                return changing.error();
            // The algorithm is left to changeAlgorithm(), which rotates the keys with it.
            const QString wanted = changed.signingAlgorithm;
            changed.signingAlgorithm = (*existing)->signingAlgorithm;
            auto updated = m_store.tenants().update(changed);
            if (!updated || wanted == changed.signingAlgorithm)
                return updated;
            const auto algorithm = crypto::parseAlgorithm(wanted.toLatin1());
            if (!algorithm)
                return Error::badRequest(
                    QByteArrayLiteral("invalid_body"),
                    QStringLiteral("'signing_alg' must be RS256, ES256 or EdDSA"));
            if (auto rotated = m_keys.changeAlgorithm(tenantId, *algorithm); !rotated)
                return rotated.error();
            auto reread = m_store.tenants().find(tenantId);
            if (!reread)
                return reread.error();
            return **reread;
        });
}

} // namespace gatehouse::management
