#include "http/internal/ListenSocket.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace gatehouse::http::internal {

namespace {

constexpr int kBacklog = 1024;

Error listenError(const QHostAddress& address, quint16 port, int error) {
    return Error{QByteArrayLiteral("listen_failed"),
                 QStringLiteral("cannot listen on %1: %2")
                     .arg(ListenSocket::describe(address, port),
                          QString::fromLocal8Bit(std::strerror(error))),
                 500};
}

// Fills `storage` for `address`; returns the address family or -1 if not an IP address.
int toSockaddr(const QHostAddress& address, quint16 port, sockaddr_storage& storage,
               socklen_t& length, bool& v6Only) {
    std::memset(&storage, 0, sizeof storage);
    v6Only = true;
    const bool dualStack = address.protocol() == QAbstractSocket::AnyIPProtocol;
    if (dualStack || address.protocol() == QAbstractSocket::IPv6Protocol) {
        auto* in6 = reinterpret_cast<sockaddr_in6*>(&storage);
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons(port);
        if (dualStack) {
            in6->sin6_addr = in6addr_any;
            v6Only = false; // QHostAddress::Any means dual-stack
        } else {
            const Q_IPV6ADDR bytes = address.toIPv6Address();
            std::memcpy(&in6->sin6_addr, bytes.c, sizeof bytes.c);
        }
        length = sizeof(sockaddr_in6);
        return AF_INET6;
    }
    if (address.protocol() == QAbstractSocket::IPv4Protocol) {
        auto* in4 = reinterpret_cast<sockaddr_in*>(&storage);
        in4->sin_family = AF_INET;
        in4->sin_port = htons(port);
        in4->sin_addr.s_addr = htonl(address.toIPv4Address());
        length = sizeof(sockaddr_in);
        return AF_INET;
    }
    return -1;
}

} // namespace

QString ListenSocket::describe(const QHostAddress& address, quint16 port) {
    if (address.protocol() == QAbstractSocket::AnyIPProtocol)
        return QStringLiteral("*:%1").arg(port);
    if (address.protocol() == QAbstractSocket::IPv6Protocol)
        return QStringLiteral("[%1]:%2").arg(address.toString()).arg(port);
    return QStringLiteral("%1:%2").arg(address.toString()).arg(port);
}

namespace {

enum class PortSharing { Shared, Exclusive };

// A socket bound to address:port, listening when `listenToo`; errno-style error naming the address.
Result<int> bindSocket(const QHostAddress& address, quint16 port, PortSharing sharing,
                       bool listenToo) {
    sockaddr_storage storage;
    socklen_t length = 0;
    bool v6Only = true;
    const int family = toSockaddr(address, port, storage, length, v6Only);
    if (family < 0)
        return listenError(address, port, EAFNOSUPPORT);
    const int fd = ::socket(family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0)
        return listenError(address, port, errno);
    // SO_REUSEADDR always, so that connections in TIME_WAIT from a previous run do not count.
    const int one = 1;
    const int v6OnlyValue = v6Only ? 1 : 0;
    const bool ok = ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) == 0 &&
                    (sharing == PortSharing::Exclusive ||
                     ::setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) == 0) &&
                    (family != AF_INET6 || ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6OnlyValue,
                                                        sizeof v6OnlyValue) == 0) &&
                    ::bind(fd, reinterpret_cast<sockaddr*>(&storage), length) == 0 &&
                    (!listenToo || ::listen(fd, kBacklog) == 0);
    if (!ok) {
        const int error = errno;
        ::close(fd);
        return listenError(address, port, error);
    }
    return fd;
}

} // namespace

Result<qintptr> ListenSocket::open(const QHostAddress& address, quint16 port) {
    Result<int> fd = bindSocket(address, port, PortSharing::Shared, true);
    if (!fd)
        return fd.error();
    return static_cast<qintptr>(*fd);
}

Result<void> ListenSocket::ensureAvailable(const QHostAddress& address, quint16 port) {
    // Without SO_REUSEPORT the bind fails while anyone listens on the port.
    Result<int> fd = bindSocket(address, port, PortSharing::Exclusive, false);
    if (!fd)
        return fd.error();
    ::close(*fd);
    return {};
}

quint16 ListenSocket::localPort(qintptr descriptor) {
    sockaddr_storage storage;
    socklen_t length = sizeof storage;
    if (::getsockname(static_cast<int>(descriptor), reinterpret_cast<sockaddr*>(&storage),
                      &length) != 0)
        return 0;
    if (storage.ss_family == AF_INET6)
        return ntohs(reinterpret_cast<sockaddr_in6*>(&storage)->sin6_port);
    return ntohs(reinterpret_cast<sockaddr_in*>(&storage)->sin_port);
}

void ListenSocket::close(qintptr descriptor) {
    if (descriptor >= 0)
        ::close(static_cast<int>(descriptor));
}

} // namespace gatehouse::http::internal
