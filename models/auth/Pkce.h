#pragma once

#include <QByteArray>

namespace gatehouse::client {

// RFC 7636 S256: a fresh verifier per sign-in attempt and its challenge; also the `state` value
// (RFC 6749 §10.12), which needs the same unguessable randomness.
struct Pkce {
    QByteArray verifier;  // 43 characters of base64url (32 random bytes)
    QByteArray challenge; // base64url(SHA-256(verifier))

    [[nodiscard]] static Pkce generate();
    [[nodiscard]] static QByteArray challengeFor(const QByteArray& verifier);
    [[nodiscard]] static QByteArray randomState();
};

} // namespace gatehouse::client
