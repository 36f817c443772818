#include "identity/UpstreamMetadataCache.h"

namespace gatehouse::identity {

std::optional<UpstreamMetadata> UpstreamMetadataCache::fresh(const QString& key,
                                                             const QDateTime& now,
                                                             std::chrono::seconds ttl) const {
    QMutexLocker lock(&m_mutex);
    const auto found = m_entries.constFind(key);
    if (found == m_entries.constEnd() || !found->metadata)
        return std::nullopt;
    const qint64 age = found->metadata->fetchedAt.secsTo(now);
    if (age < 0 || age >= ttl.count())
        return std::nullopt;
    return found->metadata;
}

void UpstreamMetadataCache::store(const QString& key, UpstreamMetadata metadata) {
    QMutexLocker lock(&m_mutex);
    m_entries[key].metadata = std::move(metadata);
}

void UpstreamMetadataCache::replaceKeys(const QString& key,
                                        QHash<QString, crypto::PublicKey> keys) {
    QMutexLocker lock(&m_mutex);
    Entry& entry = m_entries[key];
    if (entry.metadata)
        entry.metadata->keys = std::move(keys);
}

bool UpstreamMetadataCache::claimJwksRefetch(const QString& key, const QDateTime& now,
                                             std::chrono::seconds interval) {
    QMutexLocker lock(&m_mutex);
    Entry& entry = m_entries[key];
    if (entry.lastRefetch.isValid() && entry.lastRefetch.secsTo(now) < interval.count() &&
        entry.lastRefetch.secsTo(now) >= 0)
        return false;
    entry.lastRefetch = now;
    return true;
}

} // namespace gatehouse::identity
