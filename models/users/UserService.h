#pragma once

#include "models/users/UserRecord.h"

#include <QObject>
#include <optional>

namespace gatehouse::client {

class ApiCall;
struct ApiResult;
class Session;
class UsersModel;

// The Users page's writes and lookups in the model's tenant. Each returns the call in flight
// (connect to ApiCall::finished and read its result); a write that succeeds also updates the
// model, before the caller's own handler runs, so that the list shows the server's version.
class UserService final : public QObject {
    Q_OBJECT

public:
    UserService(Session& session, UsersModel& model, QObject* parent = nullptr);

    ApiCall* create(const NewUser& user);
    // PATCH users/{id} with the fields `after` changes; nullptr when nothing changed.
    ApiCall* save(const UserRecord& before, const UserRecord& after);
    ApiCall* setBlocked(const QString& userId, bool blocked);
    ApiCall* remove(const QString& userId);
    // Attack protection: GET user-blocks/{id}, DELETE user-blocks/{id}.
    ApiCall* loadBlocks(const QString& userId);
    ApiCall* removeBlocks(const QString& userId);
    // The tenant's database connections (strategy auth0), for creating users.
    ApiCall* loadDatabaseConnections();

    // The typed answers of the calls above; empty when the call failed.
    [[nodiscard]] static std::optional<UserRecord> userFrom(const ApiResult& result);
    [[nodiscard]] static QList<UserBlock> blocksFrom(const ApiResult& result);
    [[nodiscard]] static QList<DatabaseConnection> connectionsFrom(const ApiResult& result);

private:
    ApiCall* patch(const QString& userId, const QJsonObject& changes);
    // The model learns of the written user before anyone else hears of the answer.
    void applyOnSuccess(ApiCall* call);
    [[nodiscard]] static QString userPath(const QString& prefix, const QString& userId);

    Session& m_session;
    UsersModel& m_model;
};

} // namespace gatehouse::client
