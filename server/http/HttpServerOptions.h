#pragma once

#include "http/Limits.h"

#include <QHostAddress>
#include <QSslConfiguration>
#include <optional>

namespace gatehouse::http {

struct HttpServerOptions {
    QHostAddress address = QHostAddress::LocalHost;
    quint16 port = 0;      // 0: the kernel picks one, see HttpServer::port()
    int workerThreads = 0; // 0: QThread::idealThreadCount()
    Limits limits;
    Timeouts timeouts;
    // Set: serve HTTPS only. Needs a local certificate and private key; protocols older than
    // TLS 1.2 are raised to TLS 1.2.
    std::optional<QSslConfiguration> tls;
};

} // namespace gatehouse::http
