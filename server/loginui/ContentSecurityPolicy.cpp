#include "loginui/ContentSecurityPolicy.h"

namespace gatehouse::loginui {

QByteArray loginPageCsp(const QByteArray& nonce, FormTarget forms) {
    return QByteArrayLiteral("default-src 'none'; style-src 'self' 'nonce-") + nonce +
           QByteArrayLiteral("'; img-src 'self' https:; ") +
           (forms == FormTarget::Self ? QByteArrayLiteral("form-action 'self'; ") : QByteArray()) +
           QByteArrayLiteral("frame-ancestors 'none'; base-uri 'none'");
}

QByteArray formPostCsp(const QByteArray& nonce, const QString& formActionSource) {
    return QByteArrayLiteral("default-src 'none'; script-src 'nonce-") + nonce +
           QByteArrayLiteral("'; style-src 'nonce-") + nonce +
           QByteArrayLiteral("'; form-action ") + formActionSource.toLatin1() +
           QByteArrayLiteral("; frame-ancestors 'none'; base-uri 'none'");
}

void applyPageHeaders(http::HttpResponse& response, QByteArray csp) {
    response.setHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store"));
    response.setHeader(QByteArrayLiteral("Content-Security-Policy"), std::move(csp));
    response.setHeader(QByteArrayLiteral("X-Frame-Options"), QByteArrayLiteral("DENY"));
    response.setHeader(QByteArrayLiteral("Referrer-Policy"), QByteArrayLiteral("no-referrer"));
    response.setHeader(QByteArrayLiteral("X-Content-Type-Options"), QByteArrayLiteral("nosniff"));
}

} // namespace gatehouse::loginui
