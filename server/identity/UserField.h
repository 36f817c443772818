#pragma once

#include <QString>
#include <QStringView>
#include <optional>

namespace gatehouse::identity {

// The columns of the users table that a user search may name. `tenant` is deliberately absent:
// the caller scopes every search to one tenant, and a query must not look as if it could choose.
enum class UserField {
    UserId,
    Connection,
    Email,
    Username,
    Name,
    GivenName,
    FamilyName,
    Nickname,
    Picture,
    EmailVerified,
    Blocked,
    AppMetadata,
    UserMetadata,
    CreatedAt,
    UpdatedAt,
    LastLogin,
    LoginsCount,
};

// How values of a field are written in a query and compared in SQL.
enum class UserFieldType {
    Text,    // exact or prefix match, case-sensitive
    Email,   // text stored lower-cased: the query value is lower-cased, so matching ignores case
    Boolean, // true | false
    Integer, // a decimal int64 (timestamps are milliseconds since the epoch)
    Json,    // app_metadata / user_metadata: only addressed with a path, values compared as text
};

struct UserFieldInfo {
    UserField field;
    const char* name; // as written in a query, and the column name
    UserFieldType type;
};

// By query name (`identities.connection` is an alias of `connection`); nullopt if unknown.
[[nodiscard]] std::optional<UserFieldInfo> findUserField(QStringView name);
[[nodiscard]] UserFieldInfo userFieldInfo(UserField field);
[[nodiscard]] QString userFieldColumn(UserField field);

} // namespace gatehouse::identity
