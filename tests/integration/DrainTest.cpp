// SIGTERM drains: requests in flight get their responses, new connections are refused, and the
// process exits 0 within the drain timeout.
#include "GatehousedProcess.h"

#include <QElapsedTimer>
#include <QTest>

#include <gtest/gtest.h>

#include <csignal>
#include <cstdio>
#include <memory>
#include <sys/types.h>
#include <vector>

namespace gatehouse::integration {
namespace {

// With `expectContinue` the server answers "100 Continue" once it has parsed the header, which
// tells the test that the request is in the server's hands.
QByteArray tokenRequestHeader(GatehousedProcess& server, const QByteArray& body,
                              bool expectContinue = false) {
    const ClientCredentials client = server.managementClient();
    return "POST /t/" + server.tenant().toUtf8() +
           "/oauth/token HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
           "application/x-www-form-urlencoded\r\n"
           "Authorization: " +
           basicAuthorization(client.clientId, client.clientSecret) +
           "\r\nContent-Length: " + QByteArray::number(body.size()) +
           (expectContinue ? "\r\nExpect: 100-continue" : "") + "\r\n\r\n";
}

bool waitForContinue(ClientConnection& connection) {
    return QTest::qWaitFor([&] { return connection.pending().contains("100 Continue"); },
                           kAnswerTimeoutMs);
}

QByteArray tokenBody(GatehousedProcess& server) {
    return formBody({{QStringLiteral("grant_type"), QStringLiteral("client_credentials")},
                     {QStringLiteral("audience"), server.managementAudience(server.tenant())}});
}

// After SIGTERM: no new connection gets through. The listener closes right after the "draining"
// line, so a connection attempt in between may still reach the kernel's queue; it must then be
// closed without an answer. Returns once a connection is refused outright.
void expectNewConnectionsRefused(GatehousedProcess& server) {
    bool answered = false;
    QAbstractSocket::SocketError lastError = QAbstractSocket::UnknownSocketError;
    const bool refused = QTest::qWaitFor(
        [&] {
            ClientConnection probe(server.address());
            if (probe.open(3000)) {
                const Reply reply = probe.request("GET", "/health", {}, {}, true);
                answered = answered || reply.status != 0;
                return false;
            }
            lastError = probe.socketError();
            return lastError == QAbstractSocket::ConnectionRefusedError;
        },
        5000);
    EXPECT_TRUE(refused) << "new connections were not refused while draining (last error "
                         << int(lastError) << ')';
    EXPECT_FALSE(answered) << "a connection made after SIGTERM was served";
}

TEST(Drain, InFlightRequestIsAnsweredAndNewConnectionsAreRefused) {
    GatehousedProcess server;
    ASSERT_TRUE(server.init());
    server.setEnvironment(QStringLiteral("GATEHOUSE_TIMEOUTS_READ"), QStringLiteral("30s"));
    server.setEnvironment(QStringLiteral("GATEHOUSE_TIMEOUTS_DRAIN"), QStringLiteral("10s"));
    ASSERT_TRUE(server.start());
    const QByteArray body = tokenBody(server);

    ClientConnection inFlight(server.address());
    ASSERT_TRUE(inFlight.open());
    ASSERT_EQ(inFlight.request("GET", "/health").status,
              200); // the server owns this connection now
    // Half of a token request: in flight from the server's point of view.
    ASSERT_TRUE(inFlight.send(tokenRequestHeader(server, body, true)));
    ASSERT_TRUE(waitForContinue(inFlight)) << str(inFlight.pending());
    ASSERT_TRUE(inFlight.send(body.left(body.size() / 2)));

    QElapsedTimer sinceSignal;
    sinceSignal.start();
    server.terminate();
    ASSERT_TRUE(server.waitForStandardError("draining")) << str(server.standardError());
    expectNewConnectionsRefused(server);
    EXPECT_TRUE(server.isRunning()) << "exited with a request in flight";

    ASSERT_TRUE(inFlight.send(body.mid(body.size() / 2)));
    const Reply reply = inFlight.readReply();
    EXPECT_EQ(reply.status, 200) << reply.describe();
    EXPECT_FALSE(reply.json().value(QStringLiteral("access_token")).toString().isEmpty())
        << reply.describe();
    EXPECT_EQ(reply.header("Connection").toLower(), "close") << reply.describe();
    EXPECT_TRUE(inFlight.waitForClosed(5000));

    EXPECT_TRUE(server.waitForExit(10000)) << "still running after the last request finished";
    EXPECT_LT(sinceSignal.elapsed(), 10000) << "exited only at the drain timeout";
    EXPECT_EQ(server.stop(), 0) << str(server.standardError());
}

TEST(Drain, IdleKeepAliveConnectionsDoNotDelayTheExit) {
    GatehousedProcess server;
    ASSERT_TRUE(server.init({.http = true}));
    server.setEnvironment(QStringLiteral("GATEHOUSE_TIMEOUTS_DRAIN"), QStringLiteral("20s"));
    ASSERT_TRUE(server.start());
    std::vector<std::unique_ptr<ClientConnection>> idle;
    for (int i = 0; i < 3; ++i) {
        idle.push_back(std::make_unique<ClientConnection>(server.address()));
        ASSERT_TRUE(idle.back()->open());
        ASSERT_EQ(idle.back()->request("GET", "/health").status, 200);
    }
    QElapsedTimer timer;
    timer.start();
    server.terminate();
    EXPECT_TRUE(server.waitForExit(5000)) << "idle keep-alive connections held the drain";
    EXPECT_EQ(server.stop(), 0);
    for (const auto& connection : idle) {
        EXPECT_TRUE(connection->waitForClosed(2000));
        EXPECT_TRUE(connection->pending().isEmpty()) << str(connection->pending());
    }
}

TEST(Drain, StuckRequestIsCutAtTheDrainTimeout) {
    GatehousedProcess server;
    ASSERT_TRUE(server.init({.http = true}));
    server.setEnvironment(QStringLiteral("GATEHOUSE_TIMEOUTS_READ"), QStringLiteral("60s"));
    server.setEnvironment(QStringLiteral("GATEHOUSE_TIMEOUTS_DRAIN"), QStringLiteral("1s"));
    ASSERT_TRUE(server.start());
    const QByteArray body = tokenBody(server);
    ClientConnection stuck(server.address());
    ASSERT_TRUE(stuck.open());
    ASSERT_TRUE(stuck.send(tokenRequestHeader(server, body, true)));
    ASSERT_TRUE(waitForContinue(stuck)) << str(stuck.pending());
    ASSERT_TRUE(stuck.send(body.left(5)));

    QElapsedTimer timer;
    timer.start();
    server.terminate();
    EXPECT_TRUE(server.waitForExit(8000))
        << "a client that never finishes its request held the exit";
    EXPECT_GE(timer.elapsed(), 800) << "exited before the drain timeout with a request in flight";
    EXPECT_EQ(server.stop(), 0) << str(server.standardError());
    EXPECT_TRUE(stuck.waitForClosed(2000));
}

TEST(Drain, BurstOfRs256TokenRequestsIsAnsweredDuringDrain) {
    // 24 token requests whose headers the server has parsed (it said 100 Continue to each) when
    // SIGTERM arrives; their bodies follow only then, so all 24 RSA signatures happen while the
    // server drains, queued for a single signing thread.
    constexpr int kConnections = 24;
    GatehousedProcess server;
    ASSERT_TRUE(server.init({.signingAlgorithm = QStringLiteral("RS256")}));
    server.setEnvironment(QStringLiteral("GATEHOUSE_CRYPTO_THREADS"), QStringLiteral("1"));
    server.setEnvironment(QStringLiteral("GATEHOUSE_LOG_ACCESS_LOG"), QStringLiteral("off"));
    server.setEnvironment(QStringLiteral("GATEHOUSE_TIMEOUTS_DRAIN"), QStringLiteral("15s"));
    ASSERT_TRUE(server.start());
    const QByteArray body = tokenBody(server);
    const QByteArray header = tokenRequestHeader(server, body, true);

    std::vector<std::unique_ptr<ClientConnection>> connections;
    for (int i = 0; i < kConnections; ++i) {
        connections.push_back(std::make_unique<ClientConnection>(server.address()));
        ASSERT_TRUE(connections.back()->open());
        connections.back()->socket().write(header);
    }
    for (const auto& connection : connections)
        ASSERT_TRUE(waitForContinue(*connection)) << str(connection->pending());

    QElapsedTimer sinceSignal;
    sinceSignal.start();
    server.terminate();
    ASSERT_TRUE(server.waitForStandardError("draining")) << str(server.standardError());
    for (const auto& connection : connections)
        connection->socket().write(body);

    int answered = 0;
    for (const auto& connection : connections) {
        const Reply reply = connection->readReply();
        EXPECT_EQ(reply.status, 200) << reply.describe();
        EXPECT_EQ(reply.header("Connection").toLower(), "close") << reply.describe();
        answered += reply.status == 200 ? 1 : 0;
    }
    EXPECT_EQ(answered, kConnections);
    EXPECT_TRUE(server.waitForExit(15000));
    std::printf(
        "[ MEASURE  ] drain with %d RS256 token requests in flight: exited %lld ms after SIGTERM\n",
        kConnections, static_cast<long long>(sinceSignal.elapsed()));
    EXPECT_EQ(server.stop(), 0) << str(server.standardError());
}

TEST(Drain, SigintDrainsLikeSigterm) {
    GatehousedProcess server;
    ASSERT_TRUE(server.init({.http = true}));
    ASSERT_TRUE(server.start());
    ASSERT_EQ(server.get("/health").status, 200);
    ASSERT_EQ(::kill(pid_t(server.process().processId()), SIGINT), 0);
    EXPECT_TRUE(server.waitForExit(10000));
    EXPECT_TRUE(server.standardError().contains("draining")) << str(server.standardError());
    EXPECT_EQ(server.stop(), 0);
}

} // namespace
} // namespace gatehouse::integration
