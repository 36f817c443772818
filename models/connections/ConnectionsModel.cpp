#include "models/connections/ConnectionsModel.h"

#include "models/session/Session.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace gatehouse::client {

using namespace Qt::StringLiterals;

namespace {

constexpr int kStrategyColumn = 1;
constexpr int kApplicationsColumn = 2;

} // namespace

ConnectionsModel::ConnectionsModel(Session& session, QObject* parent)
    : PagedListModel(session, parent) {}

QList<PagedListModel::Column> ConnectionsModel::columns() const {
    return {
        {tr("Name"), QStringLiteral("name"), true},
        {tr("Type"), QStringLiteral("strategy"), true},
        {tr("Applications"), QStringLiteral("enabled_clients"), false},
    };
}

QVariant ConnectionsModel::display(const QJsonObject& item, int column) const {
    if (column == kStrategyColumn)
        return ConnectionRecord::strategyName(item.value("strategy"_L1).toString());
    if (column == kApplicationsColumn) {
        QStringList names;
        for (const QJsonValue& id : item.value("enabled_clients"_L1).toArray())
            names.append(m_clientNames.value(id.toString(), id.toString()));
        names.sort(Qt::CaseInsensitive);
        return names.isEmpty() ? tr("none") : names.join(u", "_s);
    }
    return PagedListModel::display(item, column);
}

void ConnectionsModel::setClientNames(const QHash<QString, QString>& names) {
    m_clientNames = names;
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, kApplicationsColumn),
                           index(rowCount() - 1, kApplicationsColumn));
}

void ConnectionsModel::setStrategyFilter(const QString& strategy) {
    if (strategy == m_strategyFilter)
        return;
    m_strategyFilter = strategy;
    reload();
}

void ConnectionsModel::addFilters(QUrlQuery& query) const {
    if (!m_strategyFilter.isEmpty())
        query.addQueryItem(u"strategy"_s, m_strategyFilter);
}

ApiCall* ConnectionsModel::countUsers(const QString& connectionName) {
    // The server's Lucene subset (identity::UserQuery): a quoted value, backslashes and quotes
    // escaped.
    QString quoted = connectionName;
    quoted.replace(u'\\', u"\\\\"_s).replace(u'"', u"\\\""_s);
    QUrlQuery query;
    query.addQueryItem(u"q"_s, u"identities.connection:\"%1\""_s.arg(quoted));
    query.addQueryItem(u"search_engine"_s, u"v3"_s);
    query.addQueryItem(u"per_page"_s, u"1"_s);
    query.addQueryItem(u"include_totals"_s, u"true"_s);
    query.addQueryItem(u"fields"_s, u"user_id"_s);
    return session().managementCall("GET", tenant(), u"users"_s, query);
}

int ConnectionsModel::userCount(const ApiResult& result) {
    if (!result.ok())
        return -1;
    return result.json.object().value("total"_L1).toInt(-1);
}

ConnectionRecord ConnectionsModel::record(int row) const {
    if (row < 0 || row >= rowCount())
        return {};
    return ConnectionRecord::fromJson(itemAt(row));
}

ConnectionRecord ConnectionsModel::recordOf(const QString& connectionId) const {
    return record(rowOf(connectionId));
}

void ConnectionsModel::upsertOnSuccess(ApiCall* call) {
    connect(call, &ApiCall::finished, this, [this, call] {
        if (call->result().ok())
            upsert(call->result().json.object());
    });
}

ApiCall* ConnectionsModel::create(const ConnectionRecord& connection) {
    ApiCall* call = session().managementCall("POST", tenant(), path(), {},
                                             QJsonDocument(connection.toCreateJson()));
    upsertOnSuccess(call);
    return call;
}

ApiCall* ConnectionsModel::update(const ConnectionRecord& connection) {
    ApiCall* call = session().managementCall("PATCH", tenant(), path() + u'/' + connection.id, {},
                                             QJsonDocument(connection.toPatchJson()));
    upsertOnSuccess(call);
    return call;
}

ApiCall* ConnectionsModel::remove(const QString& connectionId) {
    ApiCall* call = session().managementCall("DELETE", tenant(), path() + u'/' + connectionId);
    connect(call, &ApiCall::finished, this, [this, call, connectionId] {
        if (call->result().ok())
            removeId(connectionId);
    });
    return call;
}

} // namespace gatehouse::client
