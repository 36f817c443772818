#pragma once

#include "models/items/PagedListModel.h"

#include <QHash>
#include <QSet>

namespace gatehouse::client {

// The tenant's applications with a check box each: which ones may sign in with a connection
// (its `enabled_clients`). The page sets the connection's list and reads the ticked ids back
// for the connection's PATCH. Every page is loaded at once; names() gives the ids' names.
class EnabledClientsModel final : public PagedListModel {
    Q_OBJECT

public:
    explicit EnabledClientsModel(Session& session, QObject* parent = nullptr);

    // The connection's enabled_clients as saved; forgets unsaved ticks.
    void setCheckedIds(const QStringList& clientIds);
    // The ticked ids: the saved ones still ticked (loaded or not), then the new ones.
    [[nodiscard]] QStringList checkedIds() const;
    [[nodiscard]] bool hasChanges() const { return m_checked != m_saved; }
    void setEditable(bool editable);
    [[nodiscard]] bool isEditable() const { return m_editable; }
    // client_id -> name of every loaded application.
    [[nodiscard]] QHash<QString, QString> names() const;

    [[nodiscard]] QVariant data(const QModelIndex& index, int role) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role) override;
    [[nodiscard]] Qt::ItemFlags flags(const QModelIndex& index) const override;

Q_SIGNALS:
    void checkedChanged();

protected:
    [[nodiscard]] QList<Column> columns() const override;
    [[nodiscard]] QString path() const override { return QStringLiteral("clients"); }
    [[nodiscard]] QString listKey() const override { return QStringLiteral("clients"); }
    [[nodiscard]] QString idField() const override { return QStringLiteral("client_id"); }
    [[nodiscard]] QVariant display(const QJsonObject& item, int column) const override;

private:
    void refreshChecks();

    QStringList m_savedOrder;
    QSet<QString> m_saved;
    QSet<QString> m_checked;
    bool m_editable = false;
};

} // namespace gatehouse::client
