#include "Browser.h"

#include <QRegularExpression>
#include <QUrl>

namespace gatehouse::integration {

Browser::Browser(GatehousedProcess& server)
    : m_server(server) {}

Reply Browser::get(const QByteArray& target) {
    Reply reply = m_server.call("GET", target, cookieHeader(target));
    remember(reply);
    return reply;
}

Reply Browser::post(const QByteArray& target, const QList<std::pair<QString, QString>>& fields) {
    QUrlQuery form;
    for (const auto& [name, value] : fields)
        form.addQueryItem(QString::fromLatin1(QUrl::toPercentEncoding(name)),
                          QString::fromLatin1(QUrl::toPercentEncoding(value)));
    Headers headers = cookieHeader(target);
    headers.append({QByteArray("Content-Type"), QByteArray("application/x-www-form-urlencoded")});
    Reply reply =
        m_server.call("POST", target, headers, form.toString(QUrl::FullyEncoded).toLatin1());
    remember(reply);
    return reply;
}

QString Browser::field(const Reply& page, const QString& name) {
    const QString html = QString::fromUtf8(page.body);
    const QRegularExpression input(
        QStringLiteral("<input[^>]*name=\"%1\"[^>]*>").arg(QRegularExpression::escape(name)));
    const QRegularExpressionMatch tag = input.match(html);
    if (!tag.hasMatch())
        return {};
    const QRegularExpressionMatch value =
        QRegularExpression(QStringLiteral("value=\"([^\"]*)\"")).match(tag.captured(0));
    QString text = value.captured(1);
    text.replace(QStringLiteral("&quot;"), QStringLiteral("\""));
    text.replace(QStringLiteral("&#39;"), QStringLiteral("'"));
    text.replace(QStringLiteral("&lt;"), QStringLiteral("<"));
    text.replace(QStringLiteral("&gt;"), QStringLiteral(">"));
    text.replace(QStringLiteral("&amp;"), QStringLiteral("&"));
    return text;
}

QByteArray Browser::localTarget(const Reply& redirect) {
    const QByteArray location = redirect.header("Location");
    return location.startsWith('/') ? location : QByteArray();
}

QUrlQuery Browser::redirectQuery(const Reply& redirect) {
    return QUrlQuery(QUrl(QString::fromUtf8(redirect.header("Location"))));
}

QByteArray Browser::cookie(const QByteArray& name) const {
    for (const Cookie& cookie : m_cookies) {
        if (cookie.name == name)
            return cookie.value;
    }
    return {};
}

void Browser::setCookie(const QByteArray& name, const QByteArray& path, const QByteArray& value) {
    for (Cookie& cookie : m_cookies) {
        if (cookie.name == name && cookie.path == path) {
            cookie.value = value;
            return;
        }
    }
    m_cookies.append({name, path, value});
}

void Browser::remember(const Reply& reply) {
    m_lastSetCookies.clear();
    for (const auto& [name, value] : reply.headers) {
        if (name.compare("Set-Cookie", Qt::CaseInsensitive) != 0)
            continue;
        m_lastSetCookies.append(value);
        const QList<QByteArray> parts = value.split(';');
        const qsizetype equals = parts.first().indexOf('=');
        const QByteArray cookieName = parts.first().left(equals).trimmed();
        const QByteArray cookieValue = parts.first().mid(equals + 1).trimmed();
        QByteArray path = "/";
        bool expired = false;
        for (const QByteArray& attribute : parts.mid(1)) {
            const QByteArray trimmed = attribute.trimmed();
            if (trimmed.startsWith("Path="))
                path = trimmed.mid(5);
            if (trimmed == "Max-Age=0")
                expired = true;
        }
        m_cookies.removeIf([&](const Cookie& c) { return c.name == cookieName && c.path == path; });
        if (!expired)
            m_cookies.append({cookieName, path, cookieValue});
    }
}

Headers Browser::cookieHeader(const QByteArray& target) const {
    QByteArray header;
    for (const Cookie& cookie : m_cookies) {
        if (!target.startsWith(cookie.path))
            continue;
        if (!header.isEmpty())
            header += "; ";
        header += cookie.name + '=' + cookie.value;
    }
    return header.isEmpty() ? Headers{} : Headers{{"Cookie", header}};
}

} // namespace gatehouse::integration
