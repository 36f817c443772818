#pragma once

#include "core/Result.h"
#include "store/Records.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <map>

namespace gatehouse::management {

// A user as the Management API shows it, Auth0's shape: user_id, email, email_verified,
// username, name, nickname, picture, given_name, family_name, identities [{connection,
// provider ("auth0" | "oidc"), user_id, isSocial: false}], app_metadata, user_metadata, blocked,
// created_at, updated_at, last_login, last_ip, logins_count. Text fields that are empty, and
// last_login / last_ip before the first login, are left out, as Auth0 leaves out what a user
// lacks. Never the password hash.
[[nodiscard]] QJsonObject userJson(const store::UserRecord& user);

// Auth0's `fields` (comma-separated names of the fields above) and `include_fields` (true: only
// those, the default; false: all but those). Unknown names are a 400 `invalid_query_string`.
class UserFieldSelection final {
public:
    // From the parameters `fields` and `include_fields`, when present in `parameters`.
    [[nodiscard]] static Result<UserFieldSelection>
    parse(const std::map<QString, QString>& parameters);
    [[nodiscard]] static Result<UserFieldSelection> parse(const QString& fields,
                                                          const QString& includeFields);

    [[nodiscard]] QJsonObject apply(QJsonObject user) const;

private:
    QStringList m_fields; // empty: every field
    bool m_include = true;
};

} // namespace gatehouse::management
