#include "monitoring/Metrics.h"

#include <QtConcurrent/QtConcurrentRun>
#include <gtest/gtest.h>

using gatehouse::monitoring::Metrics;

namespace {
bool hasLine(const QByteArray& text, const QByteArray& line) {
    return text.split('\n').contains(line);
}
} // namespace

TEST(Metrics, CountsRequestsByRouteAndStatus) {
    Metrics metrics;
    metrics.recordRequest("/oauth/token", 200, 800);
    metrics.recordRequest("/oauth/token", 200, 3000);
    metrics.recordRequest("/oauth/token", 401, 100);
    const QByteArray text = metrics.prometheusText();
    EXPECT_TRUE(
        hasLine(text, R"(gatehouse_http_requests_total{route="/oauth/token",status="200"} 2)"))
        << text.constData();
    EXPECT_TRUE(
        hasLine(text, R"(gatehouse_http_requests_total{route="/oauth/token",status="401"} 1)"));
}

TEST(Metrics, HistogramBucketsAreCumulative) {
    Metrics metrics;
    metrics.recordRequest("/x", 200, 400);     // 0.0004 s -> first bucket
    metrics.recordRequest("/x", 200, 2000);    // 0.002 s -> le=0.0025
    metrics.recordRequest("/x", 200, 9000000); // 9 s -> only +Inf
    const QByteArray text = metrics.prometheusText();
    const QByteArray labels = R"(route="/x",status="200")";
    EXPECT_TRUE(hasLine(text, "gatehouse_http_request_duration_seconds_bucket{" + labels +
                                  R"(,le="0.0005"} 1)"));
    EXPECT_TRUE(hasLine(text, "gatehouse_http_request_duration_seconds_bucket{" + labels +
                                  R"(,le="0.001"} 1)"));
    EXPECT_TRUE(hasLine(text, "gatehouse_http_request_duration_seconds_bucket{" + labels +
                                  R"(,le="0.0025"} 2)"));
    EXPECT_TRUE(hasLine(text, "gatehouse_http_request_duration_seconds_bucket{" + labels +
                                  R"(,le="2.5"} 2)"));
    EXPECT_TRUE(hasLine(text, "gatehouse_http_request_duration_seconds_bucket{" + labels +
                                  R"(,le="+Inf"} 3)"));
    EXPECT_TRUE(hasLine(text, "gatehouse_http_request_duration_seconds_count{" + labels + "} 3"));
    EXPECT_TRUE(
        hasLine(text, "gatehouse_http_request_duration_seconds_sum{" + labels + "} 9.002400"));
}

TEST(Metrics, CountsTokensByTenantAndGrant) {
    Metrics metrics;
    metrics.recordTokenIssued(QStringLiteral("acme"), "client_credentials");
    metrics.recordTokenIssued(QStringLiteral("acme"), "client_credentials");
    metrics.recordTokenIssued(QStringLiteral("other"), "client_credentials");
    const QByteArray text = metrics.prometheusText();
    EXPECT_TRUE(hasLine(
        text, R"(gatehouse_tokens_issued_total{tenant="acme",grant_type="client_credentials"} 2)"));
    EXPECT_TRUE(hasLine(
        text,
        R"(gatehouse_tokens_issued_total{tenant="other",grant_type="client_credentials"} 1)"));
}

TEST(Metrics, EscapesLabelValues) {
    Metrics metrics;
    metrics.recordRequest("/a\"b\\c\nd", 404, 1);
    EXPECT_TRUE(metrics.prometheusText().contains(R"(route="/a\"b\\c\nd")"));
}

TEST(Metrics, ConcurrentRecordingLosesNothing) {
    Metrics metrics;
    constexpr int kThreads = 4;
    constexpr int kPerThread = 20000;
    QList<QFuture<void>> futures;
    for (int t = 0; t < kThreads; ++t) {
        futures.append(QtConcurrent::run([&metrics, t] {
            for (int i = 0; i < kPerThread; ++i)
                metrics.recordRequest(i % 2 ? "/a" : "/b", 200 + t, i);
        }));
    }
    for (auto& f : futures)
        f.waitForFinished();
    const QByteArray text = metrics.prometheusText();
    for (int t = 0; t < kThreads; ++t) {
        EXPECT_TRUE(hasLine(text, "gatehouse_http_requests_total{route=\"/a\",status=\"" +
                                      QByteArray::number(200 + t) + "\"} " +
                                      QByteArray::number(kPerThread / 2)));
    }
}

TEST(Metrics, ExposesBuildInfo) {
    Metrics metrics;
    EXPECT_TRUE(hasLine(metrics.prometheusText(),
                        "gatehouse_build_info{version=\"" GATEHOUSE_VERSION "\"} 1"));
}
