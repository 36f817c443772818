#include "loginui/CachedContent.h"

#include "loginui/ContentNegotiation.h"
#include "loginui/Gzip.h"

#include <QCryptographicHash>

namespace gatehouse::loginui {

CachedContent::CachedContent(QByteArray body, QByteArray contentType, QByteArray cacheControl)
    : m_body(std::move(body))
    , m_contentType(std::move(contentType))
    , m_cacheControl(std::move(cacheControl)) {
    m_sha256Hex = QCryptographicHash::hash(m_body, QCryptographicHash::Sha256).toHex();
    const QByteArray tag = m_sha256Hex.left(32); // 128 bits
    m_etag = '"' + tag + '"';
    m_gzipEtag = '"' + tag + QByteArrayLiteral("-gzip\"");
    QByteArray gzipped = gzipCompress(m_body);
    if (!gzipped.isEmpty() && gzipped.size() < m_body.size())
        m_gzipBody = std::move(gzipped);
}

http::HttpResponse CachedContent::respond(const http::HttpRequest& request) const {
    if (request.method() != http::Method::Get && request.method() != http::Method::Head) {
        return http::HttpResponse::error(405, "method_not_allowed",
                                         QStringLiteral("Only GET and HEAD are allowed."))
            .setHeader(QByteArrayLiteral("Allow"), QByteArrayLiteral("GET, HEAD"));
    }
    const bool gzip = !m_gzipBody.isEmpty() && acceptsGzip(request.headerValues("Accept-Encoding"));
    const QByteArray& etag = gzip ? m_gzipEtag : m_etag;

    http::HttpResponse response(200);
    response.setHeader(QByteArrayLiteral("ETag"), etag);
    response.setHeader(QByteArrayLiteral("Cache-Control"), m_cacheControl);
    if (!m_gzipBody.isEmpty())
        response.setHeader(QByteArrayLiteral("Vary"), QByteArrayLiteral("Accept-Encoding"));
    response.setHeader(QByteArrayLiteral("X-Content-Type-Options"), QByteArrayLiteral("nosniff"));

    if (ifNoneMatchHits(request.headerValues("If-None-Match"), etag)) {
        response.setStatus(304);
        return response;
    }
    if (gzip)
        response.setHeader(QByteArrayLiteral("Content-Encoding"), QByteArrayLiteral("gzip"));
    response.setBody(gzip ? m_gzipBody : m_body, m_contentType);
    return response;
}

} // namespace gatehouse::loginui
