#include "http/internal/ResponseSerializer.h"

#include "http/internal/HttpDate.h"

#include <charconv>

namespace gatehouse::http::internal {

namespace {

bool sameName(QByteArrayView a, QByteArrayView b) {
    return a.size() == b.size() && a.compare(b, Qt::CaseInsensitive) == 0;
}

// RFC 9110 §5.6.2 tchar.
bool isToken(QByteArrayView name) {
    if (name.isEmpty())
        return false;
    for (char c : name) {
        const auto u = static_cast<unsigned char>(c);
        const bool alnum =
            (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z');
        if (!alnum && !QByteArrayView("!#$%&'*+-.^_`|~").contains(c))
            return false;
    }
    return true;
}

// RFC 9110 §5.5: no CR, LF or NUL (response splitting); other controls except HTAB are invalid too.
bool isFieldValue(QByteArrayView value) {
    for (char c : value) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && u != '\t') || u == 0x7f)
            return false;
    }
    return true;
}

bool isFramingHeader(QByteArrayView name) {
    return sameName(name, "Content-Length") || sameName(name, "Transfer-Encoding") ||
           sameName(name, "Connection") || sameName(name, "Date") || sameName(name, "Server") ||
           sameName(name, "Keep-Alive");
}

void appendNumber(QByteArray& out, qint64 value) {
    char digits[24];
    const auto result = std::to_chars(digits, digits + sizeof digits, value);
    out.append(digits, result.ptr - digits);
}

bool mayHaveBody(int status) {
    return status != 204 && status != 304; // RFC 9110 §6.4.1
}

struct Reason {
    int status;
    const char* phrase;
};

// RFC 9110 §15; clients ignore the phrase, but people reading traces do not.
constexpr Reason kReasons[] = {
    {100, "Continue"},
    {200, "OK"},
    {201, "Created"},
    {202, "Accepted"},
    {204, "No Content"},
    {301, "Moved Permanently"},
    {302, "Found"},
    {303, "See Other"},
    {304, "Not Modified"},
    {307, "Temporary Redirect"},
    {308, "Permanent Redirect"},
    {400, "Bad Request"},
    {401, "Unauthorized"},
    {403, "Forbidden"},
    {404, "Not Found"},
    {405, "Method Not Allowed"},
    {406, "Not Acceptable"},
    {408, "Request Timeout"},
    {409, "Conflict"},
    {410, "Gone"},
    {411, "Length Required"},
    {412, "Precondition Failed"},
    {413, "Content Too Large"},
    {414, "URI Too Long"},
    {415, "Unsupported Media Type"},
    {417, "Expectation Failed"},
    {422, "Unprocessable Content"},
    {429, "Too Many Requests"},
    {431, "Request Header Fields Too Large"},
    {500, "Internal Server Error"},
    {501, "Not Implemented"},
    {502, "Bad Gateway"},
    {503, "Service Unavailable"},
    {504, "Gateway Timeout"},
    {505, "HTTP Version Not Supported"},
};

} // namespace

QByteArrayView ResponseSerializer::reasonPhrase(int status) {
    for (const Reason& reason : kReasons) {
        if (reason.status == status)
            return reason.phrase;
    }
    return "Unknown";
}

bool ResponseSerializer::serialize(const HttpResponse& response, bool headOnly,
                                   Connection connection, QByteArray& out) {
    const int status = response.status();
    if (status < 200 || status > 599)
        return false;
    for (const auto& [name, value] : response.headers()) {
        if (!isToken(name) || !isFieldValue(value))
            return false;
    }
    const bool bodyAllowed = mayHaveBody(status);
    const QByteArray& body = response.body();
    out.reserve(out.size() + 160 + body.size());

    out.append("HTTP/1.1 ");
    appendNumber(out, status);
    out.append(' ');
    out.append(reasonPhrase(status));
    out.append("\r\n");
    for (const auto& [name, value] : response.headers()) {
        if (isFramingHeader(name))
            continue;
        out.append(name).append(": ").append(value).append("\r\n");
    }
    if (bodyAllowed) {
        out.append("Content-Length: ");
        appendNumber(out, body.size());
        out.append("\r\n");
    }
    out.append("Date: ").append(HttpDate::now()).append("\r\nServer: gatehouse\r\n");
    if (connection == Connection::Close)
        out.append("Connection: close\r\n");
    else if (connection == Connection::KeepAlive10)
        out.append("Connection: keep-alive\r\n");
    out.append("\r\n");
    if (bodyAllowed && !headOnly)
        out.append(body);
    return true;
}

QByteArray ResponseSerializer::serializeError(int status, QByteArrayView code,
                                              const QString& description) {
    QByteArray out;
    const bool ok =
        serialize(HttpResponse::error(status, code, description), false, Connection::Close, out);
    Q_ASSERT(ok);
    return ok ? out : QByteArray();
}

} // namespace gatehouse::http::internal
