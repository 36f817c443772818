#pragma once

#include "core/Result.h"
#include "identity/UpstreamIdentity.h"
#include "store/Records.h"
#include "store/Store.h"

namespace gatehouse::login {

// The user an upstream identity logs in as (docs/login.md, "Upstream login"): the user linked to
// (connection, sub) through `identities`; on the first login a new user of that connection, id
// `oidc|<connection>|<sub>`, from the identity's claims, linked in the same transaction. Later
// logins refresh the user's profile and the identity's claims when the provider's have changed.
//
// Never linked to an existing user by e-mail address, not even a database user with the same
// verified address: an upstream that does not verify addresses (or an administrator of one) could
// otherwise claim anyone's address and take over that account. Linking accounts is an explicit
// act of a logged-in user or an administrator, never a side effect of a login.
class UpstreamAccounts final {
public:
    UpstreamAccounts() = delete;

    [[nodiscard]] static Result<store::UserRecord>
    userFor(store::Store& store, const QString& tenant, const QString& connection,
            const identity::UpstreamIdentity& identity);

    [[nodiscard]] static QString userIdFor(const QString& connection, const QString& subject);
};

} // namespace gatehouse::login
