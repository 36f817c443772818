#include "mail/HeaderEncoding.h"

#include "mail/QuotedPrintable.h"

#include <QLocale>
#include <QRegularExpression>
#include <QStringDecoder>

namespace gatehouse::mail {
namespace {

constexpr int maxHeaderLine = 78;        // RFC 5322 §2.1.1
constexpr int maxEncodedWord = 75;       // RFC 2047 §2
constexpr int encodedWordOverhead = 12;  // "=?UTF-8?B?" and "?="
constexpr int longestFoldableWord = 900; // a longer one would break the 998-octet line limit

bool isPrintableAscii(QChar c) {
    return c.unicode() >= 0x20 && c.unicode() <= 0x7E;
}

bool isAtext(QChar c) {
    return (c.unicode() < 0x80 && c.isLetterOrNumber()) ||
           QStringView(u"!#$%&'*+-/=?^_`{|}~").contains(c);
}

// How many bytes of UTF-8 fit into one encoded word without splitting a character.
qsizetype chunkEnd(const QByteArray& utf8, qsizetype start, qsizetype maxBytes) {
    qsizetype end = std::min(utf8.size(), start + maxBytes);
    // Back up off continuation bytes (10xxxxxx) so that every word decodes on its own.
    while (end < utf8.size() && end > start &&
           (static_cast<unsigned char>(utf8[end]) & 0xC0) == 0x80)
        --end;
    return end;
}

QByteArray encodedWord(QByteArrayView bytes) {
    return QByteArrayLiteral("=?UTF-8?B?") + bytes.toByteArray().toBase64() +
           QByteArrayLiteral("?=");
}

QByteArray encodeWords(const QString& text, int firstLineRoom, const QByteArray& separator) {
    const QByteArray utf8 = text.toUtf8();
    const auto bytesFor = [](int wordLength) {
        const int base64 = std::min(wordLength, maxEncodedWord) - encodedWordOverhead;
        return std::max<qsizetype>(3, (base64 / 4) * 3);
    };
    QByteArray out;
    qsizetype start = 0;
    qsizetype maxBytes = bytesFor(firstLineRoom);
    while (start < utf8.size()) {
        const qsizetype end = chunkEnd(utf8, start, maxBytes);
        if (!out.isEmpty())
            out.append(separator);
        out.append(encodedWord(QByteArrayView(utf8).sliced(start, end - start)));
        start = end;
        maxBytes = bytesFor(maxHeaderLine - 1);
    }
    return out;
}

bool needsEncodedWords(const QString& text) {
    if (text.contains(QLatin1String("=?")))
        return true; // a reader would decode it
    for (const QChar c : text) {
        if (!isPrintableAscii(c))
            return true;
    }
    for (const QStringView word : QStringView(text).split(u' ')) {
        if (word.size() > longestFoldableWord)
            return true;
    }
    return false;
}

QByteArray foldAtSpaces(const QString& text, int nameLength) {
    QByteArray out;
    int column = nameLength;
    bool first = true;
    for (const QStringView word : QStringView(text).split(u' ')) {
        const QByteArray bytes = word.toLatin1();
        if (!first) {
            // Fold before a word that would pass the line limit; never leave a blank line.
            if (!bytes.isEmpty() && column + 1 + bytes.size() > maxHeaderLine) {
                out.append("\r\n");
                column = 0;
            }
            out.append(' ');
            ++column;
        }
        out.append(bytes);
        column += int(bytes.size());
        first = false;
    }
    return out;
}

QString decodeWord(const QString& charset, QChar encoding, const QString& payload, bool* ok) {
    QByteArray bytes;
    if (encoding == QLatin1Char('B') || encoding == QLatin1Char('b')) {
        auto decoded = QByteArray::fromBase64Encoding(payload.toLatin1());
        if (!decoded) {
            *ok = false;
            return {};
        }
        bytes = *decoded;
    } else {
        QByteArray q = payload.toLatin1();
        q.replace('_', ' ');
        bytes = decodeQuotedPrintable(q);
    }
    // RFC 2231 §5 allows "charset*language".
    QStringDecoder decoder(charset.section(QLatin1Char('*'), 0, 0).toLatin1().constData());
    if (!decoder.isValid()) {
        *ok = false;
        return {};
    }
    QString text = decoder.decode(bytes);
    *ok = !decoder.hasError();
    return text;
}

} // namespace

QByteArray encodeUnstructured(const QString& text, int nameLength) {
    if (needsEncodedWords(text))
        return encodeWords(text, maxHeaderLine - nameLength, QByteArrayLiteral("\r\n "));
    return foldAtSpaces(text, nameLength);
}

QByteArray encodePhrase(const QString& text) {
    bool atoms = !text.isEmpty() && !text.startsWith(QLatin1Char(' ')) &&
                 !text.endsWith(QLatin1Char(' ')) && !text.contains(QLatin1String("=?"));
    bool printable = true;
    for (const QChar c : text) {
        atoms = atoms && (isAtext(c) || c == QLatin1Char(' '));
        printable = printable && isPrintableAscii(c);
    }
    if (atoms)
        return text.toLatin1();
    if (printable && !text.contains(QLatin1String("=?"))) {
        QByteArray quoted = text.toLatin1();
        quoted.replace('\\', "\\\\");
        quoted.replace('"', "\\\"");
        return '"' + quoted + '"';
    }
    return encodeWords(text, maxEncodedWord, QByteArrayLiteral(" "));
}

QString decodeHeader(const QByteArray& raw) {
    static const QRegularExpression folding(QStringLiteral("\\r?\\n(?=[ \\t])"));
    static const QRegularExpression word(
        QStringLiteral("=\\?([^?\\s]+)\\?([BbQq])\\?([^?\\s]*)\\?="));
    const QString unfolded = QString::fromUtf8(raw).remove(folding);
    QString out;
    qsizetype position = 0;
    bool previousWasEncoded = false;
    for (auto it = word.globalMatch(unfolded); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        const QString between = unfolded.mid(position, match.capturedStart() - position);
        bool ok = false;
        const QString decoded =
            decodeWord(match.captured(1), match.captured(2).at(0), match.captured(3), &ok);
        if (!ok) {
            out += between + match.captured(0);
            previousWasEncoded = false;
        } else {
            if (!(previousWasEncoded && between.trimmed().isEmpty()))
                out += between;
            out += decoded;
            previousWasEncoded = true;
        }
        position = match.capturedEnd();
    }
    out += unfolded.mid(position);
    return out;
}

QByteArray formatDate(const QDateTime& time) {
    return QLocale::c()
               .toString(time.toUTC(), QStringLiteral("ddd, dd MMM yyyy hh:mm:ss"))
               .toLatin1() +
           QByteArrayLiteral(" +0000");
}

} // namespace gatehouse::mail
