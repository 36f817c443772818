#include "http/HttpResponse.h"

#include <QJsonDocument>

namespace gatehouse::http {

namespace {

bool sameName(QByteArrayView a, QByteArrayView b) {
    return a.size() == b.size() && a.compare(b, Qt::CaseInsensitive) == 0;
}

QByteArray jsonContentType() {
    return QByteArray::fromRawData("application/json", 16);
}

} // namespace

HttpResponse::HttpResponse(int status)
    : m_status(status) {}

HttpResponse HttpResponse::json(int status, const QJsonObject& body) {
    return json(status, QJsonDocument(body).toJson(QJsonDocument::Compact));
}

HttpResponse HttpResponse::json(int status, QByteArray serializedJson) {
    HttpResponse response(status);
    response.m_headers.emplace_back(QByteArray::fromRawData("Content-Type", 12), jsonContentType());
    response.m_body = std::move(serializedJson);
    return response;
}

HttpResponse HttpResponse::error(int status, QByteArrayView code, const QString& description) {
    QJsonObject body;
    body.insert(QStringLiteral("error"), QString::fromLatin1(code));
    body.insert(QStringLiteral("error_description"), description);
    return json(status, body);
}

HttpResponse HttpResponse::fromError(const gatehouse::Error& error) {
    return HttpResponse::error(error.httpStatus, error.code, error.message);
}

HttpResponse& HttpResponse::setStatus(int status) {
    m_status = status;
    return *this;
}

HttpResponse& HttpResponse::setHeader(QByteArray name, QByteArray value) {
    removeHeader(name);
    m_headers.emplace_back(std::move(name), std::move(value));
    return *this;
}

HttpResponse& HttpResponse::addHeader(QByteArray name, QByteArray value) {
    m_headers.emplace_back(std::move(name), std::move(value));
    return *this;
}

HttpResponse& HttpResponse::removeHeader(QByteArrayView name) {
    m_headers.removeIf([name](const Header& header) { return sameName(header.first, name); });
    return *this;
}

HttpResponse& HttpResponse::setBody(QByteArray body) {
    m_body = std::move(body);
    return *this;
}

HttpResponse& HttpResponse::setBody(QByteArray body, QByteArray contentType) {
    setHeader(QByteArray::fromRawData("Content-Type", 12), std::move(contentType));
    m_body = std::move(body);
    return *this;
}

QByteArray HttpResponse::header(QByteArrayView name) const {
    for (const auto& [key, value] : m_headers) {
        if (sameName(key, name))
            return value;
    }
    return {};
}

} // namespace gatehouse::http
