#include "http/RequestParser.h"

#include "http/internal/RequestTarget.h"

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/basic_parser.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/rfc7230.hpp>

#include <algorithm>
#include <limits>
#include <optional>

namespace gatehouse::http {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

namespace {

// A client that announces a large body gets its buffer grown as the bytes arrive, not up front:
// otherwise every connection could make the server reserve bodyBytes for nothing.
constexpr qsizetype kInitialBodyReserve = 64 * 1024;

QByteArray toBytes(beast::string_view view) {
    return QByteArray(view.data(), static_cast<qsizetype>(view.size()));
}

bool equalsIgnoringCase(beast::string_view a, QByteArrayView b) {
    return QByteArrayView(a.data(), static_cast<qsizetype>(a.size()))
                   .compare(b, Qt::CaseInsensitive) == 0 &&
           static_cast<qsizetype>(a.size()) == b.size();
}

RequestParser::Failed failure(int status, const char* code, QString description) {
    return RequestParser::Failed{status, QByteArray(code), std::move(description)};
}

} // namespace

// What one request has accumulated so far; reset per request.
struct ParseState {
    QByteArray methodName;
    QByteArray target;
    int version = 11;
    QList<HttpRequest::Header> headers;
    QByteArray body;
    int fieldCount = 0;
    int hostCount = 0;
    QByteArray hostValue;
    QList<QByteArray> transferEncodings;
    QByteArray expect;
    bool gotRequestLine = false;
    bool headerDone = false;
    bool expectContinue = false;
    std::optional<RequestParser::Failed> failure;
};

// Beast's parser engine with our own callbacks: fields go straight into the request's header list
// (no intermediate beast::http::fields) and limits are checked as each piece arrives.
class BeastRequestParser final : public bhttp::basic_parser<true> {
public:
    BeastRequestParser(ParseState& state, const Limits& limits)
        : m_state(state)
        , m_limits(limits) {
        // Beast counts its limit per put() and fires one byte early when a header arrives in
        // pieces, so its limit is one byte looser and our own total (run(), checkBuffered())
        // is what decides: the same bytes get the same answer however they were split.
        const auto maxHeader = static_cast<qint64>(std::numeric_limits<std::uint32_t>::max());
        header_limit(
            static_cast<std::uint32_t>(std::clamp<qint64>(limits.headerBytes + 1, 1, maxHeader)));
        body_limit(static_cast<std::uint64_t>(std::max<qint64>(limits.bodyBytes, 0)));
        eager(false); // stop after the header, so that its exact size is known (see run())
    }

private:
    void fail(RequestParser::Failed failed, beast::error_code& ec) {
        m_state.failure = std::move(failed);
        ec = bhttp::error::bad_value; // any error stops Beast; ours is in m_state.failure
    }

    void on_request_impl(bhttp::verb, beast::string_view method, beast::string_view target,
                         int version, beast::error_code& ec) override;
    void on_response_impl(int, beast::string_view, int, beast::error_code& ec) override {
        ec = bhttp::error::bad_version; // unreachable for a request parser
    }
    void on_field_impl(bhttp::field name, beast::string_view nameString, beast::string_view value,
                       beast::error_code& ec) override;
    void on_header_impl(beast::error_code& ec) override;
    void on_body_init_impl(const boost::optional<std::uint64_t>& contentLength,
                           beast::error_code&) override {
        if (contentLength)
            m_state.body.reserve(
                std::min<qsizetype>(static_cast<qsizetype>(*contentLength), kInitialBodyReserve));
    }
    std::size_t on_body_impl(beast::string_view body, beast::error_code&) override {
        m_state.body.append(body.data(), static_cast<qsizetype>(body.size()));
        return body.size();
    }
    void on_chunk_header_impl(std::uint64_t, beast::string_view, beast::error_code&) override {}
    std::size_t on_chunk_body_impl(std::uint64_t, beast::string_view body,
                                   beast::error_code&) override {
        m_state.body.append(body.data(), static_cast<qsizetype>(body.size()));
        return body.size();
    }
    void on_finish_impl(beast::error_code&) override {}

    void checkTransferEncoding(beast::error_code& ec);
    bool applyAbsoluteForm();

    ParseState& m_state;
    const Limits& m_limits;
};

void BeastRequestParser::on_request_impl(bhttp::verb, beast::string_view method,
                                         beast::string_view target, int version,
                                         beast::error_code& ec) {
    m_state.gotRequestLine = true;
    if (static_cast<qint64>(target.size()) > m_limits.urlBytes) {
        fail(failure(414, "uri_too_long",
                     QStringLiteral("The request target is longer than %1 bytes.")
                         .arg(m_limits.urlBytes)),
             ec);
        return;
    }
    const QByteArrayView name(method.data(), static_cast<qsizetype>(method.size()));
    const Method known = methodFromName(name);
    // Known methods share static storage; only extension methods allocate.
    m_state.methodName = known == Method::Other ? name.toByteArray() : http::methodName(known);
    m_state.target = toBytes(target);
    m_state.version = version;
}

void BeastRequestParser::on_field_impl(bhttp::field name, beast::string_view nameString,
                                       beast::string_view value, beast::error_code& ec) {
    if (++m_state.fieldCount > m_limits.headerCount) {
        fail(failure(431, "headers_too_large",
                     QStringLiteral("More than %1 header fields.").arg(m_limits.headerCount)),
             ec);
        return;
    }
    if (m_state.headerDone)
        return; // a trailer field: counted, never merged into the header (RFC 9110 §6.5.1)
    if (name == bhttp::field::host) {
        ++m_state.hostCount;
        m_state.hostValue = toBytes(value);
    } else if (name == bhttp::field::transfer_encoding)
        m_state.transferEncodings.append(toBytes(value));
    else if (name == bhttp::field::expect)
        m_state.expect = toBytes(value).trimmed();
    // Known field names take Beast's canonical spelling from static storage: no allocation.
    QByteArray key;
    if (name != bhttp::field::unknown) {
        const beast::string_view canonical = bhttp::to_string(name);
        key = QByteArray::fromRawData(canonical.data(), static_cast<qsizetype>(canonical.size()));
    } else {
        key = toBytes(nameString);
    }
    m_state.headers.emplace_back(std::move(key), toBytes(value));
}

// RFC 9112 §3.2.2: an absolute-form target's authority replaces the Host field, and handlers see
// the origin form. False when that authority is missing.
bool BeastRequestParser::applyAbsoluteForm() {
    auto absolute = internal::splitAbsoluteForm(m_state.target);
    if (!absolute)
        return true;
    if (absolute->authority.isEmpty())
        return false;
    m_state.target = std::move(absolute->originForm);
    m_state.hostValue = absolute->authority;
    bool replaced = false;
    for (auto& [name, value] : m_state.headers) {
        if (name.compare("Host", Qt::CaseInsensitive) == 0) {
            value = absolute->authority;
            replaced = true;
        }
    }
    if (!replaced)
        m_state.headers.emplace_back(QByteArrayLiteral("Host"), std::move(absolute->authority));
    return true;
}

void BeastRequestParser::on_header_impl(beast::error_code& ec) {
    m_state.headerDone = true;
    // RFC 9112 §3.2: exactly one Host in HTTP/1.1, at most one in HTTP/1.0. Tenants are chosen by
    // Host, so an ambiguous one must never reach a handler.
    if (m_state.hostCount > 1 || (m_state.version >= 11 && m_state.hostCount == 0)) {
        fail(failure(400, "bad_request",
                     QStringLiteral("An HTTP/1.1 request needs exactly one Host header.")),
             ec);
        return;
    }
    if (!applyAbsoluteForm() || !internal::isValidHostValue(m_state.hostValue)) {
        fail(failure(400, "bad_request",
                     QStringLiteral("The Host header (or the target's authority) is not a valid "
                                    "host[:port].")),
             ec);
        return;
    }
    checkTransferEncoding(ec);
    if (ec)
        return;
    if (!m_state.expect.isEmpty()) {
        // RFC 9110 §10.1.1: 100-continue is the only expectation; HTTP/1.0 requests ignore it.
        if (m_state.expect.compare("100-continue", Qt::CaseInsensitive) != 0) {
            fail(failure(417, "expectation_failed",
                         QStringLiteral("Only \"Expect: 100-continue\" is supported.")),
                 ec);
            return;
        }
        m_state.expectContinue = m_state.version >= 11 && !is_done();
    }
}

void BeastRequestParser::checkTransferEncoding(beast::error_code& ec) {
    if (m_state.transferEncodings.isEmpty())
        return;
    // RFC 9112 §6.1 and §6.3: an HTTP/1.0 message with Transfer-Encoding, or a request whose
    // final coding is not chunked, has no reliable framing (request smuggling): 400 and close.
    if (m_state.version < 11 || !chunked()) {
        fail(failure(400, "bad_request",
                     QStringLiteral("Transfer-Encoding must be \"chunked\" in HTTP/1.1.")),
             ec);
        return;
    }
    // Content codings applied as transfer codings (gzip, chunked) are not implemented: 501.
    int codings = 0;
    bool onlyChunked = true;
    for (const QByteArray& value : std::as_const(m_state.transferEncodings)) {
        for (const auto& token :
             bhttp::token_list(beast::string_view(value.data(), value.size()))) {
            ++codings;
            onlyChunked = onlyChunked && equalsIgnoringCase(token, "chunked");
        }
    }
    if (codings != 1 || !onlyChunked) {
        fail(failure(501, "not_implemented",
                     QStringLiteral("The only supported transfer coding is \"chunked\".")),
             ec);
    }
}

class RequestParser::Impl final {
public:
    explicit Impl(const Limits& limits)
        : m_limits(limits) {
        reset();
    }

    void reset() {
        m_state = ParseState{};
        m_state.headers.reserve(8); // one allocation instead of regrowth for typical requests
        m_parser.emplace(m_state, m_limits);
        m_pending.resize(0);
        m_headerBytes = 0;
        m_started = false;
    }

    Outcome feed(QByteArrayView bytes);

    bool hasStarted() const { return m_started; }
    bool expectsContinue() const {
        return m_state.expectContinue && !m_state.failure && !m_parser->is_done();
    }
    const ParseState& state() const { return m_state; }

private:
    qsizetype run(QByteArrayView data);
    std::optional<Failed> checkBuffered() const;
    Failed mapError(const beast::error_code& ec) const;
    Failed headerTooLarge(QByteArrayView unparsed) const;
    Complete complete(qsizetype consumed);

    Limits m_limits;
    ParseState m_state;
    std::optional<BeastRequestParser> m_parser;
    QByteArray m_pending; // bytes Beast could not take yet: a partial header or chunk line
    qint64 m_headerBytes = 0;
    bool m_started = false;
};

RequestParser::Outcome RequestParser::Impl::feed(QByteArrayView bytes) {
    if (m_state.failure)
        return *m_state.failure;
    if (m_parser->is_done())
        return failure(500, "server_error", QStringLiteral("Parser used after completion."));
    if (bytes.isEmpty())
        return NeedMore{};
    m_started = true;
    if (m_pending.isEmpty()) {
        // Fast path: parse the caller's bytes in place, copy only a leftover partial piece.
        const qsizetype used = run(bytes);
        if (m_state.failure)
            return *m_state.failure;
        if (m_parser->is_done())
            return complete(used);
        m_pending.append(bytes.sliced(used));
    } else {
        // Beast needs a header or chunk line contiguous: join the new bytes to what is held.
        const qsizetype held = m_pending.size();
        m_pending.append(bytes);
        const qsizetype used = run(m_pending);
        if (m_state.failure)
            return *m_state.failure;
        if (m_parser->is_done()) {
            Q_ASSERT(used >= held); // the held bytes belong to this request
            m_pending.resize(0);
            return complete(used - held);
        }
        m_pending.remove(0, used);
    }
    if (auto failed = checkBuffered()) {
        m_state.failure = std::move(failed);
        return *m_state.failure;
    }
    return NeedMore{};
}

qsizetype RequestParser::Impl::run(QByteArrayView data) {
    qsizetype used = 0;
    while (!m_parser->is_done() && used < data.size()) {
        const bool headerWasDone = m_parser->is_header_done();
        beast::error_code ec;
        const std::size_t n =
            m_parser->put(boost::asio::const_buffer(data.data() + used,
                                                    static_cast<std::size_t>(data.size() - used)),
                          ec);
        used += static_cast<qsizetype>(n);
        if (!headerWasDone)
            m_headerBytes += static_cast<qint64>(n);
        if (m_state.failure)
            return used;
        if (ec == bhttp::error::need_more)
            break;
        if (ec == bhttp::error::header_limit) {
            m_state.failure = headerTooLarge(data.sliced(used));
            return used;
        }
        if (ec) {
            m_state.failure = mapError(ec);
            return used;
        }
        if (!headerWasDone && m_parser->is_header_done()) {
            // Beast's header_limit only bounds the bytes of one put(); this bounds the header
            // however it was split into reads.
            if (m_headerBytes > m_limits.headerBytes) {
                m_state.failure = headerTooLarge({});
                return used;
            }
            m_parser->eager(true);
        }
        if (n == 0)
            break;
    }
    return used;
}

std::optional<RequestParser::Failed> RequestParser::Impl::checkBuffered() const {
    if (!m_parser->is_header_done()) {
        if (m_headerBytes + m_pending.size() > m_limits.headerBytes)
            return headerTooLarge(m_pending);
        return std::nullopt;
    }
    // After the header only a chunk-size line or the trailer section can be held back.
    if (m_pending.size() > m_limits.headerBytes) {
        return failure(400, "bad_request",
                       QStringLiteral("Chunk header or trailer section longer than %1 bytes.")
                           .arg(m_limits.headerBytes));
    }
    return std::nullopt;
}

RequestParser::Failed RequestParser::Impl::headerTooLarge(QByteArrayView unparsed) const {
    // Beast parses the request line only once it holds the whole header, so the line may be
    // unparsed here. If it has not even ended, or is itself too long, the target is what
    // overflowed: 414 (RFC 9110 §15.5.15); otherwise the fields did: 431 (RFC 6585 §5).
    if (!m_state.gotRequestLine) {
        const qsizetype lineEnd = unparsed.indexOf('\n');
        if (lineEnd < 0 || lineEnd > m_limits.urlBytes) {
            return failure(414, "uri_too_long",
                           QStringLiteral("The request line is longer than %1 bytes.")
                               .arg(std::min(m_limits.urlBytes, m_limits.headerBytes)));
        }
    }
    return failure(
        431, "headers_too_large",
        QStringLiteral("The request header is longer than %1 bytes.").arg(m_limits.headerBytes));
}

RequestParser::Failed RequestParser::Impl::mapError(const beast::error_code& ec) const {
    if (ec == bhttp::error::body_limit) {
        return failure(
            413, "payload_too_large",
            QStringLiteral("The request body is larger than %1 bytes.").arg(m_limits.bodyBytes));
    }
    return failure(
        400, "bad_request",
        QStringLiteral("Malformed request: %1.").arg(QString::fromStdString(ec.message())));
}

RequestParser::Complete RequestParser::Impl::complete(qsizetype consumed) {
    HttpRequest request;
    request.setMethodName(std::move(m_state.methodName))
        .setHttpVersion(m_state.version)
        .setTarget(std::move(m_state.target))
        .setHeaders(std::move(m_state.headers))
        .setBody(std::move(m_state.body));
    return Complete{std::move(request), consumed, m_parser->keep_alive()};
}

RequestParser::RequestParser(const Limits& limits)
    : m_impl(std::make_unique<Impl>(limits)) {}

RequestParser::~RequestParser() = default;

RequestParser::Outcome RequestParser::feed(QByteArrayView bytes) {
    return m_impl->feed(bytes);
}

void RequestParser::reset() {
    m_impl->reset();
}

bool RequestParser::hasStarted() const {
    return m_impl->hasStarted();
}

bool RequestParser::expectsContinue() const {
    return m_impl->expectsContinue();
}

QByteArray RequestParser::methodName() const {
    return m_impl->state().methodName;
}

QByteArray RequestParser::target() const {
    return m_impl->state().target;
}

} // namespace gatehouse::http
