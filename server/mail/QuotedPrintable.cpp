#include "mail/QuotedPrintable.h"

namespace gatehouse::mail {
namespace {

constexpr int maxEncodedLine = 76;

bool isLiteral(char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte >= 33 && byte <= 126 && byte != '=';
}

int hexValue(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

void encodeLine(QByteArrayView line, QByteArray& out) {
    static constexpr char hex[] = "0123456789ABCDEF";
    int column = 0;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const char c = line[i];
        const bool last = i + 1 == line.size();
        const bool whitespace = c == ' ' || c == '\t';
        char token[3];
        int length = 0;
        if (isLiteral(c) || (whitespace && !last)) {
            token[length++] = c;
        } else {
            const auto byte = static_cast<unsigned char>(c);
            token[length++] = '=';
            token[length++] = hex[byte >> 4];
            token[length++] = hex[byte & 0xF];
        }
        // Room for the token and, unless it ends the line, the '=' of a soft break after it.
        const int reserve = last ? 0 : 1;
        if (column + length + reserve > maxEncodedLine) {
            out.append("=\r\n");
            column = 0;
        }
        out.append(token, length);
        column += length;
    }
}

} // namespace

QByteArray encodeQuotedPrintable(const QByteArray& crlfText) {
    QByteArray out;
    out.reserve(crlfText.size() + crlfText.size() / 8);
    qsizetype start = 0;
    while (start <= crlfText.size()) {
        qsizetype end = crlfText.indexOf("\r\n", start);
        const bool hasBreak = end >= 0;
        if (!hasBreak)
            end = crlfText.size();
        encodeLine(QByteArrayView(crlfText).sliced(start, end - start), out);
        if (!hasBreak)
            break;
        out.append("\r\n");
        start = end + 2;
    }
    return out;
}

QByteArray decodeQuotedPrintable(const QByteArray& encoded) {
    QByteArray out;
    out.reserve(encoded.size());
    for (qsizetype i = 0; i < encoded.size(); ++i) {
        const char c = encoded[i];
        if (c != '=') {
            out.append(c);
            continue;
        }
        if (encoded.mid(i + 1, 2) == "\r\n") {
            i += 2;
            continue;
        }
        if (encoded.mid(i + 1, 1) == "\n") {
            i += 1;
            continue;
        }
        const int high = i + 1 < encoded.size() ? hexValue(encoded[i + 1]) : -1;
        const int low = i + 2 < encoded.size() ? hexValue(encoded[i + 2]) : -1;
        if (high < 0 || low < 0) {
            out.append(c);
            continue;
        }
        out.append(static_cast<char>(high * 16 + low));
        i += 2;
    }
    return out;
}

QByteArray toCrlf(const QByteArray& text) {
    QByteArray out;
    out.reserve(text.size() + text.size() / 32);
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\r') {
            out.append("\r\n");
            if (i + 1 < text.size() && text[i + 1] == '\n')
                ++i;
        } else if (c == '\n') {
            out.append("\r\n");
        } else {
            out.append(c);
        }
    }
    return out;
}

} // namespace gatehouse::mail
