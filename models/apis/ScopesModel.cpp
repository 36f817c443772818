#include "models/apis/ScopesModel.h"

namespace gatehouse::client {

ScopesModel::ScopesModel(QObject* parent)
    : QAbstractTableModel(parent) {}

void ScopesModel::setScopes(const QList<ApiScope>& scopes) {
    beginResetModel();
    m_scopes = scopes;
    endResetModel();
}

void ScopesModel::setEditable(bool editable) {
    if (editable == m_editable)
        return;
    m_editable = editable;
    if (!m_scopes.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_scopes.size()) - 1, DescriptionColumn));
}

bool ScopesModel::addScope(const ApiScope& scope, QString* problem) {
    QString reason = ApiScope::valueProblem(scope.value);
    if (reason.isEmpty() && rowOfValue(scope.value) >= 0)
        reason = tr("The API already defines '%1'.").arg(scope.value);
    if (problem)
        *problem = reason;
    if (!reason.isEmpty())
        return false;
    const int row = int(m_scopes.size());
    beginInsertRows({}, row, row);
    m_scopes.append(scope);
    endInsertRows();
    Q_EMIT edited();
    return true;
}

void ScopesModel::removeScopeAt(int row) {
    if (row < 0 || row >= m_scopes.size())
        return;
    beginRemoveRows({}, row, row);
    m_scopes.removeAt(row);
    endRemoveRows();
    Q_EMIT edited();
}

int ScopesModel::rowOfValue(const QString& value) const {
    for (int row = 0; row < m_scopes.size(); ++row) {
        if (m_scopes.at(row).value == value)
            return row;
    }
    return -1;
}

int ScopesModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_scopes.size());
}

int ScopesModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : 2;
}

QVariant ScopesModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    if (role != Qt::DisplayRole && role != Qt::EditRole && role != Qt::ToolTipRole)
        return {};
    const ApiScope& scope = m_scopes.at(index.row());
    if (role == Qt::ToolTipRole)
        return index.column() == DescriptionColumn && m_editable && !scope.description.isEmpty()
                   ? QVariant(tr("Double-click to edit the description."))
                   : QVariant();
    return index.column() == ValueColumn ? scope.value : scope.description;
}

QVariant ScopesModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (section == ValueColumn)
        return tr("Scope");
    if (section == DescriptionColumn)
        return tr("Description");
    return {};
}

Qt::ItemFlags ScopesModel::flags(const QModelIndex& index) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return Qt::NoItemFlags;
    Qt::ItemFlags flags = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
    if (m_editable && index.column() == DescriptionColumn)
        flags |= Qt::ItemIsEditable;
    return flags;
}

bool ScopesModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    if (role != Qt::EditRole || !(flags(index) & Qt::ItemIsEditable))
        return false;
    QString& description = m_scopes[index.row()].description;
    const QString text = value.toString().trimmed();
    if (text == description)
        return true;
    description = text;
    Q_EMIT dataChanged(index, index, {Qt::DisplayRole, Qt::EditRole});
    Q_EMIT edited();
    return true;
}

} // namespace gatehouse::client
