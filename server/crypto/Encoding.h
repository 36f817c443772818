#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QByteArrayView>

namespace gatehouse::crypto {

// base64url without padding, as JOSE uses it (RFC 7515 §2, RFC 4648 §5).
[[nodiscard]] QByteArray base64UrlEncode(QByteArrayView data);

// Strict inverse of base64UrlEncode: rejects '=' padding, '+', '/', whitespace, any other byte, a
// length of 4n+1, and non-zero unused bits in the last character. The last rule makes the encoding
// canonical, so two different strings never decode to the same bytes (no malleable tokens).
// Error code "invalid_encoding".
[[nodiscard]] Result<QByteArray> base64UrlDecode(QByteArrayView text);

// Compares in time that depends only on the lengths, never on where the contents differ
// (CRYPTO_memcmp). Different lengths give false after a comparison of the same cost.
[[nodiscard]] bool constantTimeEquals(QByteArrayView a, QByteArrayView b);

} // namespace gatehouse::crypto
