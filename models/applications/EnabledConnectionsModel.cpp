#include "models/applications/EnabledConnectionsModel.h"

#include "models/session/Session.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace gatehouse::client {

using namespace Qt::StringLiterals;

namespace {

QString strategyName(const QString& strategy) {
    if (strategy == "auth0"_L1)
        return EnabledConnectionsModel::tr("Database");
    if (strategy == "oidc"_L1)
        return EnabledConnectionsModel::tr("OpenID Connect");
    return strategy;
}

} // namespace

EnabledConnectionsModel::EnabledConnectionsModel(Session& session, QObject* parent)
    : PagedListModel(session, parent) {
    sort(0, Qt::AscendingOrder);
    connect(this, &PagedListModel::pageLoaded, this, [this] {
        if (canFetchMore({}))
            fetchMore({});
    });
    connect(this, &QAbstractItemModel::modelReset, this, [this] { setChanges({}); });
}

QList<PagedListModel::Column> EnabledConnectionsModel::columns() const {
    return {
        {tr("Connection"), QStringLiteral("name"), true},
        {tr("Kind"), QStringLiteral("strategy"), true},
    };
}

QVariant EnabledConnectionsModel::display(const QJsonObject& item, int column) const {
    if (column == 1)
        return strategyName(item.value("strategy"_L1).toString());
    return PagedListModel::display(item, column);
}

void EnabledConnectionsModel::setClient(const QString& clientId) {
    m_clientId = clientId;
    setChanges({});
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, 0), {Qt::CheckStateRole});
}

void EnabledConnectionsModel::setEditable(bool editable) {
    if (editable == m_editable)
        return;
    m_editable = editable;
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
}

bool EnabledConnectionsModel::savedState(int row) const {
    const QJsonArray enabled = itemAt(row).value("enabled_clients"_L1).toArray();
    return !m_clientId.isEmpty() && enabled.contains(QJsonValue(m_clientId));
}

bool EnabledConnectionsModel::isEnabled(const QString& connectionId) const {
    const int row = rowOf(connectionId);
    if (row < 0)
        return false;
    return m_changes.value(connectionId, savedState(row));
}

QVariant EnabledConnectionsModel::data(const QModelIndex& index, int role) const {
    if (role == Qt::CheckStateRole) {
        if (!checkIndex(index,
                        CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid) ||
            index.column() != 0 || m_clientId.isEmpty())
            return {};
        return isEnabled(idAt(index.row())) ? Qt::Checked : Qt::Unchecked;
    }
    return PagedListModel::data(index, role);
}

Qt::ItemFlags EnabledConnectionsModel::flags(const QModelIndex& index) const {
    Qt::ItemFlags flags = PagedListModel::flags(index);
    if (index.isValid() && index.column() == 0 && m_editable && !m_clientId.isEmpty())
        flags |= Qt::ItemIsUserCheckable;
    return flags;
}

bool EnabledConnectionsModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    if (role != Qt::CheckStateRole || !(flags(index) & Qt::ItemIsUserCheckable))
        return false;
    const bool enabled = value.toInt() == Qt::Checked;
    QHash<QString, bool> changes = m_changes;
    const QString id = idAt(index.row());
    if (enabled == savedState(index.row()))
        changes.remove(id);
    else
        changes.insert(id, enabled);
    setChanges(std::move(changes));
    Q_EMIT dataChanged(index, index, {Qt::CheckStateRole});
    return true;
}

void EnabledConnectionsModel::revert() {
    setChanges({});
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, 0), {Qt::CheckStateRole});
}

void EnabledConnectionsModel::setChanges(QHash<QString, bool> changes) {
    const bool had = !m_changes.isEmpty();
    m_changes = std::move(changes);
    if (had != !m_changes.isEmpty())
        Q_EMIT changesChanged(!m_changes.isEmpty());
}

QList<ApiCall*> EnabledConnectionsModel::save() {
    QList<ApiCall*> calls;
    const QString clientId = m_clientId;
    for (auto it = m_changes.cbegin(); it != m_changes.cend(); ++it) {
        const int row = rowOf(it.key());
        if (row < 0)
            continue;
        QJsonArray enabled = itemAt(row).value("enabled_clients"_L1).toArray();
        QJsonArray updated;
        for (const QJsonValue& id : enabled) {
            if (id.toString() != clientId)
                updated.append(id);
        }
        if (it.value())
            updated.append(clientId);
        ApiCall* call =
            session().managementCall("PATCH", tenant(), path() + u'/' + it.key(), {},
                                     QJsonDocument(QJsonObject{{u"enabled_clients"_s, updated}}));
        const QString connectionId = it.key();
        const bool wanted = it.value();
        connect(call, &ApiCall::finished, this, [this, call, connectionId, wanted, clientId] {
            if (!call->result().ok())
                return;
            upsert(call->result().json.object());
            if (clientId == m_clientId && m_changes.value(connectionId, !wanted) == wanted) {
                QHash<QString, bool> changes = m_changes;
                changes.remove(connectionId);
                setChanges(std::move(changes));
            }
        });
        calls.append(call);
    }
    return calls;
}

} // namespace gatehouse::client
