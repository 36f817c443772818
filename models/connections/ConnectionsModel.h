#pragma once

#include "models/items/PagedListModel.h"

namespace gatehouse::client {

// A tenant's connections: GET t/T/api/v2/connections.
class ConnectionsModel final : public PagedListModel {
    Q_OBJECT

public:
    explicit ConnectionsModel(Session& session, QObject* parent = nullptr);

protected:
    [[nodiscard]] QList<Column> columns() const override;
    [[nodiscard]] QString path() const override { return QStringLiteral("connections"); }
    [[nodiscard]] QString listKey() const override { return QStringLiteral("connections"); }
    [[nodiscard]] QString idField() const override { return QStringLiteral("id"); }
};

} // namespace gatehouse::client
