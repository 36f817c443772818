// What operators rely on: health and readiness, Prometheus metrics, the access log, discovery,
// and how long a start takes.
#include "GatehousedProcess.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>

namespace gatehouse::integration {
namespace {

// The value of one Prometheus series (exact name and labels), or -1 when absent.
double metricValue(const QByteArray& exposition, const QByteArray& series) {
    for (const QByteArray& line : exposition.split('\n')) {
        if (line.startsWith(QByteArray(series + ' ')))
            return line.mid(series.size() + 1).trimmed().toDouble();
    }
    return -1;
}

QList<QJsonObject> jsonLines(const QByteArray& text) {
    QList<QJsonObject> lines;
    for (const QByteArray& line : text.split('\n')) {
        if (!line.startsWith('{'))
            continue;
        const QJsonDocument document = QJsonDocument::fromJson(line);
        if (document.isObject())
            lines.append(document.object());
    }
    return lines;
}

QByteArray readFile(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

TEST(Operations, HealthAndReadiness) {
    GatehousedProcess server;
    ASSERT_TRUE(server.init());
    ASSERT_TRUE(server.start());
    const Reply health = server.get("/health");
    ASSERT_EQ(health.status, 200) << health.describe();
    EXPECT_TRUE(health.header("Content-Type").startsWith("application/json"));
    const QJsonObject json = health.json();
    EXPECT_EQ(json.value(QStringLiteral("status")).toString(), QStringLiteral("ok")) << str(json);
    EXPECT_EQ(json.value(QStringLiteral("version")).toString(), QStringLiteral(GATEHOUSE_VERSION))
        << str(json);
    EXPECT_EQ(json.value(QStringLiteral("role")).toString(), QStringLiteral("primary"))
        << str(json);

    const Reply ready = server.get("/health/ready");
    EXPECT_EQ(ready.status, 200) << ready.describe();
    EXPECT_FALSE(ready.json().value(QStringLiteral("status")).toString().isEmpty())
        << ready.describe();
    EXPECT_EQ(server.call("HEAD", "/health").status, 200);
    EXPECT_EQ(server.stop(), 0);
}

TEST(Operations, MetricsCountRequestsByRouteAndTokensByTenant) {
    GatehousedProcess server;
    ASSERT_TRUE(server.init({.tenant = QStringLiteral("metered")}));
    server.setEnvironment(QStringLiteral("GATEHOUSE_LOG_ACCESS_LOG"), QStringLiteral("off"));
    ASSERT_TRUE(server.start());
    const QString audience = server.managementAudience(QStringLiteral("metered"));
    const QByteArray tokens =
        R"(gatehouse_tokens_issued_total{tenant="metered",grant_type="client_credentials"})";

    const Reply initial = server.get("/metrics");
    ASSERT_EQ(initial.status, 200) << initial.describe();
    EXPECT_TRUE(initial.header("Content-Type").startsWith("text/plain")) << initial.describe();
    EXPECT_LE(metricValue(initial.body, tokens), 0) << "tokens counted before any was issued";

    constexpr int kTokens = 5;
    for (int i = 0; i < kTokens; ++i)
        ASSERT_EQ(
            server.requestToken(QStringLiteral("metered"), server.managementClient(), audience)
                .status,
            200);
    ClientCredentials wrong = server.managementClient();
    wrong.clientSecret = QStringLiteral("wrong");
    ASSERT_EQ(server.requestToken(QStringLiteral("metered"), wrong, audience).status, 401);
    ASSERT_EQ(server.get("/t/metered/.well-known/jwks.json").status, 200);

    // Requests are counted once their response is written: wait for the last one to show.
    QByteArray metrics;
    const QByteArray denied = R"(gatehouse_http_requests_total{route="/oauth/token",status="401"})";
    EXPECT_TRUE(QTest::qWaitFor(
        [&] {
            metrics = server.get("/metrics").body;
            return metricValue(metrics, denied) == 1 &&
                   metricValue(
                       metrics,
                       R"(gatehouse_http_requests_total{route="/.well-known/jwks.json",status="200"})") >=
                       1;
        },
        5000))
        << str(metrics);
    EXPECT_EQ(metricValue(metrics, tokens), kTokens) << str(metrics);
    EXPECT_EQ(
        metricValue(metrics, R"(gatehouse_http_requests_total{route="/oauth/token",status="200"})"),
        kTokens)
        << str(metrics);
    EXPECT_GE(
        metricValue(metrics, R"(gatehouse_http_requests_total{route="/metrics",status="200"})"), 1)
        << str(metrics);
    EXPECT_GE(
        metricValue(
            metrics,
            R"(gatehouse_http_requests_total{route="/.well-known/openid-configuration",status="200"})"),
        1);
    // Route labels are route templates, never raw paths (unbounded cardinality, and tenant names).
    EXPECT_FALSE(metrics.contains("route=\"/t/")) << str(metrics);
    EXPECT_TRUE(metrics.contains("# TYPE gatehouse_http_requests_total counter")) << str(metrics);
    EXPECT_FALSE(metrics.contains(server.managementClient().clientSecret.toLatin1()));
    EXPECT_EQ(server.stop(), 0);
}

TEST(Operations, AccessLogHasOneJsonLinePerRequest) {
    GatehousedProcess server;
    ASSERT_TRUE(server.init({.http = true}));
    const QString logPath = server.temporaryPath(QStringLiteral("access.log"));
    server.setEnvironment(QStringLiteral("GATEHOUSE_LOG_ACCESS_LOG"), logPath);
    server.setEnvironment(QStringLiteral("GATEHOUSE_LIMITS_HEADER_BYTES"), QStringLiteral("2048"));
    ASSERT_TRUE(server.start());
    const ClientCredentials client = server.managementClient();
    const QString audience = server.managementAudience(server.tenant());
    const QByteArray tokenPath = "/t/" + server.tenant().toUtf8() + "/oauth/token";

    // managementAudience() above read the discovery document: the first request.
    QList<int> expected{200};
    expected << server.get("/health").status;
    expected << server.get("/health?probe=1").status;
    expected << server.get("/nowhere").status;
    // client_secret_post: the secret travels in the body, and must not reach the log.
    expected << server
                    .call("POST", tokenPath,
                          {{"Content-Type", "application/x-www-form-urlencoded"}},
                          formBody(
                              {{QStringLiteral("grant_type"), QStringLiteral("client_credentials")},
                               {QStringLiteral("client_id"), client.clientId},
                               {QStringLiteral("client_secret"), client.clientSecret},
                               {QStringLiteral("audience"), audience}}))
                    .status;
    expected << server
                    .requestToken(server.tenant(),
                                  {client.clientId, QStringLiteral("wrong-secret"), audience},
                                  audience)
                    .status;
    expected << server.call("GET", "/health", {{"X-Big", QByteArray(3000, 'x')}})
                    .status; // refused by the parser
    ASSERT_EQ(expected, (QList<int>{200, 200, 200, 404, 200, 401, 431}));

    QList<QJsonObject> lines;
    EXPECT_TRUE(QTest::qWaitFor(
        [&] {
            lines = jsonLines(readFile(logPath));
            return lines.size() >= expected.size();
        },
        5000))
        << "access log after 5 s:\n"
        << str(readFile(logPath));
    EXPECT_EQ(lines.size(), expected.size()) << str(readFile(logPath));
    QList<int> statuses;
    for (const QJsonObject& line : std::as_const(lines)) {
        statuses << line.value(QStringLiteral("status")).toInt();
        for (const char* field :
             {"ts", "method", "path", "status", "bytes_in", "bytes_out", "duration_us", "peer"})
            EXPECT_TRUE(line.contains(QLatin1String(field)))
                << field << " missing in " << str(line);
        EXPECT_EQ(line.value(QStringLiteral("peer")).toString(), QStringLiteral("127.0.0.1"))
            << str(line);
    }
    std::sort(statuses.begin(), statuses.end());
    QList<int> sorted = expected;
    std::sort(sorted.begin(), sorted.end());
    EXPECT_EQ(statuses, sorted);
    const QByteArray log = readFile(logPath);
    EXPECT_FALSE(log.contains(client.clientSecret.toLatin1()))
        << "a client secret in the access log";
    EXPECT_FALSE(log.contains("wrong-secret")) << "a client secret in the access log";
    EXPECT_FALSE(log.contains("probe=1"))
        << "query strings (which may carry codes) in the access log";
    EXPECT_EQ(server.stop(), 0);
    EXPECT_EQ(jsonLines(readFile(logPath)).size(), expected.size());
}

TEST(Operations, AccessLogGoesToStandardErrorByDefault) {
    GatehousedProcess server;
    ASSERT_TRUE(server.init({.http = true}));
    ASSERT_TRUE(server.start());
    for (int i = 0; i < 3; ++i)
        ASSERT_EQ(server.get("/health/ready").status, 200);
    const auto readyLines = [&] {
        int count = 0;
        for (const QJsonObject& line : jsonLines(server.standardError()))
            count += line.value(QStringLiteral("path")).toString() == QLatin1String("/health/ready")
                         ? 1
                         : 0;
        return count;
    };
    EXPECT_TRUE(QTest::qWaitFor([&] { return readyLines() >= 3; }, 5000))
        << str(server.standardError());
    EXPECT_EQ(server.stop(), 0);
    EXPECT_EQ(readyLines(), 3) << str(server.standardError());
}

TEST(Operations, DiscoveryAndJwksPublishOnlyPublicKeys) {
    GatehousedProcess server;
    ASSERT_TRUE(server.init());
    server.setEnvironment(QStringLiteral("GATEHOUSE_LOG_ACCESS_LOG"), QStringLiteral("off"));
    ASSERT_TRUE(server.start());
    const QString systemToken = server.systemToken();
    for (const QString& alg : {QStringLiteral("RS256"), QStringLiteral("EdDSA")}) {
        const Reply created = server.management(
            "POST", QStringLiteral("system"), QStringLiteral("tenants"), systemToken,
            {{QStringLiteral("id"), QString(QStringLiteral("keys-") + alg.toLower())},
             {QStringLiteral("signing_alg"), alg}});
        ASSERT_EQ(created.status, 201) << created.describe();
    }
    for (const QString& tenant :
         {server.tenant(), QStringLiteral("keys-rs256"), QStringLiteral("keys-eddsa")}) {
        const Reply discovery =
            server.get("/t/" + tenant.toUtf8() + "/.well-known/openid-configuration");
        ASSERT_EQ(discovery.status, 200) << discovery.describe();
        const QJsonObject document = discovery.json();
        const QString issuer = document.value(QStringLiteral("issuer")).toString();
        EXPECT_TRUE(issuer.endsWith(QStringLiteral("/t/") + tenant + QLatin1Char('/')))
            << str(document);
        EXPECT_EQ(document.value(QStringLiteral("token_endpoint")).toString(),
                  QString(issuer + QStringLiteral("oauth/token")));
        EXPECT_EQ(document.value(QStringLiteral("jwks_uri")).toString(),
                  QString(issuer + QStringLiteral(".well-known/jwks.json")));

        const Reply jwks = server.get("/t/" + tenant.toUtf8() + "/.well-known/jwks.json");
        ASSERT_EQ(jwks.status, 200) << jwks.describe();
        const QJsonArray keys = jwks.json().value(QStringLiteral("keys")).toArray();
        EXPECT_FALSE(keys.isEmpty());
        for (const QJsonValue& value : keys) {
            const QJsonObject key = value.toObject();
            EXPECT_FALSE(key.value(QStringLiteral("kid")).toString().isEmpty()) << str(key);
            EXPECT_EQ(key.value(QStringLiteral("use")).toString(), QStringLiteral("sig"))
                << str(key);
            for (const char* secret : {"d", "p", "q", "dp", "dq", "qi", "k"})
                EXPECT_FALSE(key.contains(QLatin1String(secret)))
                    << "private member " << secret << " in " << str(key);
        }
    }
    EXPECT_EQ(server.get("/t/no-such-tenant/.well-known/openid-configuration").status, 404);
    EXPECT_EQ(server.stop(), 0);
}

TEST(Startup, StartToReadyOnSqlite) {
    // A measurement, not a limit: printed for the record.
    GatehousedProcess server;
    ASSERT_TRUE(server.init());
    for (int run = 1; run <= 3; ++run) {
        ASSERT_TRUE(server.start());
        EXPECT_EQ(server.get("/health").status, 200);
        std::printf("[ MEASURE  ] gatehoused start %d on SQLite: ready line after %lld ms (process "
                    "start to "
                    "ready line), server reports %lld ms\n",
                    run, static_cast<long long>(server.measuredReadyMillis()),
                    static_cast<long long>(server.reportedReadyMillis()));
        EXPECT_EQ(server.stop(), 0);
    }
}

} // namespace
} // namespace gatehouse::integration
