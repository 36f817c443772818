#include "oidc/FormBody.h"

#include "http/HttpRequest.h"

namespace gatehouse::oidc {

namespace {

QByteArray mediaType(const http::HttpRequest& request) {
    QByteArray type = request.header("Content-Type");
    if (const qsizetype semicolon = type.indexOf(';'); semicolon >= 0)
        type.truncate(semicolon);
    return type.trimmed().toLower();
}

} // namespace

bool hasFormBody(const http::HttpRequest& request) {
    return mediaType(request) == "application/x-www-form-urlencoded";
}

Result<RequestParameters> parseBody(const http::HttpRequest& request, bool acceptJson) {
    const QByteArray type = mediaType(request);
    if (type == "application/x-www-form-urlencoded")
        return RequestParameters::fromForm(request.body());
    if (acceptJson && type == "application/json")
        return RequestParameters::fromJson(request.body());
    return Error::badRequest(QByteArrayLiteral("invalid_request"),
                             acceptJson ? QStringLiteral("the body must be "
                                                         "application/x-www-form-urlencoded or "
                                                         "application/json")
                                        : QStringLiteral("the body must be "
                                                         "application/x-www-form-urlencoded"));
}

} // namespace gatehouse::oidc
