#include "identity/UserField.h"

#include <array>

namespace gatehouse::identity {

namespace {

constexpr std::array<UserFieldInfo, 17> kFields{{
    {UserField::UserId, "user_id", UserFieldType::Text},
    {UserField::Connection, "connection", UserFieldType::Text},
    {UserField::Email, "email", UserFieldType::Email},
    {UserField::Username, "username", UserFieldType::Text},
    {UserField::Name, "name", UserFieldType::Text},
    {UserField::GivenName, "given_name", UserFieldType::Text},
    {UserField::FamilyName, "family_name", UserFieldType::Text},
    {UserField::Nickname, "nickname", UserFieldType::Text},
    {UserField::Picture, "picture", UserFieldType::Text},
    {UserField::EmailVerified, "email_verified", UserFieldType::Boolean},
    {UserField::Blocked, "blocked", UserFieldType::Boolean},
    {UserField::AppMetadata, "app_metadata", UserFieldType::Json},
    {UserField::UserMetadata, "user_metadata", UserFieldType::Json},
    {UserField::CreatedAt, "created_at", UserFieldType::Integer},
    {UserField::UpdatedAt, "updated_at", UserFieldType::Integer},
    {UserField::LastLogin, "last_login", UserFieldType::Integer},
    {UserField::LoginsCount, "logins_count", UserFieldType::Integer},
}};

} // namespace

std::optional<UserFieldInfo> findUserField(QStringView name) {
    if (name == QLatin1String("identities.connection"))
        return userFieldInfo(UserField::Connection);
    for (const UserFieldInfo& info : kFields) {
        if (name == QLatin1String(info.name))
            return info;
    }
    return std::nullopt;
}

UserFieldInfo userFieldInfo(UserField field) {
    for (const UserFieldInfo& info : kFields) {
        if (info.field == field)
            return info;
    }
    Q_UNREACHABLE();
    return kFields.front();
}

QString userFieldColumn(UserField field) {
    return QString::fromLatin1(userFieldInfo(field).name);
}

} // namespace gatehouse::identity
