#pragma once

#include <QByteArray>

namespace gatehouse::crypto {

// `count` bytes from OpenSSL's CSPRNG. A failing CSPRNG is not an error the caller could handle:
// handing out a predictable token would be worse than stopping, so the process aborts.
[[nodiscard]] QByteArray randomBytes(int count);

// A random secret as base64url without padding (RFC 4648 §5), safe in URLs, headers and JSON.
// The default 32 bytes give 256 bits; secrets must use at least 16 (SECURITY.md: >= 128 bits).
[[nodiscard]] QByteArray randomToken(int bytes = 32);

} // namespace gatehouse::crypto
