#include "oidc/OAuthResponses.h"

namespace gatehouse::oidc {
namespace {

// A quoted-string (RFC 9110 §5.6.4) for a challenge parameter, restricted to the characters
// RFC 6750 §3 allows in error_description (%x20-21 / %x23-5B / %x5D-7E): quotes and backslashes
// become apostrophes, anything else outside printable ASCII is dropped, so no header can be split.
QByteArray quoted(const QString& text) {
    QByteArray out = "\"";
    for (const char c : text.toUtf8()) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte > 0x7e)
            continue;
        out.append(c == '"' || c == '\\' ? '\'' : c);
    }
    out.append('"');
    return out;
}

} // namespace

void setNoStore(http::HttpResponse& response) {
    response.setHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store"));
    response.setHeader(QByteArrayLiteral("Pragma"), QByteArrayLiteral("no-cache"));
}

http::HttpResponse tokenError(int status, QByteArrayView code, const QString& description) {
    http::HttpResponse response = http::HttpResponse::error(status, code, description);
    setNoStore(response);
    return response;
}

http::HttpResponse invalidClient(const QString& issuer, const QString& description) {
    http::HttpResponse response = tokenError(401, "invalid_client", description);
    response.setHeader(QByteArrayLiteral("WWW-Authenticate"),
                       QByteArrayLiteral("Basic realm=") + quoted(issuer));
    return response;
}

http::HttpResponse bearerChallenge(const QString& realm, int status, QByteArrayView code,
                                   const QString& description) {
    http::HttpResponse response = http::HttpResponse::error(status, code, description);
    QByteArray challenge = QByteArrayLiteral("Bearer realm=") + quoted(realm);
    if (!code.isEmpty()) {
        challenge += QByteArrayLiteral(", error=") + quoted(QString::fromLatin1(code));
        challenge += QByteArrayLiteral(", error_description=") + quoted(description);
    }
    response.setHeader(QByteArrayLiteral("WWW-Authenticate"), challenge);
    return response;
}

http::HttpResponse oauthError(const QString& issuer, const gatehouse::Error& error) {
    return error.code == "invalid_client" ? invalidClient(issuer, error.message)
                                          : tokenError(error.httpStatus, error.code, error.message);
}

} // namespace gatehouse::oidc
