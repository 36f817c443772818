// Read, idle and response timeouts against a real server (fastOptions: read 400 ms, idle 800 ms).
#include "TestHttpClient.h"
#include "TestServer.h"

#include "http/HttpServer.h"

#include <QElapsedTimer>
#include <QTest>
#include <gtest/gtest.h>

namespace gatehouse::http::test {
namespace {

using namespace std::chrono_literals;

using HttpServerTimeoutTest = ServerTest;

TEST_F(HttpServerTimeoutTest, StalledRequestGets408ThenClose) {
    start(echoHandler());
    TestHttpClient client = connected();
    QElapsedTimer timer;
    timer.start();
    client.send("POST /token HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\npartial");
    const auto response = client.readResponse(3s);
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 408);
    EXPECT_EQ(response->json().value(QStringLiteral("error")).toString(),
              QStringLiteral("request_timeout"));
    EXPECT_GE(timer.elapsed(), 380);
    EXPECT_TRUE(client.waitForClosed(2s));
}

TEST_F(HttpServerTimeoutTest, TricklingBytesDoesNotExtendTheReadDeadline) {
    start(echoHandler());
    TestHttpClient client = connected();
    ASSERT_TRUE(client.get("/warm-up")); // the next request starts on a kept-alive connection
    QElapsedTimer timer;
    timer.start();
    const QByteArray request = "GET /slowloris HTTP/1.1\r\nHost: a\r\nX-Slow: ";
    std::optional<ParsedResponse> response;
    for (qsizetype i = 0; !response && timer.elapsed() < 3000; ++i) {
        client.send(QByteArrayView(request).sliced(i % request.size(), 1));
        response = client.readResponse(50ms);
    }
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 408);
    EXPECT_LT(timer.elapsed(), 1200); // the deadline ran from the first byte
    EXPECT_TRUE(client.waitForClosed(2s));
}

TEST_F(HttpServerTimeoutTest, IdleKeepAliveConnectionIsClosedQuietly) {
    start(echoHandler());
    TestHttpClient client = connected();
    ASSERT_TRUE(client.get("/once"));
    QElapsedTimer timer;
    timer.start();
    EXPECT_TRUE(client.waitForClosed(3s));
    EXPECT_GE(timer.elapsed(), 700);
    EXPECT_TRUE(client.unread().isEmpty()); // no 408 for a client that was not sending
}

TEST_F(HttpServerTimeoutTest, ConnectionThatNeverSendsIsClosed) {
    start(echoHandler());
    TestHttpClient client = connected();
    EXPECT_TRUE(client.waitForClosed(3s));
    EXPECT_TRUE(client.unread().isEmpty());
    EXPECT_TRUE(QTest::qWaitFor([&] { return m_server->connectionCount() == 0; }, 2000));
}

TEST_F(HttpServerTimeoutTest, ReadTimeoutDoesNotApplyWhileTheHandlerWorks) {
    start(m_parked.handler());
    TestHttpClient client = connected();
    client.send("GET /slow-backend HTTP/1.1\r\nHost: a\r\n\r\n");
    ASSERT_TRUE(m_parked.waitForCount(1));
    // Three read timeouts and more than an idle timeout later, the request is still pending...
    EXPECT_FALSE(client.readResponse(1300ms));
    EXPECT_TRUE(client.isOpen());
    // ...and its answer still goes out.
    m_parked.at(0).second.send(HttpResponse(200));
    const auto response = client.readResponse();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 200);
}

TEST_F(HttpServerTimeoutTest, ResponseTimeoutAnswers503WhenConfigured) {
    HttpServerOptions options = fastOptions();
    options.timeouts.response = 300ms;
    start(m_parked.handler(), options);
    TestHttpClient client = connected();
    client.send("GET /stuck HTTP/1.1\r\nHost: a\r\n\r\n");
    const auto response = client.readResponse(3s);
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 503);
    EXPECT_TRUE(client.waitForClosed(2s));
    m_parked.at(0).second.send(HttpResponse(200)); // too late: dropped, no crash
}

} // namespace
} // namespace gatehouse::http::test
