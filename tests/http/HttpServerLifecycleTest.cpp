// Starting, worker threads, draining, observing and stopping a real server.
#include "TestHttpClient.h"
#include "TestServer.h"

#include "http/HttpServer.h"

#include <QMutex>
#include <QSet>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>
#include <QThread>
#include <gtest/gtest.h>

namespace gatehouse::http::test {
namespace {

using namespace std::chrono_literals;

TEST(HttpServerLifecycleTest, StartFailsWithTheAddressWhenThePortIsTaken) {
    QTcpServer occupant;
    ASSERT_TRUE(occupant.listen(QHostAddress::LocalHost, 0));
    HttpServerOptions options = fastOptions();
    options.port = occupant.serverPort();
    HttpServer server(options, echoHandler());
    const Result<void> started = server.start();
    ASSERT_FALSE(started);
    EXPECT_EQ(started.error().code, "listen_failed");
    EXPECT_TRUE(
        started.error().message.contains(QStringLiteral("127.0.0.1:%1").arg(occupant.serverPort())))
        << started.error().message.toStdString();
    EXPECT_EQ(server.port(), 0);
}

TEST(HttpServerLifecycleTest, PortZeroPicksAPortThatServes) {
    const auto server = startServer(fastOptions(), echoHandler());
    ASSERT_TRUE(server);
    EXPECT_NE(server->port(), 0);
    EXPECT_FALSE(server->start()); // once only
    TestHttpClient client;
    ASSERT_TRUE(client.connectTo(server->port()));
    EXPECT_EQ(client.get("/")->status, 200);
}

TEST(HttpServerLifecycleTest, ListenReportsThePortBeforeServing) {
    HttpServer server(fastOptions(), echoHandler());
    ASSERT_TRUE(server.listen());
    const quint16 port = server.port();
    ASSERT_NE(port, 0);
    EXPECT_FALSE(server.listen()); // once only
    // A client may connect before start(): it waits in the backlog and is served after.
    TestHttpClient early;
    ASSERT_TRUE(early.connectTo(port));
    ASSERT_TRUE(server.start());
    EXPECT_EQ(server.port(), port);
    EXPECT_EQ(early.get("/")->status, 200);
}

// SO_REUSEPORT would let a second server of the same user share a port silently and take half
// of its connections; the second one must fail instead.
TEST(HttpServerLifecycleTest, ASecondServerCannotJoinATakenPort) {
    const auto first = startServer(fastOptions(), echoHandler());
    ASSERT_TRUE(first);
    HttpServerOptions options = fastOptions();
    options.port = first->port();
    HttpServer second(options, echoHandler());
    const Result<void> started = second.start();
    ASSERT_FALSE(started);
    EXPECT_EQ(started.error().code, "listen_failed");
    EXPECT_TRUE(started.error().message.contains(QStringLiteral("in use")))
        << started.error().message.toStdString();
}

TEST(HttpServerLifecycleTest, WorkersShareThePortAndAllServe) {
    QMutex mutex;
    QSet<QThread*> threads;
    HttpServerOptions options = fastOptions();
    options.workerThreads = 2;
    const auto server = startServer(options, [&](HttpRequest, Responder responder) {
        {
            QMutexLocker lock(&mutex);
            threads.insert(QThread::currentThread());
        }
        responder.send(HttpResponse(200));
    });
    ASSERT_TRUE(server);
    EXPECT_EQ(server->workerCount(), 2);
    // The kernel hashes each connection to one listener; 40 connections all landing on one of two
    // listeners happens with probability 2^-39.
    for (int i = 0; i < 40; ++i) {
        TestHttpClient client;
        ASSERT_TRUE(client.connectTo(server->port()));
        ASSERT_EQ(client.get("/")->status, 200);
    }
    QMutexLocker lock(&mutex);
    EXPECT_EQ(threads.size(), 2);
    EXPECT_FALSE(threads.contains(QThread::currentThread()));
}

TEST(HttpServerLifecycleTest, DrainFinishesInFlightRequestsAndClosesIdleOnes) {
    ParkedRequests parked;
    const auto server = startServer(fastOptions(), parked.handler());
    ASSERT_TRUE(server);
    QSignalSpy drained(server.get(), &HttpServer::drained);

    TestHttpClient idle;
    ASSERT_TRUE(idle.connectTo(server->port()));
    TestHttpClient busy;
    ASSERT_TRUE(busy.connectTo(server->port()));
    busy.send("GET /in-flight HTTP/1.1\r\nHost: a\r\n\r\n");
    ASSERT_TRUE(parked.waitForCount(1));

    server->drain();
    EXPECT_TRUE(idle.waitForClosed(1s));
    EXPECT_TRUE(busy.isOpen());
    EXPECT_EQ(drained.count(), 0);
    TestHttpClient late;
    late.socket().connectToHost(QHostAddress::LocalHost, server->port());
    EXPECT_TRUE(late.waitForClosed(1s)); // no longer accepting

    parked.at(0).second.send(HttpResponse::json(200, QByteArray("{}")));
    const auto response = busy.readResponse();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->header("Connection"), "close");
    EXPECT_TRUE(busy.waitForClosed(1s));
    EXPECT_TRUE(drained.wait(1000) || drained.count() == 1);
    EXPECT_EQ(drained.count(), 1);
}

TEST(HttpServerLifecycleTest, DrainGivesUpOnAHandlerThatNeverAnswers) {
    ParkedRequests parked;
    HttpServerOptions options = fastOptions();
    options.timeouts.drain = 300ms;
    const auto server = startServer(options, parked.handler());
    ASSERT_TRUE(server);
    QSignalSpy drained(server.get(), &HttpServer::drained);
    TestHttpClient stuck;
    ASSERT_TRUE(stuck.connectTo(server->port()));
    stuck.send("GET /never HTTP/1.1\r\nHost: a\r\n\r\n");
    ASSERT_TRUE(parked.waitForCount(1));
    server->drain();
    EXPECT_TRUE(drained.wait(2000));
    EXPECT_TRUE(stuck.waitForClosed(1s));
    parked.at(0).second.send(HttpResponse(200)); // the connection is gone: dropped
    EXPECT_TRUE(QTest::qWaitFor([&] { return server->connectionCount() == 0; }, 1000));
}

TEST(HttpServerLifecycleTest, DrainWithoutConnectionsEmitsPromptly) {
    HttpServerOptions options = fastOptions();
    options.workerThreads = 2;
    const auto server = startServer(options, echoHandler());
    ASSERT_TRUE(server);
    QSignalSpy drained(server.get(), &HttpServer::drained);
    server->drain();
    EXPECT_TRUE(drained.wait(1000));
}

TEST(HttpServerLifecycleTest, ObserverSeesEveryRequestIncludingRefusedOnes) {
    QMutex mutex;
    QList<RequestRecord> records;
    HttpServer server(fastOptions(), [](HttpRequest, Responder responder) {
        responder.setRoutePattern("/items/{id}");
        responder.send(HttpResponse::json(201, QByteArray("{}")));
    });
    server.setRequestObserver([&](const RequestRecord& record) {
        QMutexLocker lock(&mutex);
        records.append(record);
    });
    ASSERT_TRUE(server.start());
    TestHttpClient client;
    ASSERT_TRUE(client.connectTo(server.port()));
    const QByteArray request =
        "POST /items/7?secret=1 HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nhi";
    client.send(request);
    ASSERT_TRUE(client.readResponse());
    client.send("BROKEN\r\n\r\n");
    ASSERT_TRUE(client.readResponse());

    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            QMutexLocker lock(&mutex);
            return records.size() == 2;
        },
        2000));
    QMutexLocker lock(&mutex);
    const RequestRecord& ok = records.at(0);
    EXPECT_EQ(ok.method, "POST");
    EXPECT_EQ(ok.path, "/items/7"); // never the query, which may carry secrets
    EXPECT_EQ(ok.route, "/items/{id}");
    EXPECT_EQ(ok.status, 201);
    EXPECT_EQ(ok.requestBytes, request.size());
    EXPECT_GT(ok.responseBytes, 60);
    EXPECT_GE(ok.durationMicros, 0);
    EXPECT_TRUE(ok.peer.isLoopback());
    EXPECT_EQ(records.at(1).status, 400);
    EXPECT_TRUE(records.at(1).route.isEmpty());
}

TEST(HttpServerLifecycleTest, DestroyingTheServerWithPendingWorkIsSafe) {
    ParkedRequests parked;
    {
        HttpServerOptions options = fastOptions();
        options.workerThreads = 2;
        const auto server = startServer(options, parked.handler());
        ASSERT_TRUE(server);
        TestHttpClient client;
        ASSERT_TRUE(client.connectTo(server->port()));
        client.send("GET /pending HTTP/1.1\r\nHost: a\r\n\r\n");
        ASSERT_TRUE(parked.waitForCount(1));
    }
    // The connection died with the server; answering now is dropped without touching freed memory.
    parked.at(0).second.send(HttpResponse(200));
    SUCCEED();
}

} // namespace
} // namespace gatehouse::http::test
