#include "loginui/PageModel.h"

#include <QRegularExpression>
#include <QStringBuilder>
#include <QUrl>

namespace gatehouse::loginui {

namespace {

// Characters that never belong in a URL we emit: controls, spaces (browsers strip or keep them
// unpredictably), quotes, and the backslash, which browsers read as '/' ("/\evil.io" is
// protocol-relative).
bool hasUnsafeUrlCharacter(const QString& url) {
    return std::any_of(url.begin(), url.end(), [](QChar c) {
        return c.unicode() <= 0x20 || c.unicode() == 0x7f || c == u'\\' || c == u'"' ||
               c == u'\'' || c == u'<' || c == u'>';
    });
}

} // namespace

bool isValidColor(const QString& color) {
    static const QRegularExpression pattern(QStringLiteral("^#[0-9a-fA-F]{6}$"));
    return pattern.match(color).hasMatch();
}

bool isSafeImageUrl(const QString& url) {
    if (url.isEmpty() || hasUnsafeUrlCharacter(url) || url.startsWith(QLatin1String("//")))
        return false;
    const QUrl parsed(url, QUrl::StrictMode);
    if (!parsed.isValid())
        return false;
    if (parsed.scheme().isEmpty())
        return true; // relative: same origin
    return parsed.scheme() == QLatin1String("https") && !parsed.host().isEmpty() &&
           parsed.userInfo().isEmpty();
}

bool isSafeLinkUrl(const QString& url) {
    return isSafeImageUrl(url);
}

QString resolveLanguage(const QString& uiLocales, const QStringList& supported) {
    static const QRegularExpression tagPattern(
        QStringLiteral("^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$"));
    const QStringList tags = uiLocales.split(u' ', Qt::SkipEmptyParts);
    for (const QString& tag : tags) {
        if (!tagPattern.match(tag).hasMatch())
            continue;
        const QString primary = tag.section(u'-', 0, 0);
        for (const QString& candidate : {tag, primary}) {
            for (const QString& language : supported) {
                if (language.compare(candidate, Qt::CaseInsensitive) == 0)
                    return language;
            }
        }
    }
    return QStringLiteral("en");
}

QString cspSourceFor(const QString& origin) {
    // A private-use URI scheme of a native app (RFC 8252 §7.1) is reverse-DNS, so it has a dot;
    // that also keeps out "https:", "data:" and "javascript:", which would allow far too much.
    static const QRegularExpression schemeOnly(
        QStringLiteral("^[a-z][a-z0-9+-]*(\\.[a-z0-9+-]+)+:$"));
    if (schemeOnly.match(origin).hasMatch())
        return origin;
    if (hasUnsafeUrlCharacter(origin) || origin.contains(u';') || origin.contains(u','))
        return {};
    const QUrl url(origin, QUrl::StrictMode);
    const QString scheme = url.scheme();
    if (!url.isValid() || (scheme != QLatin1String("https") && scheme != QLatin1String("http")) ||
        url.host().isEmpty() || !url.userInfo().isEmpty() || url.hasQuery() || url.hasFragment() ||
        (!url.path().isEmpty() && url.path() != QLatin1String("/"))) {
        return {};
    }
    const QString source =
        QString::fromLatin1(url.adjusted(QUrl::RemovePath).toEncoded(QUrl::FullyEncoded));
    if (hasUnsafeUrlCharacter(source) || source.contains(u';') || source.contains(u','))
        return {};
    return source;
}

} // namespace gatehouse::loginui
