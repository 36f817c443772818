#pragma once

#include "core/Result.h"
#include "daemon/CommandLine.h"
#include "tenancy/Clock.h"

#include <QByteArray>
#include <QJsonObject>
#include <QProcessEnvironment>

namespace gatehouse::daemon {

// Longest life of a token from `gatehoused token`: whoever needs another runs the command again
// (the dashboard does, instead of using a refresh token), so a copied token is soon worthless.
inline constexpr int kLocalTokenLifetimeSeconds = 15 * 60;

// What `gatehoused token` prints.
struct LocalToken {
    QByteArray accessToken;
    int expiresIn = 0;

    // {"access_token", "expires_in", "token_type": "Bearer"}: a token response's shape
    // (RFC 6749 §5.1) and nothing else.
    [[nodiscard]] QJsonObject toJson() const;
};

// `gatehoused token`: an access token for the system tenant's Management API (every tenant) of
// the system management client that init made (its id in the setting
// store::kSystemManagementClientSetting), issued without the client's secret.
//
// Why this is safe: the command reads the data directory's master key (DataDirectory refuses a key
// that group or others can read), and whoever can read it owns the instance already: the key
// unseals every signing key. So it grants nothing new; it lets the dashboard sign in to a server
// it started without anyone copying a password.
//
// The token is the one the client credentials grant would issue (oidc::TokenEndpoint: the same
// claims, the scopes of the client's grant, the tenant's current signing key, the path issuer
// `run` serves), except that it lives at most kLocalTokenLifetimeSeconds. Refuses a directory init
// has not finished (`not_initialized`) and one whose issuer is known only once `run` has bound
// its port (port 0 and no public_url).
[[nodiscard]] Result<LocalToken>
issueLocalToken(const TokenRequest& request, const QProcessEnvironment& environment,
                const tenancy::Clock& clock = tenancy::systemClock());

} // namespace gatehouse::daemon
