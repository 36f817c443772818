#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace gatehouse::loginui {

// `data` in gzip framing (RFC 1952) at the best compression level: for content compressed once at
// startup and served many times. Returns an empty array if zlib fails.
[[nodiscard]] QByteArray gzipCompress(QByteArrayView data);

} // namespace gatehouse::loginui
