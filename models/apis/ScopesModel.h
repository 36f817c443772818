#pragma once

#include "models/apis/ResourceServerRecord.h"

#include <QAbstractTableModel>

namespace gatehouse::client {

// The scopes of one API while they are edited: value and description, rows added and removed,
// descriptions edited in place. Nothing is sent from here: the page saves the list with the API.
class ScopesModel final : public QAbstractTableModel {
    Q_OBJECT

public:
    enum ScopeColumn { ValueColumn, DescriptionColumn };

    explicit ScopesModel(QObject* parent = nullptr);

    void setScopes(const QList<ApiScope>& scopes);
    [[nodiscard]] const QList<ApiScope>& scopes() const { return m_scopes; }
    // Values are fixed once added (grants refer to them); descriptions stay editable unless
    // the whole list is read-only (the system API, a read-only session).
    void setEditable(bool editable);
    [[nodiscard]] bool isEditable() const { return m_editable; }

    // Appends a scope; false (and nothing added) when its value is invalid or already defined,
    // with the reason in `problem`.
    bool addScope(const ApiScope& scope, QString* problem = nullptr);
    void removeScopeAt(int row);
    [[nodiscard]] int rowOfValue(const QString& value) const;

    [[nodiscard]] int rowCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex& index, int role) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role) const override;
    [[nodiscard]] Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role) override;

Q_SIGNALS:
    // The list differs from what setScopes() gave (or changed back).
    void edited();

private:
    QList<ApiScope> m_scopes;
    bool m_editable = true;
};

} // namespace gatehouse::client
