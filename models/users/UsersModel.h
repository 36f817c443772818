#pragma once

#include "models/items/PagedListModel.h"

namespace gatehouse::client {

// A tenant's users: GET t/T/api/v2/users, searched with the server's query syntax (q).
class UsersModel final : public PagedListModel {
    Q_OBJECT

public:
    explicit UsersModel(Session& session, QObject* parent = nullptr);

protected:
    [[nodiscard]] QList<Column> columns() const override;
    [[nodiscard]] QString path() const override { return QStringLiteral("users"); }
    [[nodiscard]] QString listKey() const override { return QStringLiteral("users"); }
    [[nodiscard]] QString idField() const override { return QStringLiteral("user_id"); }
};

} // namespace gatehouse::client
