#include "models/connections/EnabledClientsModel.h"

#include "models/applications/ClientRecord.h"

namespace gatehouse::client {

using namespace Qt::StringLiterals;

EnabledClientsModel::EnabledClientsModel(Session& session, QObject* parent)
    : PagedListModel(session, parent) {
    sort(0, Qt::AscendingOrder);
    connect(this, &PagedListModel::pageLoaded, this, [this] {
        if (canFetchMore({}))
            fetchMore({});
    });
}

QList<PagedListModel::Column> EnabledClientsModel::columns() const {
    return {
        {tr("Application"), QStringLiteral("name"), true},
        {tr("Type"), QStringLiteral("app_type"), true},
    };
}

QVariant EnabledClientsModel::display(const QJsonObject& item, int column) const {
    if (column == 1) {
        const QString code = item.value("app_type"_L1).toString();
        const AppTypeInfo* info = AppTypeInfo::ofCode(code);
        return info != nullptr ? info->shortName : code;
    }
    return PagedListModel::display(item, column);
}

void EnabledClientsModel::setCheckedIds(const QStringList& clientIds) {
    m_savedOrder = clientIds;
    m_saved = QSet<QString>(clientIds.begin(), clientIds.end());
    m_checked = m_saved;
    refreshChecks();
    Q_EMIT checkedChanged();
}

QStringList EnabledClientsModel::checkedIds() const {
    QStringList ids;
    for (const QString& id : m_savedOrder) {
        if (m_checked.contains(id))
            ids.append(id);
    }
    // New ticks in the list's order, so that the result does not depend on hashing.
    for (int row = 0; row < rowCount(); ++row) {
        const QString id = idAt(row);
        if (m_checked.contains(id) && !m_saved.contains(id))
            ids.append(id);
    }
    return ids;
}

void EnabledClientsModel::setEditable(bool editable) {
    if (editable == m_editable)
        return;
    m_editable = editable;
    refreshChecks();
}

QHash<QString, QString> EnabledClientsModel::names() const {
    QHash<QString, QString> names;
    for (int row = 0; row < rowCount(); ++row)
        names.insert(idAt(row), itemAt(row).value("name"_L1).toString());
    return names;
}

void EnabledClientsModel::refreshChecks() {
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, 0));
}

QVariant EnabledClientsModel::data(const QModelIndex& index, int role) const {
    if (role == Qt::CheckStateRole) {
        if (!checkIndex(index,
                        CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid) ||
            index.column() != 0)
            return {};
        return m_checked.contains(idAt(index.row())) ? Qt::Checked : Qt::Unchecked;
    }
    return PagedListModel::data(index, role);
}

Qt::ItemFlags EnabledClientsModel::flags(const QModelIndex& index) const {
    Qt::ItemFlags flags = PagedListModel::flags(index);
    if (index.isValid() && index.column() == 0 && m_editable)
        flags |= Qt::ItemIsUserCheckable;
    return flags;
}

bool EnabledClientsModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    if (role != Qt::CheckStateRole || !(flags(index) & Qt::ItemIsUserCheckable))
        return false;
    const QString id = idAt(index.row());
    if (value.toInt() == Qt::Checked)
        m_checked.insert(id);
    else
        m_checked.remove(id);
    Q_EMIT dataChanged(index, index, {Qt::CheckStateRole});
    Q_EMIT checkedChanged();
    return true;
}

} // namespace gatehouse::client
