#pragma once

#include "TestHttpClient.h"
#include "http/HttpServer.h"

#include <gtest/gtest.h>

#include <QByteArray>
#include <QMutex>
#include <chrono>
#include <memory>
#include <utility>
#include <vector>

namespace gatehouse::http::test {

// Options for tests: loopback, kernel-chosen port, one worker, short timeouts so that timeout
// tests take well under a second each.
[[nodiscard]] HttpServerOptions fastOptions();

// Starts a server or records a test failure and returns nullptr.
[[nodiscard]] std::unique_ptr<HttpServer> startServer(HttpServerOptions options,
                                                      RequestHandler handler);

// Answers every request with 200 and {"path": <path>, "method": <method>, "body": <body>}.
[[nodiscard]] RequestHandler echoHandler();

// Requests whose handler has not answered yet, parked by the handler (on a worker thread) so that
// a test can answer them later from its own thread, in any order.
class ParkedRequests final {
public:
    [[nodiscard]] RequestHandler handler();
    void park(HttpRequest request, Responder responder);
    [[nodiscard]] int count() const;
    [[nodiscard]] bool
    waitForCount(int count, std::chrono::milliseconds timeout = std::chrono::seconds(5)) const;
    [[nodiscard]] std::pair<HttpRequest, Responder> at(int index) const;

private:
    mutable QMutex m_mutex;
    std::vector<std::pair<HttpRequest, Responder>> m_parked;
};

// A test with one server on a kernel-chosen port: start() it with a handler, then connect.
class ServerTest : public ::testing::Test {
protected:
    void start(RequestHandler handler, HttpServerOptions options = fastOptions()) {
        m_server = startServer(std::move(options), std::move(handler));
        ASSERT_TRUE(m_server);
    }

    [[nodiscard]] TestHttpClient connected() {
        TestHttpClient client;
        EXPECT_TRUE(client.connectTo(m_server->port()));
        return client;
    }

    ParkedRequests m_parked;
    std::unique_ptr<HttpServer> m_server;
};

} // namespace gatehouse::http::test
