#pragma once

#include "models/applications/ClientRecord.h"
#include "models/items/PagedListModel.h"

namespace gatehouse::client {

// A tenant's applications: GET t/T/api/v2/clients, and the writes on them. Each write returns
// its call (ApiCall::finished reports it); when it succeeds the list shows the server's version
// of the application at once. Secrets in the answers are never kept in the list.
class ClientsModel final : public PagedListModel {
    Q_OBJECT

public:
    // The application's `app_type` code, for the type column's icon.
    static constexpr int AppTypeRole = SortValueRole + 1;

    explicit ClientsModel(Session& session, QObject* parent = nullptr);

    [[nodiscard]] ClientRecord record(int row) const;
    // The loaded application with this id; an empty record when it is not loaded.
    [[nodiscard]] ClientRecord recordOf(const QString& clientId) const;

    [[nodiscard]] QVariant data(const QModelIndex& index, int role) const override;

    // Only applications of this `app_type` (the server's filter); empty for all. Reloads.
    void setAppTypeFilter(const QString& appType);
    [[nodiscard]] QString appTypeFilter() const { return m_appTypeFilter; }

    ApiCall* create(const QString& name, AppType type, const QString& description);
    // PATCH of what `edited` changes from `saved` (ClientRecord::patchFrom); nullptr when
    // nothing changed.
    ApiCall* update(const ClientRecord& saved, const ClientRecord& edited);
    ApiCall* remove(const QString& clientId);
    ApiCall* rotateSecret(const QString& clientId);

protected:
    [[nodiscard]] QList<Column> columns() const override;
    [[nodiscard]] QString path() const override { return QStringLiteral("clients"); }
    [[nodiscard]] QString listKey() const override { return QStringLiteral("clients"); }
    [[nodiscard]] QString idField() const override { return QStringLiteral("client_id"); }
    [[nodiscard]] QVariant display(const QJsonObject& item, int column) const override;
    void addFilters(QUrlQuery& query) const override;

private:
    // Shows the answer's client in the list once `call` succeeds.
    void upsertOnSuccess(ApiCall* call);

    QString m_appTypeFilter;
};

} // namespace gatehouse::client
