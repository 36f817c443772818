#pragma once

#include "models/items/PagedListModel.h"

namespace gatehouse::client {

// The system tenant's list of tenants (owners only): GET t/system/api/v2/tenants.
class TenantsModel final : public PagedListModel {
    Q_OBJECT

public:
    explicit TenantsModel(Session& session, QObject* parent = nullptr);

protected:
    [[nodiscard]] QList<Column> columns() const override;
    [[nodiscard]] QString path() const override { return QStringLiteral("tenants"); }
    [[nodiscard]] QString listKey() const override { return QStringLiteral("tenants"); }
    [[nodiscard]] QString idField() const override { return QStringLiteral("id"); }
};

} // namespace gatehouse::client
