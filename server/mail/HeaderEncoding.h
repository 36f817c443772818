#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>

namespace gatehouse::mail {

// Header text as RFC 5322 and RFC 2047 want it on the wire: 7-bit, lines folded with CRLF SP.

// An unstructured header body (Subject): printable ASCII stays readable and is folded at spaces
// near 78 columns; anything else (non-ASCII, control characters, text that looks like an encoded
// word, a word too long to fold) becomes UTF-8 "B" encoded words (RFC 2047 §4.1) of at most 75
// characters, never splitting a character, one per folded line. `nameLength` is the length of
// "Subject: " so that the first line is folded as well.
[[nodiscard]] QByteArray encodeUnstructured(const QString& text, int nameLength);

// A display name (RFC 5322 §3.2.5 phrase): atoms as they are, other ASCII as a quoted-string,
// non-ASCII as encoded words.
[[nodiscard]] QByteArray encodePhrase(const QString& text);

// The inverse for readers: unfolds and decodes "B" and "Q" encoded words in any charset Qt knows;
// whitespace between adjacent encoded words is dropped (RFC 2047 §6.2).
[[nodiscard]] QString decodeHeader(const QByteArray& raw);

// "Sat, 28 Nov 2026 14:05:01 +0000" (RFC 5322 §3.3), always in UTC and English.
[[nodiscard]] QByteArray formatDate(const QDateTime& time);

} // namespace gatehouse::mail
