#include "HttpClient.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QSslSocket>
#include <QTest>
#include <QUrl>

namespace gatehouse::integration {
namespace {

enum class Parse { Incomplete, Complete, Malformed };

// Parses one response at the start of `buffer`. `closed`: no more bytes will come, so a body
// without a length ends here.
Parse parseReply(const QByteArray& buffer, bool closed, bool headRequest, Reply& reply,
                 qsizetype& consumed) {
    const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
    if (headerEnd < 0)
        return Parse::Incomplete;
    const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
    const QByteArray statusLine = lines.value(0).trimmed();
    if (!statusLine.startsWith("HTTP/1."))
        return Parse::Malformed;
    const QList<QByteArray> parts = statusLine.split(' ');
    bool ok = false;
    reply.status = parts.value(1).toInt(&ok);
    if (!ok)
        return Parse::Malformed;
    reply.reason = statusLine.mid(statusLine.indexOf(' ', 9) + 1);
    reply.headers.clear();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            return Parse::Malformed;
        reply.headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
    }
    qsizetype position = headerEnd + 4;
    reply.body.clear();
    const bool noBody = headRequest || reply.status == 204 || reply.status == 304 ||
                        (reply.status >= 100 && reply.status < 200);
    if (noBody) {
        consumed = position;
        return Parse::Complete;
    }
    if (reply.header("Transfer-Encoding").toLower().contains("chunked")) {
        for (;;) {
            const qsizetype lineEnd = buffer.indexOf("\r\n", position);
            if (lineEnd < 0)
                return closed ? Parse::Malformed : Parse::Incomplete;
            const QByteArray sizeText =
                buffer.mid(position, lineEnd - position).split(';').value(0);
            const qint64 size = sizeText.trimmed().toLongLong(&ok, 16);
            if (!ok)
                return Parse::Malformed;
            position = lineEnd + 2;
            if (size == 0) {
                const qsizetype trailerEnd = buffer.indexOf("\r\n", position);
                if (trailerEnd < 0)
                    return closed ? Parse::Malformed : Parse::Incomplete;
                consumed = trailerEnd + 2;
                return Parse::Complete;
            }
            if (buffer.size() < position + size + 2)
                return closed ? Parse::Malformed : Parse::Incomplete;
            reply.body += buffer.mid(position, size);
            position += size + 2;
        }
    }
    const QByteArray lengthText = reply.header("Content-Length");
    if (!lengthText.isEmpty()) {
        const qint64 length = lengthText.toLongLong(&ok);
        if (!ok || length < 0)
            return Parse::Malformed;
        if (buffer.size() - position < length)
            return closed ? Parse::Malformed : Parse::Incomplete;
        reply.body = buffer.mid(position, length);
        consumed = position + length;
        return Parse::Complete;
    }
    if (!closed)
        return Parse::Incomplete;
    reply.body = buffer.mid(position);
    consumed = buffer.size();
    return Parse::Complete;
}

} // namespace

QByteArray Reply::header(QByteArrayView name) const {
    for (const auto& [key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

bool Reply::hasHeader(QByteArrayView name) const {
    for (const auto& [key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

QJsonObject Reply::json() const {
    return QJsonDocument::fromJson(body).object();
}

QJsonArray Reply::jsonArray() const {
    return QJsonDocument::fromJson(body).array();
}

bool Reply::isJsonError() const {
    QJsonParseError parseError{};
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return false;
    const QJsonObject object = document.object();
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (it.key() != QLatin1String("error") && it.key() != QLatin1String("error_description") &&
            it.key() != QLatin1String("error_uri"))
            return false;
    }
    return !object.value(QStringLiteral("error")).toString().isEmpty() &&
           !object.value(QStringLiteral("error_description")).toString().isEmpty() &&
           header("Content-Type").startsWith("application/json");
}

std::string Reply::describe() const {
    if (status == 0)
        return "no response: " + error.toStdString();
    QByteArray text = "HTTP " + QByteArray::number(status) + ' ' + reason + '\n';
    for (const auto& [key, value] : headers)
        text += key + ": " + value + '\n';
    text += '\n' + body.left(2000);
    return text.toStdString();
}

ClientConnection::ClientConnection(ServerAddress address)
    : m_address(std::move(address)) {
    if (m_address.tls) {
        auto* ssl = new QSslSocket;
        ssl->setSslConfiguration(*m_address.tls);
        ssl->setPeerVerifyName(m_address.peerVerifyName);
        m_socket.reset(ssl);
    } else {
        m_socket = std::make_unique<QTcpSocket>();
    }
    QObject::connect(m_socket.get(), &QAbstractSocket::disconnected, m_socket.get(),
                     [this] { m_disconnected = true; });
    QObject::connect(m_socket.get(), &QAbstractSocket::errorOccurred, m_socket.get(),
                     [this](QAbstractSocket::SocketError error) {
                         m_socketError = error;
                         if (m_error.isEmpty())
                             m_error = m_socket->errorString();
                         if (error != QAbstractSocket::RemoteHostClosedError &&
                             m_socket->state() == QAbstractSocket::UnconnectedState)
                             m_disconnected = true;
                     });
}

ClientConnection::~ClientConnection() {
    m_socket->disconnect();
    m_socket->abort();
}

bool ClientConnection::open(int timeoutMs) {
    auto* ssl = qobject_cast<QSslSocket*>(m_socket.get());
    if (ssl != nullptr)
        ssl->connectToHostEncrypted(QStringLiteral("127.0.0.1"), m_address.port,
                                    m_address.peerVerifyName);
    else
        m_socket->connectToHost(QStringLiteral("127.0.0.1"), m_address.port);
    const bool done = QTest::qWaitFor(
        [&] {
            if (m_disconnected || !m_error.isEmpty())
                return true;
            return ssl != nullptr ? ssl->isEncrypted()
                                  : m_socket->state() == QAbstractSocket::ConnectedState;
        },
        timeoutMs);
    const bool connected =
        ssl != nullptr ? ssl->isEncrypted() : m_socket->state() == QAbstractSocket::ConnectedState;
    if (connected && m_error.isEmpty())
        return true;
    if (!done && m_error.isEmpty())
        m_error = QStringLiteral("timed out connecting to port %1").arg(m_address.port);
    if (m_error.isEmpty())
        m_error = QStringLiteral("connection closed during connect");
    return false;
}

bool ClientConnection::send(const QByteArray& bytes, int timeoutMs) {
    m_socket->write(bytes.data(), bytes.size());
    m_socket->flush();
    auto* ssl = qobject_cast<QSslSocket*>(m_socket.get());
    return QTest::qWaitFor(
               [&] {
                   if (m_disconnected)
                       return true;
                   qint64 unsent = m_socket->bytesToWrite();
                   if (ssl != nullptr)
                       unsent += ssl->encryptedBytesToWrite();
                   return unsent == 0;
               },
               timeoutMs) &&
           !m_disconnected;
}

void ClientConnection::pump() {
    if (m_socket->bytesAvailable() > 0)
        m_buffer += m_socket->readAll();
}

Reply ClientConnection::readReply(int timeoutMs, bool headRequest) {
    Reply reply;
    QElapsedTimer timer;
    timer.start();
    for (;;) {
        pump();
        qsizetype consumed = 0;
        const bool closed = m_disconnected;
        const Parse parsed = parseReply(m_buffer, closed, headRequest, reply, consumed);
        if (parsed == Parse::Malformed) {
            reply = Reply{};
            reply.error = QStringLiteral("malformed response: ") +
                          QString::fromLatin1(m_buffer.left(300).toPercentEncoding(" \r\n:/{}\","));
            return reply;
        }
        if (parsed == Parse::Complete) {
            m_buffer.remove(0, consumed);
            if (reply.status >= 100 && reply.status < 200)
                continue;
            return reply;
        }
        if (closed) {
            reply = Reply{};
            reply.error =
                m_buffer.isEmpty()
                    ? QStringLiteral("connection closed without a response (%1)").arg(m_error)
                    : QStringLiteral("connection closed in the middle of a response: ") +
                          QString::fromLatin1(m_buffer.left(300));
            return reply;
        }
        const qint64 remaining = timeoutMs - timer.elapsed();
        if (remaining <= 0) {
            reply = Reply{};
            reply.error = QStringLiteral("no complete response within %1 ms (%2 bytes so far)")
                              .arg(timeoutMs)
                              .arg(m_buffer.size());
            return reply;
        }
        const qsizetype before = m_buffer.size();
        (void)QTest::qWaitFor(
            [&] {
                pump();
                return m_disconnected || m_buffer.size() != before;
            },
            int(remaining));
    }
}

bool ClientConnection::waitForClosed(int timeoutMs) {
    return QTest::qWaitFor(
        [&] {
            pump();
            return m_disconnected;
        },
        timeoutMs);
}

bool ClientConnection::isClosed() {
    pump();
    return m_disconnected;
}

QByteArray ClientConnection::pending() {
    pump();
    return m_buffer;
}

Reply ClientConnection::request(const QByteArray& method, const QByteArray& target,
                                const Headers& headers, const QByteArray& body, bool close) {
    if (m_socket->state() == QAbstractSocket::UnconnectedState && !m_disconnected && !open()) {
        Reply reply;
        reply.error = m_error;
        return reply;
    }
    if (!send(buildRequest(method, target, headers, body, close))) {
        Reply reply;
        reply.error = QStringLiteral("could not send the request: ") + m_error;
        return reply;
    }
    return readReply(kAnswerTimeoutMs, method == "HEAD");
}

QByteArray buildRequest(const QByteArray& method, const QByteArray& target, const Headers& headers,
                        const QByteArray& body, bool close) {
    QByteArray out = method + ' ' + target + " HTTP/1.1\r\nHost: localhost\r\n";
    bool hasLength = false;
    for (const auto& [name, value] : headers) {
        out += name + ": " + value + "\r\n";
        hasLength = hasLength || name.compare("Content-Length", Qt::CaseInsensitive) == 0 ||
                    name.compare("Transfer-Encoding", Qt::CaseInsensitive) == 0;
    }
    const bool needsLength =
        !body.isEmpty() || method == "POST" || method == "PUT" || method == "PATCH";
    if (needsLength && !hasLength)
        out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    if (close)
        out += "Connection: close\r\n";
    out += "\r\n";
    out += body;
    return out;
}

Reply httpRequest(const ServerAddress& address, const QByteArray& method, const QByteArray& target,
                  const Headers& headers, const QByteArray& body) {
    ClientConnection connection(address);
    if (!connection.open()) {
        Reply reply;
        reply.error = QStringLiteral("cannot connect: ") + connection.errorString();
        return reply;
    }
    return connection.request(method, target, headers, body, true);
}

QByteArray formBody(const QList<std::pair<QString, QString>>& fields) {
    QByteArray out;
    for (const auto& [name, value] : fields) {
        if (!out.isEmpty())
            out += '&';
        out += QUrl::toPercentEncoding(name) + '=' + QUrl::toPercentEncoding(value);
    }
    return out;
}

QByteArray basicAuthorization(const QString& user, const QString& password) {
    // RFC 6749 §2.3.1: both parts form-encoded before Base64.
    const QByteArray pair = QUrl::toPercentEncoding(user) + ':' + QUrl::toPercentEncoding(password);
    return "Basic " + pair.toBase64();
}

QByteArray bearer(const QString& token) {
    return "Bearer " + token.toLatin1();
}

QByteArray jsonBytes(const QJsonObject& object) {
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace gatehouse::integration
