#include "TestServer.h"

#include <QJsonObject>
#include <QTest>
#include <gtest/gtest.h>

namespace gatehouse::http::test {

using namespace std::chrono_literals;

HttpServerOptions fastOptions() {
    HttpServerOptions options;
    options.address = QHostAddress::LocalHost;
    options.port = 0;
    options.workerThreads = 1;
    options.timeouts.read = 400ms;
    options.timeouts.idle = 800ms;
    options.timeouts.drain = 2s;
    return options;
}

std::unique_ptr<HttpServer> startServer(HttpServerOptions options, RequestHandler handler) {
    auto server = std::make_unique<HttpServer>(std::move(options), std::move(handler));
    const Result<void> started = server->start();
    if (!started) {
        ADD_FAILURE() << "server did not start: " << started.error().toString().toStdString();
        return nullptr;
    }
    return server;
}

RequestHandler echoHandler() {
    return [](HttpRequest request, Responder responder) {
        QJsonObject body;
        body.insert(QStringLiteral("path"), QString::fromLatin1(request.path()));
        body.insert(QStringLiteral("method"), QString::fromLatin1(request.methodName()));
        body.insert(QStringLiteral("body"), QString::fromLatin1(request.body()));
        responder.send(HttpResponse::json(200, body));
    };
}

RequestHandler ParkedRequests::handler() {
    return [this](HttpRequest request, Responder responder) {
        park(std::move(request), std::move(responder));
    };
}

void ParkedRequests::park(HttpRequest request, Responder responder) {
    QMutexLocker lock(&m_mutex);
    m_parked.emplace_back(std::move(request), std::move(responder));
}

int ParkedRequests::count() const {
    QMutexLocker lock(&m_mutex);
    return static_cast<int>(m_parked.size());
}

bool ParkedRequests::waitForCount(int count, std::chrono::milliseconds timeout) const {
    return QTest::qWaitFor([&] { return this->count() >= count; },
                           static_cast<int>(timeout.count()));
}

std::pair<HttpRequest, Responder> ParkedRequests::at(int index) const {
    QMutexLocker lock(&m_mutex);
    return m_parked.at(static_cast<size_t>(index));
}

} // namespace gatehouse::http::test
