#include "http/HttpRequest.h"

namespace gatehouse::http {

class HttpRequest::Data final : public QSharedData {
public:
    Method method = Method::Get;
    int httpVersion = 11;
    QByteArray methodName = QByteArray::fromRawData("GET", 3);
    QByteArray target = QByteArray::fromRawData("/", 1);
    QByteArray path = QByteArray::fromRawData("/", 1);
    QByteArray query;
    QList<HttpRequest::Header> headers;
    QByteArray body;
    QHostAddress peer;
    bool secure = false;
    QList<std::pair<QString, QString>> pathParams;
    QByteArray routePattern;
};

namespace {

// Shared by every null (default-constructed or moved-from) request, so that those stay valid
// without allocating. Immutable after construction.
const HttpRequest::Data& emptyData() {
    static const HttpRequest::Data empty;
    return empty;
}

bool sameName(QByteArrayView a, QByteArrayView b) {
    return a.size() == b.size() && a.compare(b, Qt::CaseInsensitive) == 0;
}

} // namespace

HttpRequest::HttpRequest() = default;

HttpRequest::HttpRequest(Method method, QByteArray target) {
    setMethod(method);
    setTarget(std::move(target));
}

HttpRequest::~HttpRequest() = default;
HttpRequest::HttpRequest(const HttpRequest& other) = default;
HttpRequest::HttpRequest(HttpRequest&& other) noexcept = default;
HttpRequest& HttpRequest::operator=(const HttpRequest& other) = default;
HttpRequest& HttpRequest::operator=(HttpRequest&& other) noexcept = default;

const HttpRequest::Data& HttpRequest::data() const {
    return m_d ? *m_d : emptyData();
}

HttpRequest::Data& HttpRequest::mutableData() {
    if (!m_d)
        m_d.reset(new Data);
    return *m_d; // non-const access detaches when shared
}

Method HttpRequest::method() const {
    return data().method;
}

QByteArray HttpRequest::methodName() const {
    return data().methodName;
}

int HttpRequest::httpVersion() const {
    return data().httpVersion;
}

QByteArray HttpRequest::target() const {
    return data().target;
}

QByteArray HttpRequest::path() const {
    return data().path;
}

QByteArray HttpRequest::query() const {
    return data().query;
}

QByteArray HttpRequest::header(QByteArrayView name) const {
    for (const auto& [key, value] : data().headers) {
        if (sameName(key, name))
            return value;
    }
    return {};
}

QList<QByteArray> HttpRequest::headerValues(QByteArrayView name) const {
    QList<QByteArray> values;
    for (const auto& [key, value] : data().headers) {
        if (sameName(key, name))
            values.append(value);
    }
    return values;
}

bool HttpRequest::hasHeader(QByteArrayView name) const {
    for (const auto& header : data().headers) {
        if (sameName(header.first, name))
            return true;
    }
    return false;
}

const QList<HttpRequest::Header>& HttpRequest::headers() const {
    return data().headers;
}

QByteArray HttpRequest::body() const {
    return data().body;
}

QHostAddress HttpRequest::peerAddress() const {
    return data().peer;
}

bool HttpRequest::isSecure() const {
    return data().secure;
}

QByteArray HttpRequest::host() const {
    QByteArray host = header("Host").trimmed();
    if (host.startsWith('[')) {
        // IPv6 literal (RFC 3986 §3.2.2): the port, if any, follows the closing bracket.
        const qsizetype close = host.indexOf(']');
        if (close >= 0)
            host.truncate(close + 1);
    } else {
        const qsizetype colon = host.lastIndexOf(':');
        if (colon >= 0)
            host.truncate(colon);
    }
    return host.toLower();
}

QString HttpRequest::pathParam(QStringView name) const {
    for (const auto& [key, value] : data().pathParams) {
        if (key == name)
            return value;
    }
    return {};
}

const QList<std::pair<QString, QString>>& HttpRequest::pathParams() const {
    return data().pathParams;
}

QByteArray HttpRequest::routePattern() const {
    return data().routePattern;
}

HttpRequest& HttpRequest::setMethod(Method method) {
    Data& d = mutableData();
    d.method = method;
    d.methodName = http::methodName(method);
    return *this;
}

HttpRequest& HttpRequest::setMethodName(QByteArray name) {
    Data& d = mutableData();
    d.method = methodFromName(name);
    d.methodName = std::move(name);
    return *this;
}

HttpRequest& HttpRequest::setHttpVersion(int version) {
    mutableData().httpVersion = version;
    return *this;
}

HttpRequest& HttpRequest::setTarget(QByteArray target) {
    Data& d = mutableData();
    const qsizetype question = target.indexOf('?');
    if (question < 0) {
        d.path = target; // shares, no copy: the common case
        d.query.clear();
    } else {
        d.path = target.left(question);
        d.query = target.mid(question + 1);
    }
    d.target = std::move(target);
    return *this;
}

HttpRequest& HttpRequest::addHeader(QByteArray name, QByteArray value) {
    mutableData().headers.emplace_back(std::move(name), std::move(value));
    return *this;
}

HttpRequest& HttpRequest::setHeaders(QList<Header> headers) {
    mutableData().headers = std::move(headers);
    return *this;
}

HttpRequest& HttpRequest::setBody(QByteArray body) {
    mutableData().body = std::move(body);
    return *this;
}

HttpRequest& HttpRequest::setPeerAddress(QHostAddress address) {
    mutableData().peer = std::move(address);
    return *this;
}

HttpRequest& HttpRequest::setSecure(bool secure) {
    mutableData().secure = secure;
    return *this;
}

HttpRequest& HttpRequest::setPathParams(QList<std::pair<QString, QString>> params) {
    mutableData().pathParams = std::move(params);
    return *this;
}

HttpRequest& HttpRequest::setRoutePattern(QByteArray pattern) {
    mutableData().routePattern = std::move(pattern);
    return *this;
}

} // namespace gatehouse::http
