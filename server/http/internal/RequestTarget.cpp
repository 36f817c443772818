#include "http/internal/RequestTarget.h"

namespace gatehouse::http::internal {
namespace {

bool isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// reg-name = *( unreserved / pct-encoded / sub-delims ), which covers IPv4 addresses too.
bool isRegName(QByteArrayView name) {
    for (qsizetype i = 0; i < name.size(); ++i) {
        const char c = name[i];
        const bool unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                                (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
                                c == '~';
        const bool subDelim = c == '!' || c == '$' || c == '&' || c == '\'' || c == '(' ||
                              c == ')' || c == '*' || c == '+' || c == ',' || c == ';' || c == '=';
        if (c == '%') {
            if (i + 2 >= name.size() || !isHex(name[i + 1]) || !isHex(name[i + 2]))
                return false;
            i += 2;
        } else if (!unreserved && !subDelim) {
            return false;
        }
    }
    return true;
}

bool isIpLiteral(QByteArrayView literal) {
    if (literal.size() < 3 || literal.front() != '[' || literal.back() != ']')
        return false;
    for (const char c : literal.sliced(1, literal.size() - 2)) {
        if (!isHex(c) && c != ':' && c != '.')
            return false;
    }
    return true;
}

bool isPort(QByteArrayView port) {
    if (port.size() > 5)
        return false;
    int value = 0;
    for (const char c : port) {
        if (c < '0' || c > '9')
            return false;
        value = value * 10 + (c - '0');
    }
    return value <= 65535;
}

} // namespace

bool isValidHostValue(QByteArrayView value) {
    if (value.isEmpty())
        return true;
    QByteArrayView host = value;
    QByteArrayView port;
    if (value.front() == '[') {
        const qsizetype close = value.indexOf(']');
        if (close < 0)
            return false;
        host = value.first(close + 1);
        const QByteArrayView rest = value.sliced(close + 1);
        if (!rest.isEmpty()) {
            if (rest.front() != ':')
                return false;
            port = rest.sliced(1);
        }
        return isIpLiteral(host) && isPort(port);
    }
    const qsizetype colon = value.lastIndexOf(':');
    if (colon >= 0) {
        host = value.first(colon);
        port = value.sliced(colon + 1);
    }
    return !host.isEmpty() && isRegName(host) && isPort(port);
}

std::optional<AbsoluteTarget> splitAbsoluteForm(QByteArrayView target) {
    // The scheme is case-insensitive (RFC 3986 §3.1).
    qsizetype schemeLength = 0;
    if (target.size() >= 8 && target.first(8).compare("https://", Qt::CaseInsensitive) == 0)
        schemeLength = 8;
    else if (target.size() >= 7 && target.first(7).compare("http://", Qt::CaseInsensitive) == 0)
        schemeLength = 7;
    if (schemeLength == 0)
        return std::nullopt;
    const QByteArrayView rest = target.sliced(schemeLength);
    qsizetype end = 0;
    while (end < rest.size() && rest[end] != '/' && rest[end] != '?' && rest[end] != '#')
        ++end;
    AbsoluteTarget split;
    split.authority = rest.first(end).toByteArray();
    split.originForm = rest.sliced(end).toByteArray();
    if (split.originForm.isEmpty() || split.originForm.front() != '/')
        split.originForm.prepend('/');
    return split;
}

} // namespace gatehouse::http::internal
