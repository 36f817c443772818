#pragma once

#include "http/Method.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QHostAddress>
#include <QList>
#include <QSharedDataPointer>
#include <QString>
#include <QStringView>
#include <utility>

namespace gatehouse::http {

// One parsed HTTP request. A value type: copies share one implicitly shared block (a single
// reference-count increment), so handlers take it by value and hand it on freely. A moved-from or
// default-constructed request is a valid empty `GET /` request.
//
// Tests and other layers build requests directly with the chainable setters:
//   HttpRequest(Method::Post, "/oauth/token").addHeader("Content-Type", "...").setBody("...")
class HttpRequest final {
public:
    using Header = std::pair<QByteArray, QByteArray>;

    HttpRequest();
    explicit HttpRequest(Method method, QByteArray target);
    ~HttpRequest();
    HttpRequest(const HttpRequest& other);
    HttpRequest(HttpRequest&& other) noexcept;
    HttpRequest& operator=(const HttpRequest& other);
    HttpRequest& operator=(HttpRequest&& other) noexcept;

    [[nodiscard]] Method method() const;
    [[nodiscard]] QByteArray methodName() const;
    [[nodiscard]] int httpVersion() const; // 10 or 11

    // The raw request-target as received; path() is the part before '?', still percent-encoded,
    // and query() the raw part after it (empty when there is no '?').
    [[nodiscard]] QByteArray target() const;
    [[nodiscard]] QByteArray path() const;
    [[nodiscard]] QByteArray query() const;

    // Field names compare case-insensitively (RFC 9110 §5.1). header() returns the first value or
    // an empty array; headerValues() every occurrence in order.
    [[nodiscard]] QByteArray header(QByteArrayView name) const;
    [[nodiscard]] QList<QByteArray> headerValues(QByteArrayView name) const;
    [[nodiscard]] bool hasHeader(QByteArrayView name) const;
    [[nodiscard]] const QList<Header>& headers() const;
    [[nodiscard]] QByteArray body() const;

    [[nodiscard]] QHostAddress peerAddress() const;
    [[nodiscard]] bool isSecure() const;

    // The Host header without its port, lower-cased ("[::1]" keeps its brackets).
    [[nodiscard]] QByteArray host() const;

    // Filled by Router: the percent-decoded value of a "{name}" segment (empty if absent), and the
    // pattern that matched, e.g. "/api/v2/clients/{id}" (for metrics and access logs).
    [[nodiscard]] QString pathParam(QStringView name) const;
    [[nodiscard]] const QList<std::pair<QString, QString>>& pathParams() const;
    [[nodiscard]] QByteArray routePattern() const;

    HttpRequest& setMethod(Method method);
    HttpRequest& setMethodName(QByteArray name); // also sets method()
    HttpRequest& setHttpVersion(int version);
    HttpRequest& setTarget(QByteArray target); // also sets path() and query()
    HttpRequest& addHeader(QByteArray name, QByteArray value);
    HttpRequest& setHeaders(QList<Header> headers);
    HttpRequest& setBody(QByteArray body);
    HttpRequest& setPeerAddress(QHostAddress address);
    HttpRequest& setSecure(bool secure);
    HttpRequest& setPathParams(QList<std::pair<QString, QString>> params);
    HttpRequest& setRoutePattern(QByteArray pattern);

    class Data;

private:
    [[nodiscard]] const Data& data() const;
    [[nodiscard]] Data& mutableData();

    QSharedDataPointer<Data> m_d;
};

} // namespace gatehouse::http
