#pragma once

#include <QByteArray>

namespace gatehouse::mail {

// Quoted-printable (RFC 2045 §6.7) for bodies whose lines end in CRLF: line breaks stay hard
// breaks, encoded lines are at most 76 characters with soft breaks ("=" CRLF), '=' and bytes
// outside printable ASCII are =XX, and a space or tab before a line end is encoded so that
// transports that strip trailing whitespace cannot change the text.
[[nodiscard]] QByteArray encodeQuotedPrintable(const QByteArray& crlfText);

// The inverse, lenient as a reader should be: soft breaks after CRLF or LF, lowercase hex, and an
// '=' that starts no valid escape is kept as it is.
[[nodiscard]] QByteArray decodeQuotedPrintable(const QByteArray& encoded);

// Any mix of CRLF, LF and lone CR becomes CRLF (RFC 5322 §2.3: CR and LF only together).
[[nodiscard]] QByteArray toCrlf(const QByteArray& text);

} // namespace gatehouse::mail
