#pragma once

#include "http/HttpResponse.h"
#include "oidc/AuthorizationRequest.h"

#include <QList>
#include <QString>
#include <utility>

namespace gatehouse::loginui {
class LoginPageRenderer;
}

namespace gatehouse::oidc {

// Sends the authorization response back to the client's (validated) redirect URI: a 302 with the
// parameters in the query (RFC 6749 §4.1.2), or, for response_mode=form_post, a page that POSTs
// them (OAuth 2.0 Form Post Response Mode). Every response carries `iss` (RFC 9207), so a client
// talking to several servers can tell which one answered, and `state` when the request had one.
class AuthorizationResponse final {
public:
    using Parameters = QList<std::pair<QString, QString>>;

    explicit AuthorizationResponse(const loginui::LoginPageRenderer& renderer);

    [[nodiscard]] http::HttpResponse code(const AuthorizationRequest& request,
                                          const QString& issuer, const QString& code) const;
    [[nodiscard]] http::HttpResponse error(const AuthorizationErrorRedirect& error,
                                           const QString& issuer) const;

    // The redirect URI with `parameters` appended to its query (after any query it already has).
    [[nodiscard]] static QString appendQuery(const QString& redirectUri,
                                             const Parameters& parameters);

private:
    [[nodiscard]] http::HttpResponse send(const QString& redirectUri, ResponseMode mode,
                                          Parameters parameters) const;

    const loginui::LoginPageRenderer& m_renderer;
};

} // namespace gatehouse::oidc
