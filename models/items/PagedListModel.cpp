#include "models/items/PagedListModel.h"

#include "models/api/ApiCall.h"
#include "models/session/Session.h"

#include <QJsonArray>

namespace gatehouse::client {

using namespace Qt::StringLiterals;

PagedListModel::PagedListModel(Session& session, QObject* parent)
    : QAbstractTableModel(parent)
    , m_session(session) {}

void PagedListModel::setTenant(const QString& tenant) {
    if (tenant == m_tenant && !m_items.isEmpty())
        return;
    m_tenant = tenant;
    reload();
}

void PagedListModel::cancel() {
    if (m_pending) {
        ApiCall* pending = m_pending;
        m_pending.clear();
        ++m_generation; // its answer, if any, is ignored
        pending->cancel();
        Q_EMIT loadingChanged(false);
    }
}

void PagedListModel::reload() {
    cancel();
    ++m_generation;
    beginResetModel();
    m_items.clear();
    m_nextPage = 0;
    // Nothing to fetch while views react to the reset (a view or QAbstractItemModelTester calls
    // fetchMore() from modelReset): the first page is requested right below, once.
    m_exhausted = true;
    endResetModel();
    if (m_total != -1) {
        m_total = -1;
        Q_EMIT totalCountChanged(m_total);
    }
    m_exhausted = m_tenant.isEmpty();
    if (!m_exhausted)
        requestPage();
}

QString PagedListModel::idAt(int row) const {
    if (row < 0 || row >= m_items.size())
        return {};
    return m_items.at(row).value(idField()).toString();
}

int PagedListModel::rowOf(const QString& id) const {
    for (int row = 0; row < m_items.size(); ++row) {
        if (m_items.at(row).value(idField()).toString() == id)
            return row;
    }
    return -1;
}

int PagedListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_items.size());
}

int PagedListModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(columns().size());
}

QVariant PagedListModel::display(const QJsonObject& item, int column) const {
    const QJsonValue value = item.value(columns().at(column).field);
    if (value.isArray()) {
        QStringList parts;
        for (const QJsonValue& part : value.toArray())
            parts.append(part.toVariant().toString());
        return parts.join(u", "_s);
    }
    if (value.isBool())
        return value.toBool() ? u"yes"_s : u"no"_s;
    return value.toVariant().toString();
}

QVariant PagedListModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QJsonObject& item = m_items.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return display(item, index.column());
    case Qt::ToolTipRole: {
        const QString text = display(item, index.column()).toString();
        return text.size() > 40 ? QVariant(text) : QVariant();
    }
    case IdRole:
        return item.value(idField()).toString();
    case SortValueRole:
        return item.value(columns().at(index.column()).field).toVariant();
    default:
        return {};
    }
}

QVariant PagedListModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    const QList<Column> all = columns();
    return section >= 0 && section < all.size() ? QVariant(all.at(section).title) : QVariant();
}

bool PagedListModel::canFetchMore(const QModelIndex& parent) const {
    return !parent.isValid() && !m_exhausted && m_pending.isNull();
}

void PagedListModel::fetchMore(const QModelIndex& parent) {
    if (canFetchMore(parent))
        requestPage();
}

void PagedListModel::sort(int column, Qt::SortOrder order) {
    const QList<Column> all = columns();
    if (column < 0 || column >= all.size() || !all.at(column).sortable)
        return;
    if (column == m_sortColumn && order == m_sortOrder)
        return;
    m_sortColumn = column;
    m_sortOrder = order;
    reload();
}

void PagedListModel::requestPage() {
    QUrlQuery query;
    query.addQueryItem(u"page"_s, QString::number(m_nextPage));
    query.addQueryItem(u"per_page"_s, QString::number(kPageSize));
    query.addQueryItem(u"include_totals"_s, u"true"_s);
    if (m_sortColumn >= 0) {
        query.addQueryItem(u"sort"_s, columns().at(m_sortColumn).field +
                                          (m_sortOrder == Qt::AscendingOrder ? u":1"_s : u":-1"_s));
    }
    addFilters(query);
    ApiCall* call = m_session.managementCall("GET", m_tenant, path(), query);
    m_pending = call;
    const int generation = m_generation;
    connect(call, &ApiCall::finished, this, [this, call, generation] { onPage(call, generation); });
    Q_EMIT loadingChanged(true);
}

void PagedListModel::onPage(ApiCall* call, int generation) {
    if (generation != m_generation)
        return;
    m_pending.clear();
    Q_EMIT loadingChanged(false);
    const ApiResult& result = call->result();
    if (!result.ok()) {
        m_exhausted = true; // no retry loop from a view that keeps asking; reload() tries again
        if (!result.error->isCancelled())
            Q_EMIT errorOccurred(*result.error);
        return;
    }
    const QJsonObject body = result.json.object();
    const QJsonArray page = body.value(listKey()).toArray();
    const int total = body.value("total"_L1).toInt(-1);
    // Where the next page starts is settled before the rows go in: views call fetchMore() from
    // rowsInserted.
    ++m_nextPage;
    m_exhausted = page.size() < kPageSize || (total >= 0 && m_items.size() + page.size() >= total);
    if (!page.isEmpty()) {
        beginInsertRows({}, int(m_items.size()), int(m_items.size() + page.size() - 1));
        for (const QJsonValue& item : page)
            m_items.append(item.toObject());
        endInsertRows();
    }
    if (total != m_total) {
        m_total = total;
        Q_EMIT totalCountChanged(total);
    }
    Q_EMIT pageLoaded();
}

void PagedListModel::upsert(const QJsonObject& item) {
    const QString id = item.value(idField()).toString();
    const int row = rowOf(id);
    if (row >= 0) {
        m_items[row] = item;
        Q_EMIT dataChanged(index(row, 0), index(row, columnCount() - 1));
        return;
    }
    beginInsertRows({}, int(m_items.size()), int(m_items.size()));
    m_items.append(item);
    endInsertRows();
    if (m_total >= 0) {
        ++m_total;
        Q_EMIT totalCountChanged(m_total);
    }
}

void PagedListModel::removeId(const QString& id) {
    const int row = rowOf(id);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_items.removeAt(row);
    endRemoveRows();
    if (m_total > 0) {
        --m_total;
        Q_EMIT totalCountChanged(m_total);
    }
}

} // namespace gatehouse::client
