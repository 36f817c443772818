#include "http/Cookies.h"

#include "http/HttpRequest.h"
#include "http/HttpResponse.h"

namespace gatehouse::http {

QByteArray cookieValue(const HttpRequest& request, QByteArrayView name) {
    QByteArray found;
    int matches = 0;
    for (const QByteArray& header : request.headerValues("Cookie")) {
        for (const QByteArray& part : header.split(';')) {
            const QByteArrayView pair = QByteArrayView(part).trimmed();
            const qsizetype equals = pair.indexOf('=');
            if (equals <= 0 || pair.first(equals).trimmed() != name)
                continue;
            QByteArrayView value = pair.sliced(equals + 1).trimmed();
            if (value.size() >= 2 && value.startsWith('"') && value.endsWith('"'))
                value = value.sliced(1, value.size() - 2);
            found = value.toByteArray();
            ++matches;
        }
    }
    return matches == 1 ? found : QByteArray();
}

QByteArray SetCookie::toHeaderValue() const {
    QByteArray header = name + '=' + value + "; Path=" + path + "; HttpOnly";
    if (secure)
        header += "; Secure";
    switch (sameSite) {
    case SameSite::Strict:
        header += "; SameSite=Strict";
        break;
    case SameSite::Lax:
        header += "; SameSite=Lax";
        break;
    case SameSite::None:
        header += "; SameSite=None";
        break;
    }
    if (maxAgeSeconds >= 0)
        header += "; Max-Age=" + QByteArray::number(maxAgeSeconds);
    return header;
}

void SetCookie::addTo(HttpResponse& response) const {
    response.addHeader(QByteArrayLiteral("Set-Cookie"), toHeaderValue());
}

} // namespace gatehouse::http
