#pragma once

#include "http/HttpRequest.h"
#include "http/HttpResponse.h"

#include <QByteArray>

namespace gatehouse::loginui {

// Content that changes only with a deployment or a configuration write (login CSS, a client's
// public login configuration), prepared once and served many times: a strong ETag from its
// SHA-256, a gzip variant compressed once (kept only when it is smaller), conditional GET and
// content negotiation. An immutable value; copies are cheap (implicitly shared bytes).
class CachedContent final {
public:
    static constexpr const char* immutable = "public, max-age=31536000, immutable";
    static constexpr const char* revalidate = "no-cache";

    CachedContent() = default;
    CachedContent(QByteArray body, QByteArray contentType, QByteArray cacheControl);

    [[nodiscard]] const QByteArray& body() const { return m_body; }
    [[nodiscard]] const QByteArray& contentType() const { return m_contentType; }
    [[nodiscard]] const QByteArray& cacheControl() const { return m_cacheControl; }
    // Quoted, e.g. "\"3f2a…\""; the gzip variant's is "\"3f2a…-gzip\"" because a strong validator
    // names one exact representation (RFC 9110 §8.8.3).
    [[nodiscard]] const QByteArray& etag() const { return m_etag; }
    [[nodiscard]] const QByteArray& gzipEtag() const { return m_gzipEtag; }
    [[nodiscard]] const QByteArray& gzipBody() const { return m_gzipBody; } // empty: no variant
    [[nodiscard]] QByteArray sha256Hex() const { return m_sha256Hex; }

    // GET and HEAD: 200 with the gzip or identity body, or 304 without a body when If-None-Match
    // names the chosen variant; ETag, Cache-Control and (when a gzip variant exists) Vary on each.
    // HEAD answers like GET: the connection drops the body but keeps its Content-Length.
    // Any other method: 405 with Allow.
    [[nodiscard]] http::HttpResponse respond(const http::HttpRequest& request) const;

private:
    QByteArray m_body;
    QByteArray m_contentType;
    QByteArray m_cacheControl;
    QByteArray m_sha256Hex;
    QByteArray m_etag;
    QByteArray m_gzipEtag;
    QByteArray m_gzipBody;
};

} // namespace gatehouse::loginui
