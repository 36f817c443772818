#pragma once

#include "http/HttpResponse.h"

#include <QByteArray>
#include <QString>

namespace gatehouse::loginui {

// Where a page's form submission may end up after the server's redirects.
enum class FormTarget {
    Self,        // the answer is a page of ours (reset request, reset)
    Application, // a successful post redirects to the application (login, sign-up)
};

// The Content-Security-Policy of a login page: nothing but the 'self' stylesheet, the one inline
// <style> carrying this response's nonce (the tenant colour), images from 'self' or https:, no
// framing (clickjacking on the password form) and no <base>. No script at all.
// `form-action 'self'` only for FormTarget::Self: Chrome and Safari check form-action against
// every redirect that follows a submission (w3c/webappsec-csp#8), and a login ends in a redirect
// to the application's callback, which may redirect on to anywhere (an identity broker such as
// another gatehoused's login/callback does), so no list of origins can be complete; listing the
// callback's origin broke such logins in Chrome (tests/e2e/browser-flow.test.mjs).
[[nodiscard]] QByteArray loginPageCsp(const QByteArray& nonce, FormTarget forms);

// For the form_post response: its one inline script and style by nonce, the form posted only to
// the client's origin.
[[nodiscard]] QByteArray formPostCsp(const QByteArray& nonce, const QString& formActionSource);

// The headers every HTML response of the login UI carries: no caching (pages hold a CSRF token
// and a transaction id), the CSP, X-Frame-Options for browsers without frame-ancestors, no
// Referer (the URL holds the login state), no MIME sniffing.
void applyPageHeaders(http::HttpResponse& response, QByteArray csp);

} // namespace gatehouse::loginui
