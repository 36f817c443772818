#pragma once

#include "models/connections/ConnectionRecord.h"
#include "models/items/PagedListModel.h"

#include <QHash>

namespace gatehouse::client {

// A tenant's connections: GET t/T/api/v2/connections, and the writes on them. Each write
// returns its call; when it succeeds the list shows the server's version at once. The
// Applications column names the enabled clients by name once setClientNames() told it them.
class ConnectionsModel final : public PagedListModel {
    Q_OBJECT

public:
    explicit ConnectionsModel(Session& session, QObject* parent = nullptr);

    [[nodiscard]] ConnectionRecord record(int row) const;
    // The loaded connection with this id; an empty record when it is not loaded.
    [[nodiscard]] ConnectionRecord recordOf(const QString& connectionId) const;
    // client_id -> name, for the Applications column (ids stay ids until then).
    void setClientNames(const QHash<QString, QString>& names);

    ApiCall* create(const ConnectionRecord& connection);
    // PATCH options and enabled_clients (name and strategy cannot change).
    ApiCall* update(const ConnectionRecord& connection);
    // Deletes the connection and, on the server, every user of it.
    ApiCall* remove(const QString& connectionId);

    // Only connections of this strategy (the server's filter); empty for all. Reloads.
    void setStrategyFilter(const QString& strategy);
    // How many users a delete would take with it: a users search for the connection, one
    // result a page; userCount() reads the answer (-1 when it does not say).
    ApiCall* countUsers(const QString& connectionName);
    [[nodiscard]] static int userCount(const ApiResult& result);

protected:
    [[nodiscard]] QList<Column> columns() const override;
    [[nodiscard]] QString path() const override { return QStringLiteral("connections"); }
    [[nodiscard]] QString listKey() const override { return QStringLiteral("connections"); }
    [[nodiscard]] QString idField() const override { return QStringLiteral("id"); }
    [[nodiscard]] QVariant display(const QJsonObject& item, int column) const override;
    void addFilters(QUrlQuery& query) const override;

private:
    void upsertOnSuccess(ApiCall* call);

    QHash<QString, QString> m_clientNames;
    QString m_strategyFilter;
};

} // namespace gatehouse::client
