#pragma once

#include "core/Result.h"
#include "oidc/RequestParameters.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <optional>
#include <variant>

namespace gatehouse::tenancy {
class TenantSnapshot;
}

namespace gatehouse::oidc {

enum class ResponseMode { Query, FormPost };

// A validated authorization request (RFC 6749 §4.1.1, OIDC Core §3.1.2.1, RFC 7636 §4.3). It is
// what the login transaction carries from /authorize through the login pages to the code.
struct AuthorizationRequest {
    QString clientId;
    QString redirectUri;
    ResponseMode responseMode = ResponseMode::Query;
    QStringList scopes;
    QString state;
    QString nonce;
    bool promptNone = false;
    bool promptLogin = false;
    std::optional<qint64> maxAgeSeconds;
    QString loginHint;
    QString idTokenHint;
    QString uiLocales;
    QString audience;
    QString connection;    // Auth0's `connection`: go straight to this connection
    QString codeChallenge; // S256; empty when the client sent none

    [[nodiscard]] bool isOpenId() const { return scopes.contains(QLatin1String("openid")); }
    [[nodiscard]] QJsonObject toJson() const;
    [[nodiscard]] static Result<AuthorizationRequest> fromJson(const QJsonObject& json);
    friend bool operator==(const AuthorizationRequest&, const AuthorizationRequest&) = default;
};

// The request cannot be trusted to say where to send an error: unknown client, missing or
// unregistered redirect_uri, repeated parameters. RFC 6749 §4.1.2.1: "MUST NOT automatically
// redirect the user-agent to the invalid redirection URI"; the server shows an error page.
struct AuthorizationErrorPage {
    QString error;
    QString description;
};

// Any other error goes back to the client's validated redirect URI (RFC 6749 §4.1.2.1).
struct AuthorizationErrorRedirect {
    QString redirectUri;
    ResponseMode responseMode = ResponseMode::Query;
    QString state;
    QString error;
    QString description;
};

using AuthorizationOutcome =
    std::variant<AuthorizationRequest, AuthorizationErrorPage, AuthorizationErrorRedirect>;

// Parses and validates /authorize parameters against the tenant's clients. Checks, in the order
// that decides where an error may go: parameters well-formed and not repeated, client_id known,
// redirect_uri registered (page); then response_mode, response_type=code, the client's grant
// types, scope syntax, PKCE (S256 only; required for public clients), prompt, max_age and the
// lengths of free-text parameters (redirect). Unknown parameters are ignored (OIDC Core §3.1.2.1).
class AuthorizationRequestParser final {
public:
    static constexpr qsizetype kMaxFreeTextLength = 2048;

    AuthorizationRequestParser() = delete;

    [[nodiscard]] static AuthorizationOutcome parse(const Result<RequestParameters>& parameters,
                                                    const tenancy::TenantSnapshot& tenant);
};

} // namespace gatehouse::oidc
