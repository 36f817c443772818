// Limits (SECURITY.md, "HTTP layer"): each bad input against a real server, and the server keeps
// serving everyone else.
#include "TestHttpClient.h"
#include "TestServer.h"

#include "http/HttpServer.h"

#include <QElapsedTimer>
#include <QTest>
#include <gtest/gtest.h>

namespace gatehouse::http::test {
namespace {

using namespace std::chrono_literals;

class HttpServerLimitsTest : public ::testing::Test {
protected:
    void SetUp() override {
        HttpServerOptions options = fastOptions();
        options.limits.headerBytes = 4096;
        options.limits.headerCount = 20;
        options.limits.urlBytes = 1024;
        options.limits.bodyBytes = 10000;
        options.timeouts.read = 5s; // limits must not depend on a timeout firing
        m_server = startServer(options, echoHandler());
        ASSERT_TRUE(m_server);
    }

    TestHttpClient connected() {
        TestHttpClient client;
        EXPECT_TRUE(client.connectTo(m_server->port()));
        return client;
    }

    // Sends `input`, expects `status` with a JSON error `code` and the connection closed; then
    // checks that a fresh connection is still served.
    void expectRefused(const QByteArray& input, int status, const char* code) {
        TestHttpClient client = connected();
        client.send(input);
        const auto response = client.readResponse(2s);
        ASSERT_TRUE(response) << "no answer, expected " << status;
        EXPECT_EQ(response->status, status);
        EXPECT_EQ(response->header("Content-Type"), "application/json");
        EXPECT_EQ(response->json().value(QStringLiteral("error")).toString(), QLatin1String(code));
        EXPECT_EQ(response->header("Connection"), "close");
        EXPECT_TRUE(client.waitForClosed(2s));
        TestHttpClient other = connected();
        const auto fine = other.get("/fine");
        ASSERT_TRUE(fine);
        EXPECT_EQ(fine->status, 200);
    }

    std::unique_ptr<HttpServer> m_server;
};

TEST_F(HttpServerLimitsTest, OversizedHeaderIs431) {
    expectRefused("GET / HTTP/1.1\r\nHost: a\r\nCookie: " + QByteArray(5000, 'c') + "\r\n\r\n", 431,
                  "headers_too_large");
}

TEST_F(HttpServerLimitsTest, HeaderTrickledInSmallWritesIsStillLimited) {
    TestHttpClient client = connected();
    client.send("GET / HTTP/1.1\r\nHost: a\r\n");
    std::optional<ParsedResponse> response;
    for (int i = 0; i < 19 && !response; ++i) {
        client.send(
            QByteArray("X-Filler-" + QByteArray::number(i) + ": " + QByteArray(300, 'f') + "\r\n"));
        response = client.readResponse(30ms);
    }
    if (!response)
        response = client.readResponse(2s);
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 431);
    EXPECT_TRUE(client.waitForClosed(2s));
}

TEST_F(HttpServerLimitsTest, TooManyHeaderFieldsIs431) {
    QByteArray input = "GET / HTTP/1.1\r\nHost: a\r\n";
    for (int i = 0; i < 25; ++i)
        input += "X-" + QByteArray::number(i) + ": 1\r\n";
    expectRefused(input + "\r\n", 431, "headers_too_large");
}

TEST_F(HttpServerLimitsTest, LongRequestTargetIs414) {
    expectRefused("GET /" + QByteArray(2000, 'u') + " HTTP/1.1\r\nHost: a\r\n\r\n", 414,
                  "uri_too_long");
    // Longer than the whole header limit, and without an end in sight.
    expectRefused("GET /" + QByteArray(6000, 'u'), 414, "uri_too_long");
}

TEST_F(HttpServerLimitsTest, ContentLengthOverLimitIs413BeforeTheBodyIsSent) {
    TestHttpClient client = connected();
    QElapsedTimer timer;
    timer.start();
    client.send("POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 10000000000\r\n\r\n");
    const auto response = client.readResponse(2s);
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 413);
    EXPECT_EQ(response->json().value(QStringLiteral("error")).toString(),
              QStringLiteral("payload_too_large"));
    EXPECT_LT(timer.elapsed(), 1000); // answered from the header, not after a read timeout
    EXPECT_TRUE(client.waitForClosed(2s));
}

TEST_F(HttpServerLimitsTest, ClientStillUploadingSeesThe413) {
    // The lingering close: the server answers 413 while the client keeps sending its body; the
    // answer must reach the client rather than be destroyed by a reset.
    TestHttpClient client = connected();
    client.send("POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 200000\r\n\r\n");
    client.send(QByteArray(200000, 'b'));
    const auto response = client.readResponse(2s);
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 413);
}

TEST_F(HttpServerLimitsTest, ChunkedBodyOverLimitIs413) {
    QByteArray input = "POST /upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (int i = 0; i < 12; ++i)
        input += "3e8\r\n" + QByteArray(1000, 'z') + "\r\n"; // 12 x 1000 bytes > 10000
    expectRefused(input, 413, "payload_too_large");
}

TEST_F(HttpServerLimitsTest, BodyAtTheLimitIsAccepted) {
    TestHttpClient client = connected();
    client.send(QByteArray("POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 10000\r\n\r\n" +
                           QByteArray(10000, 'b')));
    const auto response = client.readResponse();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->json().value(QStringLiteral("body")).toString().size(), 10000);
}

TEST(HttpServerConnectionLimitTest, ConnectionsBeyondTheLimitGet503WhileOthersKeepWorking) {
    HttpServerOptions options = fastOptions();
    options.limits.maxConnections = 2;
    options.timeouts.idle = 10s;
    options.timeouts.read = 10s;
    const auto server = startServer(options, echoHandler());
    ASSERT_TRUE(server);

    TestHttpClient first;
    TestHttpClient second;
    ASSERT_TRUE(first.connectTo(server->port()));
    ASSERT_TRUE(second.connectTo(server->port()));
    ASSERT_TRUE(first.get("/1"));
    ASSERT_TRUE(second.get("/2"));

    for (int attempt = 0; attempt < 3; ++attempt) {
        TestHttpClient extra;
        ASSERT_TRUE(extra.connectTo(server->port()));
        extra.send("GET /3 HTTP/1.1\r\nHost: a\r\n\r\n");
        const auto refused = extra.readResponse();
        ASSERT_TRUE(refused);
        EXPECT_EQ(refused->status, 503);
        EXPECT_EQ(refused->header("Content-Type"), "application/json");
        EXPECT_EQ(refused->json().value(QStringLiteral("error")).toString(),
                  QStringLiteral("temporarily_unavailable"));
        EXPECT_TRUE(extra.waitForClosed());
    }
    EXPECT_EQ(first.get("/still")->status, 200);
    EXPECT_EQ(second.get("/still")->status, 200);

    // A slot freed by a leaving client is available again.
    first.socket().disconnectFromHost();
    EXPECT_TRUE(QTest::qWaitFor([&] { return server->connectionCount() == 1; }, 5000));
    TestHttpClient third;
    ASSERT_TRUE(third.connectTo(server->port()));
    EXPECT_EQ(third.get("/4")->status, 200);
}

} // namespace
} // namespace gatehouse::http::test
