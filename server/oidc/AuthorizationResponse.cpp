#include "oidc/AuthorizationResponse.h"

#include "loginui/LoginPageRenderer.h"
#include "oidc/OAuthResponses.h"

#include <QUrl>

namespace gatehouse::oidc {

namespace {

using namespace Qt::StringLiterals;

// RFC 3986 unreserved characters stay; everything else, '+' and '&' included, is escaped.
QString encodeComponent(const QString& value) {
    return QString::fromLatin1(QUrl::toPercentEncoding(value));
}

} // namespace

AuthorizationResponse::AuthorizationResponse(const loginui::LoginPageRenderer& renderer)
    : m_renderer(renderer) {}

http::HttpResponse AuthorizationResponse::code(const AuthorizationRequest& request,
                                               const QString& issuer, const QString& code) const {
    Parameters parameters{{u"code"_s, code}};
    if (!request.state.isEmpty())
        parameters.append({u"state"_s, request.state});
    parameters.append({u"iss"_s, issuer});
    return send(request.redirectUri, request.responseMode, std::move(parameters));
}

http::HttpResponse AuthorizationResponse::error(const AuthorizationErrorRedirect& error,
                                                const QString& issuer) const {
    Parameters parameters{{u"error"_s, error.error}};
    if (!error.description.isEmpty())
        parameters.append({u"error_description"_s, error.description});
    if (!error.state.isEmpty())
        parameters.append({u"state"_s, error.state});
    parameters.append({u"iss"_s, issuer});
    return send(error.redirectUri, error.responseMode, std::move(parameters));
}

QString AuthorizationResponse::appendQuery(const QString& redirectUri,
                                           const Parameters& parameters) {
    QString url = redirectUri;
    // RFC 6749 §3.1.2: the redirection endpoint URI MUST NOT include a fragment; a registered one
    // that does is cut off rather than letting the parameters land inside it.
    if (const qsizetype hash = url.indexOf(u'#'); hash >= 0)
        url.truncate(hash);
    QChar separator = url.contains(u'?') ? u'&' : u'?';
    if (url.endsWith(u'?') || url.endsWith(u'&'))
        separator = QChar();
    for (const auto& [name, value] : parameters) {
        if (!separator.isNull())
            url += separator;
        url += encodeComponent(name) + u'=' + encodeComponent(value);
        separator = u'&';
    }
    return url;
}

http::HttpResponse AuthorizationResponse::send(const QString& redirectUri, ResponseMode mode,
                                               Parameters parameters) const {
    http::HttpResponse response =
        mode == ResponseMode::FormPost
            ? m_renderer.renderFormPost(redirectUri, parameters)
            : http::HttpResponse(302).setHeader("Location",
                                                appendQuery(redirectUri, parameters).toUtf8());
    setNoStore(response);
    return response;
}

} // namespace gatehouse::oidc
