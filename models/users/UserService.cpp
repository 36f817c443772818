#include "models/users/UserService.h"

#include "models/api/ApiCall.h"
#include "models/session/Session.h"
#include "models/users/UsersModel.h"

#include <QUrl>

#include <QJsonArray>

namespace gatehouse::client {

using namespace Qt::StringLiterals;

UserService::UserService(Session& session, UsersModel& model, QObject* parent)
    : QObject(parent)
    , m_session(session)
    , m_model(model) {}

QString UserService::userPath(const QString& prefix, const QString& userId) {
    // Percent-encoded, so that an id with a '/' (an upstream provider's subject may have one)
    // stays one path segment; the transport keeps what is encoded as it is.
    return prefix + u'/' + QString::fromLatin1(QUrl::toPercentEncoding(userId));
}

ApiCall* UserService::create(const NewUser& user) {
    ApiCall* call = m_session.managementCall("POST", m_model.tenant(), u"users"_s, {},
                                             QJsonDocument(user.toJson()));
    // Not added to the list: a new row at the end of a partly loaded list would come again
    // with a later page. The page shows it through a search instead.
    return call;
}

ApiCall* UserService::save(const UserRecord& before, const UserRecord& after) {
    const QJsonObject changes = after.changesSince(before);
    if (changes.isEmpty())
        return nullptr;
    return patch(before.userId, changes);
}

ApiCall* UserService::setBlocked(const QString& userId, bool blocked) {
    return patch(userId, QJsonObject{{u"blocked"_s, blocked}});
}

ApiCall* UserService::patch(const QString& userId, const QJsonObject& changes) {
    ApiCall* call = m_session.managementCall(
        "PATCH", m_model.tenant(), userPath(u"users"_s, userId), {}, QJsonDocument(changes));
    applyOnSuccess(call);
    return call;
}

ApiCall* UserService::remove(const QString& userId) {
    ApiCall* call =
        m_session.managementCall("DELETE", m_model.tenant(), userPath(u"users"_s, userId));
    connect(call, &ApiCall::finished, this, [this, call, userId] {
        if (call->result().ok())
            m_model.applyRemoved(userId);
    });
    return call;
}

ApiCall* UserService::loadBlocks(const QString& userId) {
    return m_session.managementCall("GET", m_model.tenant(), userPath(u"user-blocks"_s, userId));
}

ApiCall* UserService::removeBlocks(const QString& userId) {
    return m_session.managementCall("DELETE", m_model.tenant(), userPath(u"user-blocks"_s, userId));
}

ApiCall* UserService::loadDatabaseConnections() {
    QUrlQuery query;
    query.addQueryItem(u"strategy"_s, u"auth0"_s);
    query.addQueryItem(u"per_page"_s, u"100"_s);
    return m_session.managementCall("GET", m_model.tenant(), u"connections"_s, query);
}

void UserService::applyOnSuccess(ApiCall* call) {
    connect(call, &ApiCall::finished, this, [this, call] {
        if (call->result().ok())
            m_model.applyUser(call->result().json.object());
    });
}

std::optional<UserRecord> UserService::userFrom(const ApiResult& result) {
    if (!result.ok() || !result.json.isObject())
        return std::nullopt;
    return UserRecord::fromJson(result.json.object());
}

QList<UserBlock> UserService::blocksFrom(const ApiResult& result) {
    return result.ok() ? UserBlock::listFromJson(result.json.object()) : QList<UserBlock>();
}

QList<DatabaseConnection> UserService::connectionsFrom(const ApiResult& result) {
    QList<DatabaseConnection> connections;
    if (!result.ok())
        return connections;
    for (const QJsonValue& value : result.json.array())
        connections.append(DatabaseConnection::fromJson(value.toObject()));
    return connections;
}

} // namespace gatehouse::client
