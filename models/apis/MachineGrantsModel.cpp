#include "models/apis/MachineGrantsModel.h"

#include "models/api/ApiCall.h"
#include "models/session/Session.h"

#include <QJsonArray>
#include <QUrlQuery>

namespace gatehouse::client {

using namespace Qt::StringLiterals;

MachineGrantsModel::MachineGrantsModel(Session& session, QObject* parent)
    : QAbstractTableModel(parent)
    , m_session(session) {}

void MachineGrantsModel::cancel() {
    if (ApiCall* pending = m_pending) {
        m_pending.clear();
        ++m_generation;
        pending->cancel();
        Q_EMIT loadingChanged(false);
    }
}

void MachineGrantsModel::load(const QString& tenant, const QString& audience) {
    cancel();
    ++m_generation;
    beginResetModel();
    m_tenant = tenant;
    m_audience = audience;
    m_applications.clear();
    m_grants.clear();
    endResetModel();
    if (!tenant.isEmpty() && !audience.isEmpty())
        request(Stage::Applications, 0);
}

void MachineGrantsModel::request(Stage stage, int page) {
    QUrlQuery query;
    query.addQueryItem(u"page"_s, QString::number(page));
    query.addQueryItem(u"per_page"_s, QString::number(kPageSize));
    QString path;
    if (stage == Stage::Applications) {
        path = u"clients"_s;
        query.addQueryItem(u"app_type"_s, u"non_interactive"_s);
        query.addQueryItem(u"sort"_s, u"name:1"_s);
    } else {
        path = u"client-grants"_s;
        query.addQueryItem(u"audience"_s, m_audience);
    }
    ApiCall* call = m_session.managementCall("GET", m_tenant, path, query);
    const bool wasLoading = isLoading();
    m_pending = call;
    connect(call, &ApiCall::finished, this, [this, call, stage, page, generation = m_generation] {
        onPage(call, stage, page, generation);
    });
    if (!wasLoading)
        Q_EMIT loadingChanged(true);
}

// Applications arrive first and become the rows; the grants then fill in their columns.
void MachineGrantsModel::onPage(ApiCall* call, Stage stage, int page, int generation) {
    if (generation != m_generation)
        return;
    m_pending.clear();
    const ApiResult& result = call->result();
    if (!result.ok()) {
        Q_EMIT loadingChanged(false);
        if (!result.error->isCancelled())
            Q_EMIT errorOccurred(*result.error);
        return;
    }
    const QJsonArray items = result.json.array();
    if (stage == Stage::Applications && !items.isEmpty()) {
        beginInsertRows({}, int(m_applications.size()),
                        int(m_applications.size() + items.size() - 1));
        for (const QJsonValue& item : items) {
            const QJsonObject client = item.toObject();
            m_applications.append(
                {client.value("client_id"_L1).toString(), client.value("name"_L1).toString()});
        }
        endInsertRows();
    } else {
        for (const QJsonValue& item : items) {
            const ClientGrantRecord grant = ClientGrantRecord::fromJson(item.toObject());
            setGrant(grant.clientId, grant);
        }
    }
    if (items.size() == kPageSize)
        return request(stage, page + 1);
    if (stage == Stage::Applications)
        return request(Stage::Grants, 0);
    Q_EMIT loadingChanged(false);
    Q_EMIT loaded();
}

void MachineGrantsModel::setGrant(const QString& clientId, std::optional<ClientGrantRecord> grant) {
    if (grant)
        m_grants.insert(clientId, *grant);
    else
        m_grants.remove(clientId);
    const int row = rowOfClient(clientId);
    if (row >= 0)
        Q_EMIT dataChanged(index(row, 0), index(row, ClientIdColumn));
}

QString MachineGrantsModel::clientIdAt(int row) const {
    return row >= 0 && row < m_applications.size() ? m_applications.at(row).clientId : QString();
}

int MachineGrantsModel::rowOfClient(const QString& clientId) const {
    for (int row = 0; row < m_applications.size(); ++row) {
        if (m_applications.at(row).clientId == clientId)
            return row;
    }
    return -1;
}

std::optional<ClientGrantRecord> MachineGrantsModel::grantAt(int row) const {
    const auto found = m_grants.constFind(clientIdAt(row));
    if (found == m_grants.cend())
        return std::nullopt;
    return *found;
}

ApiCall* MachineGrantsModel::save(const QString& clientId, const QStringList& scopes) {
    const std::optional<ClientGrantRecord> existing = grantAt(rowOfClient(clientId));
    ApiCall* call = nullptr;
    if (existing) {
        call = m_session.managementCall(
            "PATCH", m_tenant, u"client-grants/"_s + existing->id, {},
            QJsonDocument(QJsonObject{{u"scope"_s, QJsonArray::fromStringList(scopes)}}));
    } else {
        call = m_session.managementCall(
            "POST", m_tenant, u"client-grants"_s, {},
            QJsonDocument(QJsonObject{{u"client_id"_s, clientId},
                                      {u"audience"_s, m_audience},
                                      {u"scope"_s, QJsonArray::fromStringList(scopes)}}));
    }
    connect(call, &ApiCall::finished, this, [this, call, generation = m_generation] {
        if (generation != m_generation || !call->result().ok())
            return;
        const ClientGrantRecord grant = ClientGrantRecord::fromJson(call->result().json.object());
        setGrant(grant.clientId, grant);
    });
    return call;
}

ApiCall* MachineGrantsModel::revoke(const QString& clientId) {
    const std::optional<ClientGrantRecord> existing = grantAt(rowOfClient(clientId));
    ApiCall* call = m_session.managementCall(
        "DELETE", m_tenant, u"client-grants/"_s + (existing ? existing->id : QString()));
    connect(call, &ApiCall::finished, this, [this, call, clientId, generation = m_generation] {
        if (generation == m_generation && (call->result().ok() || call->result().httpStatus == 404))
            setGrant(clientId, std::nullopt);
    });
    return call;
}

int MachineGrantsModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_applications.size());
}

int MachineGrantsModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : 4;
}

QVariant MachineGrantsModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const MachineApplication& application = m_applications.at(index.row());
    const std::optional<ClientGrantRecord> grant = grantAt(index.row());
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case ApplicationColumn:
            return application.name;
        case ClientIdColumn:
            return application.clientId;
        case AccessColumn:
            return grant ? tr("Authorized") : tr("Not authorized");
        case ScopesColumn:
            return grant ? grant->scope.join(u", "_s) : QString();
        default:
            return {};
        }
    }
    if (role == Qt::ToolTipRole && index.column() == ScopesColumn && grant)
        return grant->scope.join(u'\n');
    return {};
}

QVariant MachineGrantsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case ApplicationColumn:
        return tr("Application");
    case ClientIdColumn:
        return tr("Client ID");
    case AccessColumn:
        return tr("Access");
    case ScopesColumn:
        return tr("Granted scopes");
    default:
        return {};
    }
}

} // namespace gatehouse::client
