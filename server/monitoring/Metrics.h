#pragma once

#include <QByteArray>
#include <QHash>
#include <QReadWriteLock>
#include <QString>

#include <array>
#include <atomic>
#include <memory>

namespace gatehouse::monitoring {

// Process-wide counters and latency histograms, rendered in the Prometheus text format
// (https://prometheus.io/docs/instrumenting/exposition_formats/). Recording is called from every
// HTTP worker thread for every request, so the hot path takes a mutex only the first time a
// label set is seen; after that it is a hash lookup under a shared lock and relaxed atomics.
class Metrics final {
public:
    Metrics();
    ~Metrics();
    Metrics(const Metrics&) = delete;
    Metrics& operator=(const Metrics&) = delete;

    // Implicitly shared arguments, so that the lookup key is built without allocating: these are
    // called once per request and once per token.
    void recordRequest(const QByteArray& route, int status, qint64 durationMicros);
    void recordTokenIssued(const QString& tenant, const QByteArray& grantType);

    [[nodiscard]] QByteArray prometheusText() const;

    // Upper bounds of the latency buckets, in seconds (Prometheus `le` labels).
    static constexpr std::array<double, 12> kLatencyBuckets{
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5};

private:
    struct RouteSeries;
    struct Counter;

    using RouteKey = std::pair<QByteArray, int>;     // route, status
    using TokenKey = std::pair<QString, QByteArray>; // tenant, grant type

    RouteSeries& routeSeries(const RouteKey& key);
    Counter& tokenCounter(const TokenKey& key);

    mutable QReadWriteLock m_lock;
    QHash<RouteKey, std::shared_ptr<RouteSeries>> m_routes;
    QHash<TokenKey, std::shared_ptr<Counter>> m_tokens;
    qint64 m_startedAtSeconds;
};

} // namespace gatehouse::monitoring
