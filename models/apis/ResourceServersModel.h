#pragma once

#include "models/items/PagedListModel.h"

namespace gatehouse::client {

// A tenant's APIs (resource servers): GET t/T/api/v2/resource-servers.
class ResourceServersModel final : public PagedListModel {
    Q_OBJECT

public:
    explicit ResourceServersModel(Session& session, QObject* parent = nullptr);

protected:
    [[nodiscard]] QList<Column> columns() const override;
    [[nodiscard]] QString path() const override { return QStringLiteral("resource-servers"); }
    [[nodiscard]] QString listKey() const override { return QStringLiteral("resource_servers"); }
    [[nodiscard]] QString idField() const override { return QStringLiteral("id"); }
};

} // namespace gatehouse::client
