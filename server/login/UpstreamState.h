#pragma once

#include "core/Result.h"
#include "crypto/Sealer.h"
#include "oidc/LoginTransaction.h"
#include "store/Records.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QDateTime>
#include <QString>

namespace gatehouse::login {

// A login that has left for an upstream provider: what the browser carries there and back in the
// `state` of the upstream authorization request (OIDC Core §3.1.2.1), so that any node can take
// the callback and nothing is stored for logins abandoned at the provider.
struct UpstreamState {
    oidc::LoginTransaction transaction; // the login it continues
    QString connectionId;
    QString connection;   // the connection's name
    QString codeVerifier; // RFC 7636 §4.1
    QString nonce;        // OIDC Core §3.1.2.1, checked in the upstream ID token
    QByteArray binding;   // HMAC of the browser's gh_upstream cookie
    QDateTime expiresAt;
};

// Seals UpstreamStates like LoginTransactionCodec seals transactions (AES-256-GCM under a key of
// its own derived from the master key, "upstream_state:<tenant>" as associated data, so a state
// is no login transaction and opens in no other tenant), and binds each to the browser that left:
// the state holds HMAC(key, gh_upstream cookie), and a callback without that cookie fails. An
// attacker who finishes an upstream login of his own cannot make a victim's browser complete it
// (login CSRF through the callback), not knowing her cookie.
//
// The transaction travels as its JSON, not sealed a second time: upstream providers limit
// `state` (Gatehouse itself to 2,048 characters), and a double seal would make it a third longer.
class UpstreamStateCodec final {
public:
    static constexpr int kLifetimeSeconds = 1800;
    static constexpr QByteArrayView kCookie = "gh_upstream";

    explicit UpstreamStateCodec(const crypto::Sealer& master);

    // A fresh PKCE verifier and nonce for `transaction` through `connection`, bound to `cookie`.
    [[nodiscard]] UpstreamState start(oidc::LoginTransaction transaction,
                                      const store::ConnectionRecord& connection,
                                      QByteArrayView cookie, const QDateTime& now) const;
    // base64url, URL-safe.
    [[nodiscard]] QByteArray seal(const UpstreamState& state) const;
    // Errors (400): "invalid_upstream_state" for anything that does not open under this tenant,
    // "upstream_state_expired" once expiresAt has passed.
    [[nodiscard]] Result<UpstreamState> open(QByteArrayView sealed, const QString& tenant,
                                             const QDateTime& now) const;
    // Constant time; false for an empty cookie.
    [[nodiscard]] bool isBoundTo(const UpstreamState& state, QByteArrayView cookie) const;

private:
    [[nodiscard]] QByteArray bindingOf(QByteArrayView cookie) const;

    crypto::Sealer m_sealer;
    QByteArray m_bindingKey;
};

} // namespace gatehouse::login
