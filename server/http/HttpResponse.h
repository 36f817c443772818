#pragma once

#include "core/Error.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <utility>

namespace gatehouse::http {

// A response as a handler builds it. The connection adds the framing headers itself when it
// serialises the response (Content-Length, Date, Server, Connection), so handlers never set those;
// a Content-Length or Transfer-Encoding set here is ignored.
class HttpResponse final {
public:
    using Header = std::pair<QByteArray, QByteArray>;

    explicit HttpResponse(int status = 200);

    [[nodiscard]] static HttpResponse json(int status, const QJsonObject& body);
    // Pre-serialised JSON, for hot paths that cache their body (discovery, JWKS).
    [[nodiscard]] static HttpResponse json(int status, QByteArray serializedJson);
    // The OAuth 2.0 error shape (RFC 6749 §5.2) used by every error in the API:
    // {"error": code, "error_description": description}.
    [[nodiscard]] static HttpResponse error(int status, QByteArrayView code,
                                            const QString& description);
    [[nodiscard]] static HttpResponse fromError(const gatehouse::Error& error);

    HttpResponse& setStatus(int status);
    HttpResponse& setHeader(QByteArray name, QByteArray value); // replaces every existing value
    HttpResponse& addHeader(QByteArray name, QByteArray value);
    HttpResponse& removeHeader(QByteArrayView name);
    HttpResponse& setBody(QByteArray body);
    HttpResponse& setBody(QByteArray body, QByteArray contentType);

    [[nodiscard]] int status() const { return m_status; }
    [[nodiscard]] QByteArray body() const { return m_body; }
    [[nodiscard]] QByteArray header(QByteArrayView name) const; // first value or empty
    [[nodiscard]] const QList<Header>& headers() const { return m_headers; }

private:
    int m_status;
    QList<Header> m_headers;
    QByteArray m_body;
};

} // namespace gatehouse::http
