#pragma once

#include "http/HttpResponse.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace gatehouse::loginui {

// The Content-Security-Policy of a login page: nothing but the 'self' stylesheet, the one inline
// <style> carrying this response's nonce (the tenant colour), images from 'self' or https:, forms
// posted to 'self' and to `formActionSources` (already valid CSP sources, see cspSourceFor), no
// framing (clickjacking on the password form) and no <base>. No script at all.
[[nodiscard]] QByteArray loginPageCsp(const QByteArray& nonce,
                                      const QStringList& formActionSources);

// For the form_post response: its one inline script and style by nonce, the form posted only to
// the client's origin.
[[nodiscard]] QByteArray formPostCsp(const QByteArray& nonce, const QString& formActionSource);

// The headers every HTML response of the login UI carries: no caching (pages hold a CSRF token
// and a transaction id), the CSP, X-Frame-Options for browsers without frame-ancestors, no
// Referer (the URL holds the login state), no MIME sniffing.
void applyPageHeaders(http::HttpResponse& response, QByteArray csp);

} // namespace gatehouse::loginui
