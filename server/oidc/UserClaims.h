#pragma once

#include "store/Records.h"

#include <QJsonObject>
#include <QStringList>

namespace gatehouse::oidc {

// The standard claims (OIDC Core §5.1) a user releases for the granted scopes (§5.4): `profile`
// gives name, family_name, given_name, nickname, picture and updated_at; `email` gives email and
// email_verified. Empty values are left out. The same set goes into ID tokens and /userinfo.
class UserClaims final {
public:
    UserClaims() = delete;

    [[nodiscard]] static QJsonObject forScopes(const store::UserRecord& user,
                                               const QStringList& scopes);
};

} // namespace gatehouse::oidc
