#pragma once

#include "models/items/PagedListModel.h"
#include "models/users/UserRecord.h"

namespace gatehouse::client {

// A tenant's users: GET t/T/api/v2/users a page at a time, searched with the server's query
// syntax (`q`) and sorted by the server (every column is one of UserRepository::sortColumns()).
class UsersModel final : public PagedListModel {
    Q_OBJECT

public:
    explicit UsersModel(Session& session, QObject* parent = nullptr);

    // The `q` the list is searched with (userSearchQuery() turns typed text into one); empty
    // lists everyone. Starts over when it changes.
    void setSearch(const QString& query);
    [[nodiscard]] QString search() const { return m_search; }

    [[nodiscard]] UserRecord recordAt(int row) const;
    // The server field a column sorts on; empty when the column is not sortable.
    [[nodiscard]] QString sortField(int column) const;

    // After a write that succeeded (UserService): the server's version of a user, or a deleted
    // one taken out.
    void applyUser(const QJsonObject& user);
    void applyRemoved(const QString& id);

protected:
    [[nodiscard]] QList<Column> columns() const override { return m_columns; }
    [[nodiscard]] QString path() const override { return QStringLiteral("users"); }
    [[nodiscard]] QString listKey() const override { return QStringLiteral("users"); }
    [[nodiscard]] QString idField() const override { return QStringLiteral("user_id"); }
    void addFilters(QUrlQuery& query) const override;
    [[nodiscard]] QVariant display(const QJsonObject& item, int column) const override;

private:
    enum ColumnIndex { Email, Name, Connection, LastLogin, Blocked };

    // Built once: data() asks for them for every cell painted.
    QList<Column> m_columns;
    QString m_search;
};

} // namespace gatehouse::client
