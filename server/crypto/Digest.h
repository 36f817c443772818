#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace gatehouse::crypto {

// SHA-256 of `data` (32 bytes): how secrets handed out once (codes, refresh tokens, session ids)
// are stored and looked up.
[[nodiscard]] QByteArray sha256(QByteArrayView data);

// HMAC-SHA256 (RFC 2104) of `data` under `key` (32 bytes): binds values to a server secret, e.g.
// a CSRF token to its cookie.
[[nodiscard]] QByteArray hmacSha256(QByteArrayView key, QByteArrayView data);

} // namespace gatehouse::crypto
