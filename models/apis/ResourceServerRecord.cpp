#include "models/apis/ResourceServerRecord.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace gatehouse::client {

using namespace Qt::StringLiterals;

namespace {

QJsonArray scopesJson(const QList<ApiScope>& scopes) {
    QJsonArray json;
    for (const ApiScope& scope : scopes)
        json.append(QJsonObject{{u"value"_s, scope.value}, {u"description"_s, scope.description}});
    return json;
}

} // namespace

QString ApiScope::valueProblem(const QString& value) {
    if (value.isEmpty())
        return QCoreApplication::translate("ApiScope", "A scope needs a value.");
    for (const QChar c : value) {
        const char16_t u = c.unicode();
        if (u < 0x21 || u > 0x7e || u == u'"' || u == u'\\')
            return QCoreApplication::translate(
                       "ApiScope", "'%1': a scope has no spaces, quotes, backslashes or "
                                   "characters outside ASCII.")
                .arg(value);
    }
    return {};
}

ResourceServerRecord ResourceServerRecord::fromJson(const QJsonObject& json) {
    ResourceServerRecord server;
    server.id = json.value("id"_L1).toString();
    server.name = json.value("name"_L1).toString();
    server.identifier = json.value("identifier"_L1).toString();
    for (const QJsonValue& scope : json.value("scopes"_L1).toArray()) {
        const QJsonObject object = scope.toObject();
        server.scopes.append(
            {object.value("value"_L1).toString(), object.value("description"_L1).toString()});
    }
    server.tokenLifetime = json.value("token_lifetime"_L1).toInt(kDefaultTokenLifetime);
    server.signingAlg = json.value("signing_alg"_L1).toString();
    server.isSystem = json.value("is_system"_L1).toBool();
    server.createdAt = QDateTime::fromString(json.value("created_at"_L1).toString(), Qt::ISODate);
    server.updatedAt = QDateTime::fromString(json.value("updated_at"_L1).toString(), Qt::ISODate);
    return server;
}

QJsonObject ResourceServerRecord::toCreateJson() const {
    return {
        {u"name"_s, name},
        {u"identifier"_s, identifier},
        {u"scopes"_s, scopesJson(scopes)},
        {u"token_lifetime"_s, tokenLifetime},
    };
}

QJsonObject ResourceServerRecord::changesSince(const ResourceServerRecord& before) const {
    QJsonObject changes;
    if (name != before.name)
        changes.insert(u"name"_s, name);
    if (tokenLifetime != before.tokenLifetime)
        changes.insert(u"token_lifetime"_s, tokenLifetime);
    if (scopes != before.scopes)
        changes.insert(u"scopes"_s, scopesJson(scopes));
    return changes;
}

QStringList ResourceServerRecord::scopeValues() const {
    QStringList values;
    for (const ApiScope& scope : scopes)
        values.append(scope.value);
    return values;
}

} // namespace gatehouse::client
