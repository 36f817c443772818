#pragma once

#include "GatehousedProcess.h"

#include <QHash>
#include <QList>
#include <QUrlQuery>
#include <utility>

namespace gatehouse::integration {

// What a browser does for the login flow, and no more: keeps the cookies the server sets (by
// name and path, ignoring attributes a real browser would enforce, which the tests check
// separately), sends them back on paths under their Path, and reads forms out of the HTML.
class Browser final {
public:
    explicit Browser(GatehousedProcess& server);

    Reply get(const QByteArray& target);
    // An application/x-www-form-urlencoded POST.
    Reply post(const QByteArray& target, const QList<std::pair<QString, QString>>& fields);

    // The value of the form field `name` in a page (an <input name=… value=…>), unescaped.
    [[nodiscard]] static QString field(const Reply& page, const QString& name);
    // The Location header's target on this server ("/t/…"), or empty for another origin.
    [[nodiscard]] static QByteArray localTarget(const Reply& redirect);
    // The query of a redirect to the application (its Location), decoded.
    [[nodiscard]] static QUrlQuery redirectQuery(const Reply& redirect);

    [[nodiscard]] QByteArray cookie(const QByteArray& name) const;
    void setCookie(const QByteArray& name, const QByteArray& path, const QByteArray& value);
    void clearCookies() { m_cookies.clear(); }
    // Every Set-Cookie header of the last reply, raw, for attribute checks.
    [[nodiscard]] const QList<QByteArray>& lastSetCookies() const { return m_lastSetCookies; }

private:
    void remember(const Reply& reply);
    [[nodiscard]] Headers cookieHeader(const QByteArray& target) const;

    struct Cookie {
        QByteArray name;
        QByteArray path;
        QByteArray value;
    };
    GatehousedProcess& m_server;
    QList<Cookie> m_cookies;
    QList<QByteArray> m_lastSetCookies;
};

} // namespace gatehouse::integration
