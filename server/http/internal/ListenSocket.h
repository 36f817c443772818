#pragma once

#include "core/Result.h"

#include <QHostAddress>

namespace gatehouse::http::internal {

// Native listening sockets with SO_REUSEADDR + SO_REUSEPORT, so that every worker thread accepts
// on the same port with its own socket and the kernel spreads connections between them. QTcpServer
// cannot set SO_REUSEPORT itself, hence the descriptor handed to QTcpServer::setSocketDescriptor.
class ListenSocket final {
public:
    // The error names the address, e.g. "cannot listen on 127.0.0.1:8080: Address already in use".
    [[nodiscard]] static Result<qintptr> open(const QHostAddress& address, quint16 port);
    [[nodiscard]] static quint16 localPort(qintptr descriptor);
    // Fails when anything listens on address:port already. SO_REUSEPORT would otherwise let a
    // second gatehoused of the same user join the port silently and take half the connections.
    [[nodiscard]] static Result<void> ensureAvailable(const QHostAddress& address, quint16 port);
    static void close(qintptr descriptor);
    [[nodiscard]] static QString describe(const QHostAddress& address, quint16 port);
};

} // namespace gatehouse::http::internal
