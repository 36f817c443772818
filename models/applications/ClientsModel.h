#pragma once

#include "models/items/PagedListModel.h"

namespace gatehouse::client {

// A tenant's applications: GET t/T/api/v2/clients.
class ClientsModel final : public PagedListModel {
    Q_OBJECT

public:
    explicit ClientsModel(Session& session, QObject* parent = nullptr);

protected:
    [[nodiscard]] QList<Column> columns() const override;
    [[nodiscard]] QString path() const override { return QStringLiteral("clients"); }
    [[nodiscard]] QString listKey() const override { return QStringLiteral("clients"); }
    [[nodiscard]] QString idField() const override { return QStringLiteral("client_id"); }
};

} // namespace gatehouse::client
