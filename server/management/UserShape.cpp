#include "management/UserShape.h"

#include "management/ListQuery.h"
#include "management/ManagementEndpoint.h"

#include <QJsonArray>

namespace gatehouse::management {
namespace {

using namespace Qt::StringLiterals;

const QStringList& userFieldNames() {
    static const QStringList names{u"user_id"_s,    u"email"_s,        u"email_verified"_s,
                                   u"username"_s,   u"name"_s,         u"nickname"_s,
                                   u"picture"_s,    u"given_name"_s,   u"family_name"_s,
                                   u"identities"_s, u"app_metadata"_s, u"user_metadata"_s,
                                   u"blocked"_s,    u"created_at"_s,   u"updated_at"_s,
                                   u"last_login"_s, u"last_ip"_s,      u"logins_count"_s};
    return names;
}

void insertText(QJsonObject& json, const QString& key, const QString& value) {
    if (!value.isEmpty())
        json.insert(key, value);
}

// Auth0 ids are `<provider>|<id at the provider>`: `auth0|<hex>` for database users and
// `oidc|<connection>|<sub>` for upstream ones, whose identity user_id is `<connection>|<sub>`.
QJsonObject identityJson(const store::UserRecord& user) {
    const qsizetype bar = user.userId.indexOf(u'|');
    const QString provider = bar < 0 ? u"auth0"_s : user.userId.left(bar);
    const QString providerUserId = bar < 0 ? user.userId : user.userId.mid(bar + 1);
    return QJsonObject{{u"connection"_s, user.connection},
                       {u"provider"_s, provider},
                       {u"user_id"_s, providerUserId},
                       {u"isSocial"_s, false}};
}

} // namespace

QJsonObject userJson(const store::UserRecord& user) {
    QJsonObject json{
        {u"user_id"_s, user.userId},
        {u"email_verified"_s, user.emailVerified},
        {u"identities"_s, QJsonArray{identityJson(user)}},
        {u"app_metadata"_s, user.appMetadata},
        {u"user_metadata"_s, user.userMetadata},
        {u"blocked"_s, user.blocked},
        {u"created_at"_s, timestamp(user.createdAt)},
        {u"updated_at"_s, timestamp(user.updatedAt)},
        {u"logins_count"_s, double(user.loginsCount)},
    };
    insertText(json, u"email"_s, user.email);
    insertText(json, u"username"_s, user.username);
    insertText(json, u"name"_s, user.name);
    insertText(json, u"nickname"_s, user.nickname);
    insertText(json, u"picture"_s, user.picture);
    insertText(json, u"given_name"_s, user.givenName);
    insertText(json, u"family_name"_s, user.familyName);
    insertText(json, u"last_login"_s, timestamp(user.lastLogin));
    insertText(json, u"last_ip"_s, user.lastIp);
    return json;
}

Result<UserFieldSelection> UserFieldSelection::parse(const std::map<QString, QString>& parameters) {
    const auto fields = parameters.find(u"fields"_s);
    const auto include = parameters.find(u"include_fields"_s);
    return parse(fields == parameters.end() ? QString() : fields->second,
                 include == parameters.end() ? QString() : include->second);
}

Result<UserFieldSelection> UserFieldSelection::parse(const QString& fields,
                                                     const QString& includeFields) {
    UserFieldSelection selection;
    if (!includeFields.isNull()) {
        if (includeFields != "true"_L1 && includeFields != "false"_L1)
            return invalidQueryString(
                u"'include_fields' must be true or false, got '%1'"_s.arg(includeFields));
        selection.m_include = includeFields == "true"_L1;
    }
    for (const QString& field : fields.split(u',', Qt::SkipEmptyParts)) {
        const QString name = field.trimmed();
        if (!userFieldNames().contains(name))
            return invalidQueryString(u"'fields': unknown user field '%1'"_s.arg(name));
        selection.m_fields.append(name);
    }
    return selection;
}

QJsonObject UserFieldSelection::apply(QJsonObject user) const {
    if (m_fields.isEmpty())
        return user;
    for (auto it = user.begin(); it != user.end();) {
        if (m_fields.contains(it.key()) != m_include)
            it = user.erase(it);
        else
            ++it;
    }
    return user;
}

} // namespace gatehouse::management
