#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace gatehouse::loginui {

enum class Page {
    Login,        // POST {base}login: state, csrf, username, password
    Signup,       // POST {base}signup: state, csrf, email, [username], password
    ResetRequest, // POST {base}reset-password/request: state, csrf, email
    Reset,        // POST {base}reset-password: ticket, csrf, password, password_confirm
    Message,      // neutral information ("Check your email")
    Error,        // a flow that cannot go on (unknown client, expired transaction)
};

// The statuses a page may be sent with; an enum so that no other value can reach the wire.
enum class PageStatus {
    Ok = 200,
    BadRequest = 400,      // invalid input, expired transaction
    Unauthorized = 401,    // wrong credentials
    Forbidden = 403,       // blocked user, CSRF failure
    NotFound = 404,        // unknown tenant or client
    TooManyRequests = 429, // attack protection (set retryAfterSeconds)
    ServerError = 500,
};

// Per-tenant look. Invalid values are dropped, never passed through: a logo URL that is not
// https:// or relative, a colour that is not #rrggbb (the default colour is used).
struct Branding {
    QString displayName;  // the tenant's name as users know it
    QString logoUrl;      // optional
    QString primaryColor; // "#rrggbb"; buttons, links, focus ring
};

struct UpstreamConnection {
    QString name;        // the connection's name, sent back as `connection`
    QString displayName; // "Continue with {displayName}"
};

// A message for one field (`field` is a form field name: "username", "email", "password",
// "password_confirm"), or for the whole form when `field` is empty or not on the page.
struct FormError {
    QString field;
    QString message;
};

struct Link {
    QString text;
    QString url; // https:// or relative, else the link is left out
};

enum class IdentifierKind {
    EmailOrUsername, // label "Email or username", input type text
    Email,           // label "Email", input type email
};

// Everything a page shows. The flow fills it; the renderer validates and escapes every string.
struct PageModel {
    QString basePath; // "/t/{tenant}/u/", ends with '/'; form actions and asset URLs start here
    QString state;    // the login transaction id (hidden field, and in links)
    QString csrfToken;
    QString ticket;    // Reset: the password-reset ticket (hidden field)
    QString uiLocales; // OIDC ui_locales, space-separated BCP 47 tags, in order of preference
    Branding branding;
    QString applicationName; // "to continue to {applicationName}", optional

    // Login and Signup
    IdentifierKind identifier = IdentifierKind::EmailOrUsername;
    bool signupAllowed = false;
    bool passwordResetAllowed = true;
    bool usernameRequired = false; // Signup: ask for a username besides the email
    QList<UpstreamConnection> upstreams;
    QString passwordHint; // Signup and Reset, e.g. "At least 12 characters."

    // Values typed before an error, shown again. Never a password.
    QString username;
    QString email;

    std::optional<FormError> error;
    PageStatus status = PageStatus::Ok;
    std::optional<int> retryAfterSeconds; // with TooManyRequests

    // Message and Error pages
    QString title;
    QString message;
    QString errorCode; // Error page: shown for support ("invalid_request")
    std::optional<Link> link;
};

// The checks the renderer applies, public for the flow's own validation and for tests.
[[nodiscard]] bool isValidColor(const QString& color); // exactly #rrggbb
[[nodiscard]] bool isSafeImageUrl(const QString& url); // https://host/… or relative (not //…)
[[nodiscard]] bool isSafeLinkUrl(const QString& url);  // the same rule, for <a href>
// The first tag of `uiLocales` that `supported` has (exactly, or by its primary language
// subtag: "de-CH" → "de"), else "en".
[[nodiscard]] QString resolveLanguage(const QString& uiLocales, const QStringList& supported);
// A CSP source expression for an origin or a scheme, or empty when it is neither (this also
// keeps ';', ',' and whitespace out of the header).
[[nodiscard]] QString cspSourceFor(const QString& origin);

} // namespace gatehouse::loginui
