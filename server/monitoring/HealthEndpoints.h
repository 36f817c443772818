#pragma once

#include "core/Result.h"
#include "http/Router.h"

#include <functional>

namespace gatehouse::monitoring {

class Metrics;

// The operator-facing routes outside any tenant:
//   GET /health        liveness: the process answers. {"status":"ok","version":..,"role":..}
//   GET /health/ready  readiness: every probe passes (the store answers...), else 503 with the
//                      failing check named, so a load balancer stops sending traffic here
//   GET /metrics       Prometheus text format
struct ReadinessProbe {
    QString name;
    std::function<Result<void>()> check; // called on a worker thread; must be thread-safe
};

class HealthEndpoints final {
public:
    HealthEndpoints(const Metrics& metrics, QString role, QList<ReadinessProbe> probes);

    // The router and this object must outlive the server.
    void registerRoutes(http::Router& router) const;

private:
    void health(const http::Responder& responder) const;
    void ready(const http::Responder& responder) const;
    void metrics(const http::Responder& responder) const;

    const Metrics& m_metrics;
    QString m_role;
    QList<ReadinessProbe> m_probes;
};

} // namespace gatehouse::monitoring
