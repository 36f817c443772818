// A minimal server for throughput measurements with wrk (not a test):
//   http_bench_server [port=8080] [workers=1] [--log FILE]
//   wrk -t2 -c32 -d5s http://127.0.0.1:8080/x
// Serves GET /x with a pre-serialised JSON body through the Router, like a hot API route.
#include "http/AccessLogWriter.h"
#include "http/HttpServer.h"
#include "http/Router.h"

#include <QCoreApplication>
#include <QFile>
#include <cstdio>
#include <memory>

using namespace gatehouse::http;

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    HttpServerOptions options;
    options.port = args.size() > 1 ? args.at(1).toUShort() : 8080;
    options.workerThreads = args.size() > 2 ? args.at(2).toInt() : 1;

    std::unique_ptr<QFile> logFile;
    std::unique_ptr<AccessLogWriter> accessLog;
    if (const qsizetype at = args.indexOf(QStringLiteral("--log"));
        at > 0 && at + 1 < args.size()) {
        logFile = std::make_unique<QFile>(args.at(at + 1));
        if (!logFile->open(QIODevice::WriteOnly | QIODevice::Append)) {
            std::fprintf(stderr, "cannot open %s\n", qPrintable(args.at(at + 1)));
            return 1;
        }
        accessLog = std::make_unique<AccessLogWriter>(logFile.get());
    }

    const QByteArray body = R"({"ok":true,"server":"gatehouse"})";
    Router router;
    router.add(Method::Get, "/x", [body](HttpRequest, Responder responder) {
        responder.send(HttpResponse::json(200, body));
    });
    HttpServer server(options, router.handler());
    if (accessLog)
        server.setRequestObserver(accessLog->observer());
    if (const auto started = server.start(); !started) {
        std::fprintf(stderr, "%s\n", qPrintable(started.error().toString()));
        return 1;
    }
    std::printf("listening on 127.0.0.1:%u with %d worker(s)\n", server.port(),
                server.workerCount());
    std::fflush(stdout);
    return app.exec();
}
