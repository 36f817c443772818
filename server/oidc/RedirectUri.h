#pragma once

#include <QString>
#include <QStringList>
#include <QStringView>

namespace gatehouse::oidc {

// Whether a redirect_uri of an authorization request is one the client registered.
//
// The comparison is an exact string comparison (RFC 9700 §4.1.3, OIDC Core §3.1.2.1): no
// normalisation of case, default ports, trailing slashes, percent-encoding or dot segments, because
// every normalisation a matcher does is one an attacker can use to reach a URI the client never
// registered. The only exception is RFC 8252 §7.3: a native app's loopback redirect URI
// (`http://127.0.0.1/…` or `http://[::1]/…`) matches with any port, since the app picks a free
// port at run time; everything after the port must still match exactly.
class RedirectUri final {
public:
    [[nodiscard]] static bool isRegistered(QStringView requested, const QStringList& registered,
                                           bool nativeClient);

    // `http://127.0.0.1…` or `http://[::1]…` with an optional port; the loopback forms RFC 8252
    // §7.3 lets vary in port. "localhost" is not one of them (RFC 8252 §8.3: NOT RECOMMENDED,
    // it may resolve elsewhere).
    [[nodiscard]] static bool isLoopback(QStringView uri);

private:
    [[nodiscard]] static bool loopbackMatches(QStringView requested, QStringView registered);
};

} // namespace gatehouse::oidc
