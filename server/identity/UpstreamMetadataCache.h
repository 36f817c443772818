#pragma once

#include "crypto/PublicKey.h"
#include "identity/UpstreamMetadata.h"

#include <QDateTime>
#include <QHash>
#include <QMutex>
#include <QString>
#include <chrono>
#include <optional>

namespace gatehouse::identity {

// Upstream metadata by UpstreamOidcConfig::cacheKey(), shared by the UpstreamOidcClient of every
// worker thread so that a provider is asked once per TTL and its JWKS refetched at most once per
// interval, however many threads serve its logins. Thread-safe.
class UpstreamMetadataCache final {
public:
    // The entry when it was fetched less than `ttl` before `now`.
    [[nodiscard]] std::optional<UpstreamMetadata> fresh(const QString& key, const QDateTime& now,
                                                        std::chrono::seconds ttl) const;
    void store(const QString& key, UpstreamMetadata metadata);
    // Replaces the keys of an entry (after a refetch for an unknown kid), keeping its age.
    void replaceKeys(const QString& key, QHash<QString, crypto::PublicKey> keys);
    // True, and remembers `now`, when no refetch for `key` was claimed within `interval`: a token
    // naming an unknown kid then triggers one fetch, and a stream of them no more than one per
    // interval, so the server cannot be used to flood the provider.
    [[nodiscard]] bool claimJwksRefetch(const QString& key, const QDateTime& now,
                                        std::chrono::seconds interval);

private:
    struct Entry {
        std::optional<UpstreamMetadata> metadata;
        QDateTime lastRefetch;
    };

    mutable QMutex m_mutex;
    QHash<QString, Entry> m_entries;
};

} // namespace gatehouse::identity
