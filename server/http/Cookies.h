#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace gatehouse::http {

class HttpRequest;
class HttpResponse;

// The value of the named cookie in the request's Cookie header(s), or empty (RFC 6265 §5.4 sends
// "name=value" pairs separated by "; "). A name sent twice (a cookie of the same name set for
// another path, or one injected by a sibling subdomain) is ambiguous: it counts as absent, so a
// forged duplicate can never win over the real one.
[[nodiscard]] QByteArray cookieValue(const HttpRequest& request, QByteArrayView name);

enum class SameSite { Strict, Lax, None };

// A Set-Cookie header (RFC 6265 §4.1) for the server's own cookies: always HttpOnly (scripts never
// need them), Secure when served over HTTPS, and scoped to `path` (a tenant's `/t/T/`).
struct SetCookie {
    QByteArray name;
    QByteArray value; // must be cookie-octets: base64url values are
    QByteArray path = QByteArrayLiteral("/");
    SameSite sameSite = SameSite::Lax;
    bool secure = true;
    qint64 maxAgeSeconds = -1; // -1: a session cookie; 0: delete it

    [[nodiscard]] QByteArray toHeaderValue() const;
    void addTo(HttpResponse& response) const;
};

} // namespace gatehouse::http
