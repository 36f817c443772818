#pragma once

#include "models/items/PagedListModel.h"
#include "models/tenants/TenantRecord.h"

namespace gatehouse::client {

struct TenantSettings;

// The system tenant's list of tenants (owners only): GET t/system/api/v2/tenants, and the
// writes on it. Each write updates its row from the server's answer when it succeeds.
class TenantsModel final : public PagedListModel {
    Q_OBJECT

public:
    explicit TenantsModel(Session& session, QObject* parent = nullptr);

    [[nodiscard]] TenantRecord recordAt(int row) const;

    // POST tenants: the new tenant with its keys, Management API and default connection.
    ApiCall* create(const TenantRecord& tenant);
    // DELETE tenants/{id}: everything the tenant had goes with it.
    ApiCall* remove(const QString& id);
    // After the tenant's own settings were saved: its name and algorithm as the list shows them.
    void noteSettings(const QString& id, const TenantSettings& settings);

protected:
    [[nodiscard]] QList<Column> columns() const override;
    [[nodiscard]] QString path() const override { return QStringLiteral("tenants"); }
    [[nodiscard]] QString listKey() const override { return QStringLiteral("tenants"); }
    [[nodiscard]] QString idField() const override { return QStringLiteral("id"); }
};

} // namespace gatehouse::client
