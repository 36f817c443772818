#pragma once

#include <QStringView>

namespace gatehouse::oidc {

// Proof Key for Code Exchange (RFC 7636), S256 only: the "plain" method gives no protection when
// the authorization request leaks, so it is refused (RFC 9700 §2.1.1).
class Pkce final {
public:
    // RFC 7636 §4.2: BASE64URL(SHA256(verifier)) is always 43 characters of the base64url alphabet.
    [[nodiscard]] static bool isValidChallenge(QStringView challenge);
    // RFC 7636 §4.1: 43 to 128 characters of [A-Z] [a-z] [0-9] "-" "." "_" "~".
    [[nodiscard]] static bool isValidVerifier(QStringView verifier);
    // BASE64URL(SHA256(ASCII(verifier))) == challenge, compared in constant time; false for a
    // malformed verifier.
    [[nodiscard]] static bool verify(QStringView verifier, QStringView challenge);
};

} // namespace gatehouse::oidc
