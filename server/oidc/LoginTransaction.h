#pragma once

#include "core/Result.h"
#include "crypto/Sealer.h"
#include "oidc/AuthorizationRequest.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

namespace gatehouse::oidc {

// A login in progress: the validated authorization request between /authorize and the moment the
// user has logged in.
struct LoginTransaction {
    QByteArray id; // 128 random bits, base64url: what CSRF tokens are bound to
    QString tenant;
    AuthorizationRequest request;
    QDateTime expiresAt;
};

// Carries login transactions in the `state` of the login pages, sealed (AES-256-GCM under a key
// derived from the master key), so that any node can continue a login and abandoned logins leave
// nothing behind. The tenant is the associated data: a transaction started in one tenant does not
// open in another. Forms are bound to the browser that loaded them: the CSRF token is an HMAC of
// the browser's `gh_csrf` cookie and the transaction id, so an attacker who starts a transaction
// of his own cannot make a victim's browser submit it (login CSRF), not knowing her cookie.
class LoginTransactionCodec final {
public:
    static constexpr int kLifetimeSeconds = 3600;

    explicit LoginTransactionCodec(const crypto::Sealer& master);

    [[nodiscard]] LoginTransaction start(const QString& tenant, AuthorizationRequest request,
                                         const QDateTime& now) const;
    // base64url, URL- and form-safe.
    [[nodiscard]] QByteArray seal(const LoginTransaction& transaction) const;
    // Errors (400): "invalid_transaction" for anything that does not open under this tenant,
    // "transaction_expired" once expiresAt has passed.
    [[nodiscard]] Result<LoginTransaction> open(QByteArrayView sealed, const QString& tenant,
                                                const QDateTime& now) const;

    [[nodiscard]] QByteArray csrfToken(QByteArrayView cookie,
                                       const LoginTransaction& transaction) const;
    // Constant time; false for an empty cookie or token.
    [[nodiscard]] bool verifyCsrf(QByteArrayView cookie, QByteArrayView token,
                                  const LoginTransaction& transaction) const;

    // The same binding for forms outside a login transaction (the password-reset form, bound to
    // the SHA-256 of its ticket). `binding` must not look like a transaction id: callers prefix it
    // ("reset:…"), so a token for one kind of form never verifies for another.
    [[nodiscard]] QByteArray csrfToken(QByteArrayView cookie, QByteArrayView binding) const;
    [[nodiscard]] bool verifyCsrf(QByteArrayView cookie, QByteArrayView token,
                                  QByteArrayView binding) const;

private:
    crypto::Sealer m_sealer;
    QByteArray m_csrfKey;
};

} // namespace gatehouse::oidc
