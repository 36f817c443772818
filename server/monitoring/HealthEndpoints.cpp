#include "monitoring/HealthEndpoints.h"

#include "http/HttpResponse.h"
#include "http/Responder.h"
#include "monitoring/Metrics.h"

#include <QJsonArray>
#include <QJsonObject>

namespace gatehouse::monitoring {

HealthEndpoints::HealthEndpoints(const Metrics& metrics, QString role, QList<ReadinessProbe> probes)
    : m_metrics(metrics)
    , m_role(std::move(role))
    , m_probes(std::move(probes)) {}

void HealthEndpoints::registerRoutes(http::Router& router) const {
    router.add(http::Method::Get, "/health",
               [this](http::HttpRequest, http::Responder responder) { health(responder); });
    router.add(http::Method::Get, "/health/ready",
               [this](http::HttpRequest, http::Responder responder) { ready(responder); });
    router.add(http::Method::Get, "/metrics",
               [this](http::HttpRequest, http::Responder responder) { metrics(responder); });
}

void HealthEndpoints::health(const http::Responder& responder) const {
    http::HttpResponse response = http::HttpResponse::json(
        200, QJsonObject{{QStringLiteral("status"), QStringLiteral("ok")},
                         {QStringLiteral("version"), QStringLiteral(GATEHOUSE_VERSION)},
                         {QStringLiteral("role"), m_role}});
    response.setHeader("Cache-Control", "no-store");
    responder.send(std::move(response));
}

void HealthEndpoints::ready(const http::Responder& responder) const {
    QJsonObject checks;
    bool allPassed = true;
    for (const ReadinessProbe& probe : m_probes) {
        const Result<void> outcome = probe.check();
        checks.insert(probe.name, outcome ? QStringLiteral("ok") : outcome.error().message);
        allPassed = allPassed && outcome.ok();
    }
    http::HttpResponse response = http::HttpResponse::json(
        allPassed ? 200 : 503,
        QJsonObject{{QStringLiteral("status"),
                     allPassed ? QStringLiteral("ready") : QStringLiteral("not_ready")},
                    {QStringLiteral("version"), QStringLiteral(GATEHOUSE_VERSION)},
                    {QStringLiteral("role"), m_role},
                    {QStringLiteral("checks"), checks}});
    response.setHeader("Cache-Control", "no-store");
    responder.send(std::move(response));
}

void HealthEndpoints::metrics(const http::Responder& responder) const {
    http::HttpResponse response(200);
    response.setBody(m_metrics.prometheusText(), "text/plain; version=0.0.4; charset=utf-8");
    response.setHeader("Cache-Control", "no-store");
    responder.send(std::move(response));
}

} // namespace gatehouse::monitoring
