#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

namespace gatehouse::loginui {

// Whether the Accept-Encoding field lines (RFC 9110 §12.5.3) allow a gzip response: "gzip" or
// "x-gzip" with a qvalue above 0, or, when neither is named, "*" above 0. "gzip;q=0" forbids it
// even when "*" allows everything; a malformed qvalue counts as 0. No field at all: identity.
[[nodiscard]] bool acceptsGzip(const QList<QByteArray>& acceptEncoding);

// Whether If-None-Match (RFC 9110 §13.1.2) matches `etag` (a quoted entity-tag): "*", or any
// listed tag equal under the weak comparison (a W/ prefix is ignored), across all field lines.
[[nodiscard]] bool ifNoneMatchHits(const QList<QByteArray>& ifNoneMatch, QByteArrayView etag);

} // namespace gatehouse::loginui
