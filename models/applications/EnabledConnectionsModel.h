#pragma once

#include "models/items/PagedListModel.h"

#include <QHash>

namespace gatehouse::client {

// The tenant's connections with a check box each: is the application `clientId` enabled on it?
// In Gatehouse as in Auth0 the list lives on the connection (`enabled_clients`), so the check
// boxes are changes to connections, kept here until save() sends one PATCH per changed
// connection. Every page is loaded at once: it is a list to tick, not to scroll through.
class EnabledConnectionsModel final : public PagedListModel {
    Q_OBJECT

public:
    explicit EnabledConnectionsModel(Session& session, QObject* parent = nullptr);

    // The application whose check boxes these are; forgets unsaved changes.
    void setClient(const QString& clientId);
    [[nodiscard]] QString client() const { return m_clientId; }
    // Whether a person may tick the boxes (the page decides: update:connections, read-only).
    void setEditable(bool editable);
    [[nodiscard]] bool isEditable() const { return m_editable; }

    [[nodiscard]] bool isEnabled(const QString& connectionId) const;
    [[nodiscard]] bool hasChanges() const { return !m_changes.isEmpty(); }
    void revert();
    // PATCH connections/{id} {enabled_clients} for every changed connection. Each one that
    // succeeds is shown as the server answered and is no longer a change; the calls report the
    // failures.
    QList<ApiCall*> save();

    [[nodiscard]] QVariant data(const QModelIndex& index, int role) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role) override;
    [[nodiscard]] Qt::ItemFlags flags(const QModelIndex& index) const override;

Q_SIGNALS:
    void changesChanged(bool hasChanges);

protected:
    [[nodiscard]] QList<Column> columns() const override;
    [[nodiscard]] QString path() const override { return QStringLiteral("connections"); }
    [[nodiscard]] QString listKey() const override { return QStringLiteral("connections"); }
    [[nodiscard]] QVariant display(const QJsonObject& item, int column) const override;

private:
    [[nodiscard]] bool savedState(int row) const;
    void setChanges(QHash<QString, bool> changes);

    QString m_clientId;
    bool m_editable = false;
    QHash<QString, bool> m_changes; // connection id -> enabled, where it differs from the server
};

} // namespace gatehouse::client
