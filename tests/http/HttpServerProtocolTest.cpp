// HTTP/1.1 behaviour of a real HttpServer on 127.0.0.1, driven over QTcpSocket.
#include "TestHttpClient.h"
#include "TestServer.h"

#include "http/HttpServer.h"
#include "http/Router.h"

#include <QThreadPool>
#include <gtest/gtest.h>
#include <stdexcept>

namespace gatehouse::http::test {
namespace {

using namespace std::chrono_literals;

class HttpServerProtocolTest : public ServerTest {
protected:
    // The server goes before the router its handler uses (base members outlive this class's).
    void TearDown() override { m_server.reset(); }

    Router m_router;
};

TEST_F(HttpServerProtocolTest, KeepAliveServesSeveralRequestsOnOneConnection) {
    start(echoHandler());
    TestHttpClient client = connected();
    for (const char* path : {"/one", "/two", "/three"}) {
        const auto response = client.get(path);
        ASSERT_TRUE(response) << path;
        EXPECT_EQ(response->status, 200);
        EXPECT_EQ(response->json().value(QStringLiteral("path")).toString(), QLatin1String(path));
        EXPECT_TRUE(response->keepAlive);
    }
    EXPECT_TRUE(client.isOpen());
    EXPECT_EQ(m_server->connectionCount(), 1);
}

TEST_F(HttpServerProtocolTest, ConnectionCloseIsHonoured) {
    start(echoHandler());
    TestHttpClient client = connected();
    client.send("GET /bye HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
    const auto response = client.readResponse();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->header("Connection"), "close");
    EXPECT_TRUE(client.waitForClosed());
}

TEST_F(HttpServerProtocolTest, Http10ClosesUnlessKeepAliveIsAsked) {
    start(echoHandler());
    TestHttpClient plain = connected();
    plain.send("GET /a HTTP/1.0\r\n\r\n");
    ASSERT_TRUE(plain.readResponse());
    EXPECT_TRUE(plain.waitForClosed());

    TestHttpClient keepAlive = connected();
    for (int i = 0; i < 2; ++i) {
        keepAlive.send("GET /b HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        const auto response = keepAlive.readResponse();
        ASSERT_TRUE(response);
        EXPECT_EQ(response->header("Connection"), "keep-alive");
    }
    EXPECT_TRUE(keepAlive.isOpen());
}

TEST_F(HttpServerProtocolTest, PipelinedRequestsAreAnsweredInOrder) {
    start([this](HttpRequest request, Responder responder) {
        if (request.path() == "/slow")
            m_parked.park(std::move(request), std::move(responder));
        else
            echoHandler()(std::move(request), std::move(responder));
    });
    TestHttpClient client = connected();
    client.send("GET /slow HTTP/1.1\r\nHost: a\r\n\r\n"
                "GET /fast HTTP/1.1\r\nHost: a\r\n\r\n"
                "POST /last HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n\r\nbody");
    ASSERT_TRUE(m_parked.waitForCount(1));
    EXPECT_FALSE(client.readResponse(200ms)); // /fast must wait for /slow
    m_parked.at(0).second.send(HttpResponse::json(200, QByteArray(R"({"path":"/slow"})")));

    QStringList order;
    for (int i = 0; i < 3; ++i) {
        const auto response = client.readResponse();
        ASSERT_TRUE(response) << i;
        order << response->json().value(QStringLiteral("path")).toString();
    }
    EXPECT_EQ(order, (QStringList{QStringLiteral("/slow"), QStringLiteral("/fast"),
                                  QStringLiteral("/last")}));
    EXPECT_EQ(m_parked.count(), 1);
}

TEST_F(HttpServerProtocolTest, ResponsesCarryContentLengthDateAndServer) {
    start([](HttpRequest request, Responder responder) {
        if (request.path() == "/empty")
            responder.send(HttpResponse(204).setHeader("Content-Length", "99"));
        else
            responder.send(HttpResponse::json(200, QByteArray(R"({"ok":true})"))
                               .setHeader("Content-Length", "1"));
    });
    TestHttpClient client = connected();
    const auto response = client.get("/x");
    ASSERT_TRUE(response);
    EXPECT_EQ(response->header("Content-Length"), "11"); // the handler's value is ignored
    EXPECT_EQ(response->body, R"({"ok":true})");
    EXPECT_EQ(response->header("Content-Type"), "application/json");
    EXPECT_EQ(response->header("Server"), "gatehouse");
    EXPECT_TRUE(response->header("Date").endsWith(" GMT"));
    EXPECT_EQ(response->header("Date").size(), 29);

    const auto empty = client.get("/empty");
    ASSERT_TRUE(empty);
    EXPECT_EQ(empty->status, 204);
    EXPECT_FALSE(empty->hasHeader("Content-Length")); // RFC 9110 §8.6
    EXPECT_TRUE(client.get("/x"));                    // framing intact afterwards
}

TEST_F(HttpServerProtocolTest, HeadGetsTheHeadersOfGetWithoutTheBody) {
    m_router.add(Method::Get, "/doc", [](HttpRequest, Responder responder) {
        responder.send(HttpResponse::json(200, QByteArray(R"({"document":"0123456789"})")));
    });
    start(m_router.handler());
    TestHttpClient client = connected();
    client.send("HEAD /doc HTTP/1.1\r\nHost: a\r\n\r\n");
    const auto head = client.readResponse(5s, true);
    ASSERT_TRUE(head);
    EXPECT_EQ(head->status, 200);
    EXPECT_EQ(head->header("Content-Length"), "25");
    EXPECT_TRUE(head->body.isEmpty());
    EXPECT_TRUE(client.unread().isEmpty());
    const auto get = client.get("/doc");
    ASSERT_TRUE(get);
    EXPECT_EQ(get->body.size(), 25);
}

TEST_F(HttpServerProtocolTest, WrongMethodIs405WithAllowAndUnknownPathIs404) {
    m_router.add(Method::Post, "/oauth/token",
                 [](HttpRequest, Responder responder) { responder.send(HttpResponse(200)); });
    start(m_router.handler());
    TestHttpClient client = connected();
    const auto wrongMethod = client.get("/oauth/token");
    ASSERT_TRUE(wrongMethod);
    EXPECT_EQ(wrongMethod->status, 405);
    EXPECT_EQ(wrongMethod->header("Allow"), "POST");
    EXPECT_EQ(wrongMethod->header("Content-Type"), "application/json");
    EXPECT_EQ(wrongMethod->json().value(QStringLiteral("error")).toString(),
              QStringLiteral("method_not_allowed"));
    EXPECT_FALSE(
        wrongMethod->json().value(QStringLiteral("error_description")).toString().isEmpty());

    const auto unknown = client.get("/nowhere");
    ASSERT_TRUE(unknown);
    EXPECT_EQ(unknown->status, 404);
    EXPECT_EQ(unknown->json().value(QStringLiteral("error")).toString(),
              QStringLiteral("not_found"));
    EXPECT_TRUE(client.isOpen()); // not protocol errors: the connection stays usable
}

TEST_F(HttpServerProtocolTest, MalformedRequestsGet400AndTheConnectionCloses) {
    start(echoHandler());
    const QByteArray inputs[] = {
        "\x01\x02\x03 complete garbage\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nBad Header: x\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nxx\r\n0\r\n\r\n",
        "GET / HTTP/1.1\r\n\r\n", // no Host
        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n",
    };
    for (const QByteArray& input : inputs) {
        TestHttpClient client = connected();
        client.send(input);
        const auto response = client.readResponse();
        ASSERT_TRUE(response) << input.toStdString();
        EXPECT_EQ(response->status, 400) << input.toStdString();
        EXPECT_EQ(response->header("Content-Type"), "application/json");
        EXPECT_EQ(response->header("Connection"), "close");
        EXPECT_EQ(response->json().value(QStringLiteral("error")).toString(),
                  QStringLiteral("bad_request"));
        EXPECT_TRUE(client.waitForClosed()) << input.toStdString();
    }
    TestHttpClient healthy = connected();
    EXPECT_EQ(healthy.get("/still-serving")->status, 200);
}

TEST_F(HttpServerProtocolTest, UnsupportedTransferCodingIs501AndUnknownExpectationIs417) {
    start(echoHandler());
    TestHttpClient gzip = connected();
    gzip.send("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n");
    EXPECT_EQ(gzip.readResponse()->status, 501);
    EXPECT_TRUE(gzip.waitForClosed());

    TestHttpClient teapot = connected();
    teapot.send("POST / HTTP/1.1\r\nHost: a\r\nExpect: tea\r\nContent-Length: 1\r\n\r\n");
    EXPECT_EQ(teapot.readResponse()->status, 417);
    EXPECT_TRUE(teapot.waitForClosed());
}

TEST_F(HttpServerProtocolTest, ExpectContinueGetsAnInterimResponseBeforeTheBody) {
    start(echoHandler());
    TestHttpClient client = connected();
    client.send(
        "PUT /upload HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
    const auto interim = client.readResponse();
    ASSERT_TRUE(interim);
    EXPECT_EQ(interim->status, 100);
    client.send("hello");
    const auto final = client.readResponse();
    ASSERT_TRUE(final);
    EXPECT_EQ(final->status, 200);
    EXPECT_EQ(final->json().value(QStringLiteral("body")).toString(), QStringLiteral("hello"));
}

TEST_F(HttpServerProtocolTest, BodiesArriveWithContentLengthOrChunked) {
    start(echoHandler());
    TestHttpClient client = connected();
    client.send("POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc");
    EXPECT_EQ(client.readResponse()->json().value(QStringLiteral("body")).toString(),
              QStringLiteral("abc"));
    client.send("POST /b HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n");
    client.send("3\r\nabc\r\n");
    client.send("4\r\ndefg\r\n0\r\n\r\n");
    EXPECT_EQ(client.readResponse()->json().value(QStringLiteral("body")).toString(),
              QStringLiteral("abcdefg"));
}

TEST_F(HttpServerProtocolTest, ThrowingHandlerGets500AndTheServerKeepsServing) {
    start([](HttpRequest request, Responder responder) {
        if (request.path() == "/throw")
            throw std::runtime_error("boom");
        if (request.path() == "/throw-int")
            throw 42;
        responder.send(HttpResponse(200));
    });
    TestHttpClient client = connected();
    for (const char* path : {"/throw", "/throw-int"}) {
        const auto response = client.get(path);
        ASSERT_TRUE(response) << path;
        EXPECT_EQ(response->status, 500);
        EXPECT_EQ(response->json().value(QStringLiteral("error")).toString(),
                  QStringLiteral("server_error"));
    }
    EXPECT_EQ(client.get("/fine")->status, 200);
}

TEST_F(HttpServerProtocolTest, HandlerThatDropsItsResponderGets500) {
    start([](HttpRequest, Responder) {});
    TestHttpClient client = connected();
    const auto response = client.get("/forgot");
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 500);
    EXPECT_EQ(client.get("/again")->status, 500);
}

TEST_F(HttpServerProtocolTest, HandlerMayAnswerFromAnotherThread) {
    QThreadPool pool;
    start([&pool](HttpRequest request, Responder responder) {
        pool.start([request, responder] {
            responder.send(HttpResponse::json(200, QByteArray("\"") + request.path() + "\""));
        });
    });
    TestHttpClient client = connected();
    for (int i = 0; i < 20; ++i) {
        const auto response = client.get("/pooled");
        ASSERT_TRUE(response);
        EXPECT_EQ(response->body, "\"/pooled\"");
    }
    m_server.reset();
    pool.waitForDone();
}

TEST_F(HttpServerProtocolTest, SecondAnswerIsIgnored) {
    start([](HttpRequest, Responder responder) {
        responder.send(HttpResponse::json(200, QByteArray("1")));
        responder.send(HttpResponse::json(200, QByteArray("2")));
    });
    TestHttpClient client = connected();
    EXPECT_EQ(client.get("/a")->body, "1");
    EXPECT_EQ(client.get("/b")->body, "1");
    EXPECT_TRUE(client.unread().isEmpty());
}

TEST_F(HttpServerProtocolTest, HeaderInjectionInAResponseBecomes500) {
    start([](HttpRequest, Responder responder) {
        responder.send(HttpResponse(302).setHeader("Location", "https://a/\r\nSet-Cookie: evil=1"));
    });
    TestHttpClient client = connected();
    const auto response = client.get("/redirect");
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 500);
    EXPECT_FALSE(response->hasHeader("Set-Cookie"));
    EXPECT_FALSE(response->hasHeader("Location"));
}

TEST_F(HttpServerProtocolTest, HandlerSeesPeerAndPlainTransport) {
    start([](HttpRequest request, Responder responder) {
        const bool ok = request.peerAddress().isLoopback() && !request.isSecure() &&
                        request.host() == "tenant.example";
        responder.send(HttpResponse(ok ? 200 : 500));
    });
    TestHttpClient client = connected();
    client.send("GET / HTTP/1.1\r\nHost: Tenant.Example:8080\r\n\r\n");
    EXPECT_EQ(client.readResponse()->status, 200);
}

} // namespace
} // namespace gatehouse::http::test
