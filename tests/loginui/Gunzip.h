#pragma once

#include <QByteArray>
#include <optional>
#include <zlib.h>

namespace gatehouse::loginui::test {

// Decompresses a complete gzip stream (RFC 1952 framing only: windowBits 15 + 16), independently
// of the code under test. nullopt unless the stream is valid and ends exactly at its trailer.
inline std::optional<QByteArray> gunzip(const QByteArray& compressed) {
    z_stream stream{};
    if (inflateInit2(&stream, 15 + 16) != Z_OK)
        return std::nullopt;
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
    stream.avail_in = uInt(compressed.size());
    QByteArray out;
    char chunk[16384];
    int status = Z_OK;
    while (status == Z_OK) {
        stream.next_out = reinterpret_cast<Bytef*>(chunk);
        stream.avail_out = sizeof(chunk);
        status = inflate(&stream, Z_NO_FLUSH);
        out.append(chunk, qsizetype(sizeof(chunk) - stream.avail_out));
    }
    const bool complete = status == Z_STREAM_END && stream.avail_in == 0;
    inflateEnd(&stream);
    if (!complete)
        return std::nullopt;
    return out;
}

} // namespace gatehouse::loginui::test
