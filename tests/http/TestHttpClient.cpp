#include "TestHttpClient.h"

#include <QJsonDocument>
#include <QTest>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

namespace gatehouse::http::test {

namespace bhttp = boost::beast::http;

QByteArray ParsedResponse::header(QByteArrayView name) const {
    for (const auto& [key, value] : headers) {
        if (key.size() == name.size() &&
            QByteArrayView(key).compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

bool ParsedResponse::hasHeader(QByteArrayView name) const {
    for (const auto& header : headers) {
        if (QByteArrayView(header.first).compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

QJsonObject ParsedResponse::json() const {
    return QJsonDocument::fromJson(body).object();
}

TestHttpClient::TestHttpClient()
    : m_socket(std::make_unique<QTcpSocket>()) {}

TestHttpClient::TestHttpClient(std::unique_ptr<QTcpSocket> socket)
    : m_socket(std::move(socket)) {}

bool TestHttpClient::connectTo(quint16 port, std::chrono::milliseconds timeout) {
    m_socket->connectToHost(QHostAddress::LocalHost, port);
    return QTest::qWaitFor([this] { return m_socket->state() == QAbstractSocket::ConnectedState; },
                           static_cast<int>(timeout.count()));
}

void TestHttpClient::send(QByteArrayView bytes) {
    m_socket->write(bytes.data(), bytes.size());
    m_socket->flush();
}

void TestHttpClient::pull() {
    if (m_socket->bytesAvailable() > 0)
        m_buffer += m_socket->readAll();
}

std::optional<ParsedResponse> TestHttpClient::readResponse(std::chrono::milliseconds timeout,
                                                           bool head) {
    std::optional<ParsedResponse> result;
    auto tryParse = [&] {
        pull();
        bhttp::response_parser<bhttp::string_body> parser;
        parser.eager(true);
        parser.skip(head);
        parser.body_limit(boost::none);
        boost::beast::error_code ec;
        const std::size_t used =
            parser.put(boost::asio::buffer(m_buffer.constData(), m_buffer.size()), ec);
        if (!parser.is_done()) {
            // A server closing after a response without Content-Length would need put_eof();
            // ours always frames responses, so an unfinished parse means "wait".
            return false;
        }
        ParsedResponse response;
        const auto& message = parser.get();
        response.status = static_cast<int>(message.result_int());
        for (const auto& field : message) {
            response.headers.emplace_back(
                QByteArray(field.name_string().data(), field.name_string().size()),
                QByteArray(field.value().data(), field.value().size()));
        }
        response.body = QByteArray::fromStdString(message.body());
        response.keepAlive = message.keep_alive();
        m_buffer.remove(0, static_cast<qsizetype>(used));
        result = std::move(response);
        return true;
    };
    (void)QTest::qWaitFor(tryParse, static_cast<int>(timeout.count()));
    return result;
}

bool TestHttpClient::waitForClosed(std::chrono::milliseconds timeout) {
    return QTest::qWaitFor(
        [this] {
            pull();
            return m_socket->state() == QAbstractSocket::UnconnectedState;
        },
        static_cast<int>(timeout.count()));
}

bool TestHttpClient::isOpen() const {
    return m_socket->state() == QAbstractSocket::ConnectedState;
}

QByteArray TestHttpClient::unread() {
    pull();
    return std::exchange(m_buffer, {});
}

std::optional<ParsedResponse> TestHttpClient::get(QByteArrayView path) {
    send(QByteArray("GET " + path.toByteArray() + " HTTP/1.1\r\nHost: localhost\r\n\r\n"));
    return readResponse();
}

} // namespace gatehouse::http::test
