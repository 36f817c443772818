#include "models/apis/ResourceServersModel.h"

#include "models/api/ApiCall.h"
#include "models/session/Session.h"

#include <QJsonArray>

namespace gatehouse::client {

using namespace Qt::StringLiterals;

namespace {

enum ServerColumn { kName, kIdentifier, kScopes, kLifetime };

} // namespace

QString ResourceServersModel::durationText(int seconds) {
    // English plurals spelt out: the dashboard ships no translations that would pick them.
    const auto part = [](int count, const QString& one, const QString& many) {
        return count == 1 ? one : many.arg(count);
    };
    QStringList parts;
    if (const int days = seconds / 86400; days > 0)
        parts.append(part(days, tr("1 day"), tr("%1 days")));
    if (const int hours = seconds % 86400 / 3600; hours > 0)
        parts.append(part(hours, tr("1 hour"), tr("%1 hours")));
    if (const int minutes = seconds % 3600 / 60; minutes > 0)
        parts.append(part(minutes, tr("1 minute"), tr("%1 minutes")));
    if (parts.isEmpty() || seconds % 60 != 0)
        parts.append(part(seconds % 60, tr("1 second"), tr("%1 seconds")));
    return parts.join(u' ');
}

ResourceServersModel::ResourceServersModel(Session& session, QObject* parent)
    : PagedListModel(session, parent) {}

QList<PagedListModel::Column> ResourceServersModel::columns() const {
    return {
        {tr("Name"), u"name"_s, true},
        {tr("Identifier (audience)"), u"identifier"_s, true},
        {tr("Scopes"), u"scopes"_s, false},
        {tr("Token lifetime"), u"token_lifetime"_s, false},
    };
}

QVariant ResourceServersModel::display(const QJsonObject& item, int column) const {
    switch (column) {
    case kName:
        return item.value("is_system"_L1).toBool()
                   ? tr("%1 (system)").arg(item.value("name"_L1).toString())
                   : item.value("name"_L1).toString();
    case kScopes:
        return QString::number(item.value("scopes"_L1).toArray().size());
    case kLifetime:
        return durationText(item.value("token_lifetime"_L1).toInt());
    default:
        return PagedListModel::display(item, column);
    }
}

std::optional<ResourceServerRecord> ResourceServersModel::record(const QString& id) const {
    const int row = rowOf(id);
    if (row < 0)
        return std::nullopt;
    return ResourceServerRecord::fromJson(itemAt(row));
}

QString ResourceServersModel::tenantSigningAlg() const {
    return rowCount() > 0 ? itemAt(0).value("signing_alg"_L1).toString() : QString();
}

ApiCall* ResourceServersModel::write(const QByteArray& method, const QString& path,
                                     const QJsonObject& body) {
    ApiCall* call = session().managementCall(method, tenant(), path, {}, QJsonDocument(body));
    connect(call, &ApiCall::finished, this, [this, call] {
        if (call->result().ok())
            upsert(call->result().json.object());
    });
    return call;
}

ApiCall* ResourceServersModel::create(const ResourceServerRecord& server) {
    return write("POST", u"resource-servers"_s, server.toCreateJson());
}

ApiCall* ResourceServersModel::update(const ResourceServerRecord& before,
                                      const ResourceServerRecord& after) {
    return write("PATCH", u"resource-servers/"_s + before.id, after.changesSince(before));
}

ApiCall* ResourceServersModel::remove(const QString& id) {
    ApiCall* call = session().managementCall("DELETE", tenant(), u"resource-servers/"_s + id);
    connect(call, &ApiCall::finished, this, [this, call, id] {
        if (call->result().ok() || call->result().httpStatus == 404)
            removeId(id);
    });
    return call;
}

ResourceServerRecord ResourceServersModel::recordOf(const ApiCall& call) {
    return ResourceServerRecord::fromJson(call.result().json.object());
}

} // namespace gatehouse::client
