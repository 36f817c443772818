#include "monitoring/Metrics.h"

#include <QDateTime>

#include <algorithm>

namespace gatehouse::monitoring {

struct Metrics::Counter {
    std::atomic<quint64> value{0};
};

struct Metrics::RouteSeries {
    QByteArray route;
    int status = 0;
    std::atomic<quint64> count{0};
    std::atomic<quint64> sumMicros{0};
    // Non-cumulative per bucket; the +Inf bucket is the last element. Summed when rendered.
    std::array<std::atomic<quint64>, kLatencyBuckets.size() + 1> buckets{};
};

namespace {

// Label values are escaped per the exposition format: backslash, double quote and newline.
QByteArray escapeLabel(QByteArrayView value) {
    QByteArray out;
    out.reserve(value.size());
    for (const char c : value) {
        if (c == '\\' || c == '"')
            out.append('\\').append(c);
        else if (c == '\n')
            out.append("\\n");
        else
            out.append(c);
    }
    return out;
}

template <typename Map> auto sortedKeys(const Map& map) {
    auto keys = map.keys();
    std::sort(keys.begin(), keys.end());
    return keys;
}

} // namespace

Metrics::Metrics()
    : m_startedAtSeconds(QDateTime::currentSecsSinceEpoch()) {}

Metrics::~Metrics() = default;

Metrics::RouteSeries& Metrics::routeSeries(const RouteKey& key) {
    {
        QReadLocker reader(&m_lock);
        if (auto it = m_routes.constFind(key); it != m_routes.constEnd())
            return **it;
    }
    QWriteLocker writer(&m_lock);
    auto& slot = m_routes[key];
    if (!slot) {
        slot = std::make_shared<RouteSeries>();
        slot->route = key.first;
        slot->status = key.second;
    }
    return *slot;
}

Metrics::Counter& Metrics::tokenCounter(const TokenKey& key) {
    {
        QReadLocker reader(&m_lock);
        if (auto it = m_tokens.constFind(key); it != m_tokens.constEnd())
            return **it;
    }
    QWriteLocker writer(&m_lock);
    auto& slot = m_tokens[key];
    if (!slot)
        slot = std::make_shared<Counter>();
    return *slot;
}

void Metrics::recordRequest(const QByteArray& route, int status, qint64 durationMicros) {
    static const QByteArray unmatched = QByteArrayLiteral("unmatched");
    RouteSeries& series = routeSeries(RouteKey(route.isEmpty() ? unmatched : route, status));
    series.count.fetch_add(1, std::memory_order_relaxed);
    series.sumMicros.fetch_add(static_cast<quint64>(std::max<qint64>(durationMicros, 0)),
                               std::memory_order_relaxed);
    const double seconds = static_cast<double>(durationMicros) / 1e6;
    const auto bucket = std::lower_bound(kLatencyBuckets.begin(), kLatencyBuckets.end(), seconds);
    series.buckets[static_cast<size_t>(bucket - kLatencyBuckets.begin())].fetch_add(
        1, std::memory_order_relaxed);
}

void Metrics::recordTokenIssued(const QString& tenant, const QByteArray& grantType) {
    tokenCounter(TokenKey(tenant, grantType)).value.fetch_add(1, std::memory_order_relaxed);
}

QByteArray Metrics::prometheusText() const {
    QByteArray out;
    out += "# HELP gatehouse_build_info Build information.\n# TYPE gatehouse_build_info gauge\n";
    out += "gatehouse_build_info{version=\"" GATEHOUSE_VERSION "\"} 1\n";
    out += "# HELP gatehouse_start_time_seconds Start time of the process since the epoch.\n"
           "# TYPE gatehouse_start_time_seconds gauge\n";
    out += "gatehouse_start_time_seconds " + QByteArray::number(m_startedAtSeconds) + '\n';

    QReadLocker reader(&m_lock);
    out += "# HELP gatehouse_http_requests_total HTTP requests by route and status.\n"
           "# TYPE gatehouse_http_requests_total counter\n";
    const auto routeKeys = sortedKeys(m_routes);
    for (const RouteKey& key : routeKeys) {
        const RouteSeries& s = *m_routes.value(key);
        out += "gatehouse_http_requests_total{route=\"" + escapeLabel(s.route) + "\",status=\"" +
               QByteArray::number(s.status) + "\"} " + QByteArray::number(s.count.load()) + '\n';
    }
    out += "# HELP gatehouse_http_request_duration_seconds Time from a complete request to its "
           "response.\n"
           "# TYPE gatehouse_http_request_duration_seconds histogram\n";
    for (const RouteKey& key : routeKeys) {
        const RouteSeries& s = *m_routes.value(key);
        const QByteArray labels =
            "route=\"" + escapeLabel(s.route) + "\",status=\"" + QByteArray::number(s.status) + '"';
        quint64 cumulative = 0;
        for (size_t i = 0; i < kLatencyBuckets.size(); ++i) {
            cumulative += s.buckets[i].load();
            out += "gatehouse_http_request_duration_seconds_bucket{" + labels + ",le=\"" +
                   QByteArray::number(kLatencyBuckets[i], 'g', 6) + "\"} " +
                   QByteArray::number(cumulative) + '\n';
        }
        cumulative += s.buckets.back().load();
        out += "gatehouse_http_request_duration_seconds_bucket{" + labels + ",le=\"+Inf\"} " +
               QByteArray::number(cumulative) + '\n';
        out += "gatehouse_http_request_duration_seconds_sum{" + labels + "} " +
               QByteArray::number(static_cast<double>(s.sumMicros.load()) / 1e6, 'f', 6) + '\n';
        out += "gatehouse_http_request_duration_seconds_count{" + labels + "} " +
               QByteArray::number(s.count.load()) + '\n';
    }
    out += "# HELP gatehouse_tokens_issued_total Tokens issued by tenant and grant type.\n"
           "# TYPE gatehouse_tokens_issued_total counter\n";
    for (const TokenKey& key : sortedKeys(m_tokens)) {
        out += "gatehouse_tokens_issued_total{tenant=\"" + escapeLabel(key.first.toUtf8()) +
               "\",grant_type=\"" + escapeLabel(key.second) + "\"} " +
               QByteArray::number(m_tokens.value(key)->value.load()) + '\n';
    }
    return out;
}

} // namespace gatehouse::monitoring
