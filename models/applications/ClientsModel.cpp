#include "models/applications/ClientsModel.h"

#include "models/session/Session.h"

#include <QJsonDocument>

namespace gatehouse::client {

using namespace Qt::StringLiterals;

namespace {

constexpr int kTypeColumn = 1;

} // namespace

ClientsModel::ClientsModel(Session& session, QObject* parent)
    : PagedListModel(session, parent) {}

QList<PagedListModel::Column> ClientsModel::columns() const {
    return {
        {tr("Name"), QStringLiteral("name"), true},
        {tr("Type"), QStringLiteral("app_type"), true},
        {tr("Client ID"), QStringLiteral("client_id"), true},
    };
}

QVariant ClientsModel::display(const QJsonObject& item, int column) const {
    if (column == kTypeColumn) {
        const QString code = item.value("app_type"_L1).toString();
        const AppTypeInfo* info = AppTypeInfo::ofCode(code);
        return info != nullptr ? info->shortName : code;
    }
    return PagedListModel::display(item, column);
}

QVariant ClientsModel::data(const QModelIndex& index, int role) const {
    if (role == AppTypeRole) {
        if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
            return {};
        return itemAt(index.row()).value("app_type"_L1).toString();
    }
    return PagedListModel::data(index, role);
}

void ClientsModel::setAppTypeFilter(const QString& appType) {
    if (appType == m_appTypeFilter)
        return;
    m_appTypeFilter = appType;
    reload();
}

void ClientsModel::addFilters(QUrlQuery& query) const {
    if (!m_appTypeFilter.isEmpty())
        query.addQueryItem(u"app_type"_s, m_appTypeFilter);
}

ClientRecord ClientsModel::record(int row) const {
    if (row < 0 || row >= rowCount())
        return {};
    return ClientRecord::fromJson(itemAt(row));
}

ClientRecord ClientsModel::recordOf(const QString& clientId) const {
    return record(rowOf(clientId));
}

void ClientsModel::upsertOnSuccess(ApiCall* call) {
    connect(call, &ApiCall::finished, this, [this, call] {
        if (!call->result().ok())
            return;
        QJsonObject item = call->result().json.object();
        item.remove("client_secret"_L1); // the page shows it once; the list never keeps it
        upsert(item);
    });
}

ApiCall* ClientsModel::create(const QString& name, AppType type, const QString& description) {
    ApiCall* call = session().managementCall(
        "POST", tenant(), path(), {},
        QJsonDocument(ClientRecord::creationJson(name, type, description)));
    upsertOnSuccess(call);
    return call;
}

ApiCall* ClientsModel::update(const ClientRecord& saved, const ClientRecord& edited) {
    const QJsonObject patch = edited.patchFrom(saved);
    if (patch.isEmpty())
        return nullptr;
    ApiCall* call = session().managementCall("PATCH", tenant(), path() + u'/' + saved.clientId, {},
                                             QJsonDocument(patch));
    upsertOnSuccess(call);
    return call;
}

ApiCall* ClientsModel::remove(const QString& clientId) {
    ApiCall* call = session().managementCall("DELETE", tenant(), path() + u'/' + clientId);
    connect(call, &ApiCall::finished, this, [this, call, clientId] {
        if (call->result().ok())
            removeId(clientId);
    });
    return call;
}

ApiCall* ClientsModel::rotateSecret(const QString& clientId) {
    ApiCall* call =
        session().managementCall("POST", tenant(), path() + u'/' + clientId + u"/rotate-secret"_s,
                                 {}, QJsonDocument(QJsonObject()));
    upsertOnSuccess(call);
    return call;
}

} // namespace gatehouse::client
