#include "oidc/RedirectUri.h"

#include <optional>

namespace gatehouse::oidc {

namespace {

struct LoopbackParts {
    QStringView host; // "http://127.0.0.1" or "http://[::1]"
    QStringView rest; // from the first '/', '?' or '#' after the port (may be empty)
    bool hasPort = false;
};

// Splits a loopback URI into host, optional port and the rest, or nothing when it is not one.
// A port must be 1-5 digits (1-65535); anything else after the host (userinfo, another host, a
// letter) makes it "not loopback", so it falls back to exact comparison.
std::optional<LoopbackParts> splitLoopback(QStringView uri) {
    static const QString kV4 = QStringLiteral("http://127.0.0.1");
    static const QString kV6 = QStringLiteral("http://[::1]");
    LoopbackParts parts;
    if (uri.startsWith(kV4))
        parts.host = uri.first(kV4.size());
    else if (uri.startsWith(kV6))
        parts.host = uri.first(kV6.size());
    else
        return std::nullopt;
    QStringView tail = uri.sliced(parts.host.size());
    if (tail.startsWith(QLatin1Char(':'))) {
        qsizetype digits = 1;
        while (digits < tail.size() && tail[digits].isDigit() && tail[digits].unicode() < 0x80)
            ++digits;
        const QStringView port = tail.sliced(1, digits - 1);
        bool ok = false;
        const int value = port.toInt(&ok);
        if (port.isEmpty() || port.size() > 5 || !ok || value < 1 || value > 65535)
            return std::nullopt;
        parts.hasPort = true;
        tail = tail.sliced(digits);
    }
    if (!tail.isEmpty() && tail[0] != QLatin1Char('/') && tail[0] != QLatin1Char('?') &&
        tail[0] != QLatin1Char('#'))
        return std::nullopt;
    parts.rest = tail;
    return parts;
}

} // namespace

bool RedirectUri::isRegistered(QStringView requested, const QStringList& registered,
                               bool nativeClient) {
    if (requested.isEmpty())
        return false;
    for (const QString& candidate : registered) {
        if (candidate == requested)
            return true;
        if (nativeClient && loopbackMatches(requested, candidate))
            return true;
    }
    return false;
}

bool RedirectUri::isLoopback(QStringView uri) {
    return splitLoopback(uri).has_value();
}

bool RedirectUri::loopbackMatches(QStringView requested, QStringView registered) {
    const std::optional<LoopbackParts> want = splitLoopback(registered);
    const std::optional<LoopbackParts> got = splitLoopback(requested);
    // The same loopback address; the port is the only part allowed to differ.
    return want && got && want->host == got->host && want->rest == got->rest;
}

} // namespace gatehouse::oidc
