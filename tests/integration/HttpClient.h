#pragma once

#include "IntegrationSupport.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QSslConfiguration>
#include <QTcpSocket>

#include <memory>
#include <optional>
#include <string>
#include <utility>

namespace gatehouse::integration {

// A deliberately small HTTP/1.1 client over QTcpSocket/QSslSocket: the tests need to send exactly
// the bytes they mean (oversized headers, garbage, half a body) and to see exactly what came back
// (status, every header, whether the server closed), which QNetworkAccessManager hides.

using Headers = QList<std::pair<QByteArray, QByteArray>>;

struct Reply {
    int status = 0; // 0: no complete response, see `error`
    QByteArray reason;
    Headers headers;
    QByteArray body;
    QString error;

    [[nodiscard]] QByteArray header(QByteArrayView name) const; // case-insensitive; first one
    [[nodiscard]] bool hasHeader(QByteArrayView name) const;
    [[nodiscard]] QJsonObject json() const;
    [[nodiscard]] QJsonArray jsonArray() const;
    // The body is exactly {"error": non-empty string, "error_description": non-empty string}
    // (an OAuth error may add error_uri; nothing else is expected).
    [[nodiscard]] bool isJsonError() const;
    [[nodiscard]] QString errorCode() const {
        return json().value(QStringLiteral("error")).toString();
    }
    [[nodiscard]] QString errorDescription() const {
        return json().value(QStringLiteral("error_description")).toString();
    }
    // For assertion messages: status, headers and body, or the error.
    [[nodiscard]] std::string describe() const;
};

// Where a running server is. HTTPS when `tls` is set; the certificate is verified against the
// configuration's CA certificates with `peerVerifyName`, while the socket connects to 127.0.0.1.
struct ServerAddress {
    quint16 port = 0;
    std::optional<QSslConfiguration> tls;
    QString peerVerifyName = QStringLiteral("localhost");
};

// One client connection; requests on it use keep-alive unless the caller says otherwise.
class ClientConnection final {
public:
    explicit ClientConnection(ServerAddress address);
    ~ClientConnection();
    ClientConnection(const ClientConnection&) = delete;
    ClientConnection& operator=(const ClientConnection&) = delete;

    // TCP connect, and for HTTPS the whole handshake. False with errorString() on failure.
    [[nodiscard]] bool open(int timeoutMs = kAnswerTimeoutMs);
    [[nodiscard]] QString errorString() const { return m_error; }
    [[nodiscard]] QAbstractSocket::SocketError socketError() const { return m_socketError; }

    // Queues bytes and waits until the kernel has taken them (or the connection failed).
    bool send(const QByteArray& bytes, int timeoutMs = kAnswerTimeoutMs);
    // The next complete response (1xx interim responses are skipped).
    [[nodiscard]] Reply readReply(int timeoutMs = kAnswerTimeoutMs, bool headRequest = false);
    // True once the server has closed the connection (reading and discarding what arrives).
    [[nodiscard]] bool waitForClosed(int timeoutMs = kAnswerTimeoutMs);
    [[nodiscard]] bool isClosed();
    // Everything received and not yet consumed by readReply().
    [[nodiscard]] QByteArray pending();

    Reply request(const QByteArray& method, const QByteArray& target, const Headers& headers = {},
                  const QByteArray& body = {}, bool close = false);

    [[nodiscard]] QTcpSocket& socket() { return *m_socket; }

private:
    void pump();

    ServerAddress m_address;
    std::unique_ptr<QTcpSocket> m_socket;
    QByteArray m_buffer;
    QString m_error;
    QAbstractSocket::SocketError m_socketError = QAbstractSocket::UnknownSocketError;
    bool m_disconnected = false;
};

// A request's bytes: adds Host, Content-Length for a body (or any POST/PUT/PATCH) and, when
// `close`, Connection: close. Headers given by the caller are sent as they are, in order.
[[nodiscard]] QByteArray buildRequest(const QByteArray& method, const QByteArray& target,
                                      const Headers& headers, const QByteArray& body, bool close);

// One request on a fresh connection that is closed afterwards.
[[nodiscard]] Reply httpRequest(const ServerAddress& address, const QByteArray& method,
                                const QByteArray& target, const Headers& headers = {},
                                const QByteArray& body = {});

// application/x-www-form-urlencoded from name/value pairs (each percent-encoded).
[[nodiscard]] QByteArray formBody(const QList<std::pair<QString, QString>>& fields);
[[nodiscard]] QByteArray basicAuthorization(const QString& user, const QString& password);
[[nodiscard]] QByteArray bearer(const QString& token);
[[nodiscard]] QByteArray jsonBytes(const QJsonObject& object);

} // namespace gatehouse::integration
