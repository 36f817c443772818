#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QSslSocket>
#include <QTcpSocket>
#include <chrono>
#include <memory>
#include <optional>
#include <utility>

namespace gatehouse::http::test {

struct ParsedResponse {
    int status = 0;
    QList<std::pair<QByteArray, QByteArray>> headers;
    QByteArray body;
    bool keepAlive = true;

    [[nodiscard]] QByteArray header(QByteArrayView name) const;
    [[nodiscard]] bool hasHeader(QByteArrayView name) const;
    [[nodiscard]] QJsonObject json() const;
};

// A raw HTTP/1.1 client over QTcpSocket (or QSslSocket) for talking to a real server the way a
// misbehaving client would: arbitrary bytes in, responses parsed by Beast's response parser.
// Waits spin the (main thread's) event loop with QTest::qWaitFor.
class TestHttpClient final {
public:
    TestHttpClient();
    explicit TestHttpClient(std::unique_ptr<QTcpSocket> socket);

    [[nodiscard]] bool connectTo(quint16 port,
                                 std::chrono::milliseconds timeout = std::chrono::seconds(5));
    void send(QByteArrayView bytes);
    // One response; nullopt if none completed in time (or the connection closed first).
    [[nodiscard]] std::optional<ParsedResponse>
    readResponse(std::chrono::milliseconds timeout = std::chrono::seconds(5), bool head = false);
    // True once the server closed the connection (EOF or reset) within `timeout`.
    [[nodiscard]] bool waitForClosed(std::chrono::milliseconds timeout = std::chrono::seconds(5));
    [[nodiscard]] bool isOpen() const;
    // Bytes received and not consumed by readResponse().
    [[nodiscard]] QByteArray unread();
    [[nodiscard]] QTcpSocket& socket() { return *m_socket; }

    // Convenience: GET `path` with a Host header.
    [[nodiscard]] std::optional<ParsedResponse> get(QByteArrayView path);

private:
    void pull();

    std::unique_ptr<QTcpSocket> m_socket;
    QByteArray m_buffer;
};

} // namespace gatehouse::http::test
