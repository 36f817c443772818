#include "models/tenants/SigningKeysModel.h"

#include "models/api/ApiCall.h"
#include "models/session/Session.h"

#include <QDateTime>

namespace gatehouse::client {

using namespace Qt::StringLiterals;

namespace {

enum KeyColumn { kStatus, kKid, kAlgorithm, kCreated, kCurrentSince, kCurrentUntil };

QString statusText(const QString& status) {
    if (status == "current"_L1)
        return SigningKeysModel::tr("Current");
    if (status == "next"_L1)
        return SigningKeysModel::tr("Next");
    if (status == "previous"_L1)
        return SigningKeysModel::tr("Previous");
    if (status == "revoked"_L1)
        return SigningKeysModel::tr("Revoked");
    return status;
}

// Compact and unambiguous, so that three dates and a kid fit beside each other.
QString dateText(const QJsonValue& value) {
    const QDateTime time = QDateTime::fromString(value.toString(), Qt::ISODate);
    return time.isValid() ? time.toLocalTime().toString(u"yyyy-MM-dd HH:mm"_s) : QString();
}

} // namespace

SigningKeysModel::SigningKeysModel(Session& session, QObject* parent)
    : PagedListModel(session, parent) {}

QList<PagedListModel::Column> SigningKeysModel::columns() const {
    return {
        {tr("Status"), u"status"_s},
        {tr("Key ID (kid)"), u"kid"_s},
        {tr("Algorithm"), u"alg"_s},
        {tr("Created"), u"created_at"_s},
        {tr("Current since"), u"current_since"_s},
        {tr("Current until"), u"current_until"_s},
    };
}

QVariant SigningKeysModel::display(const QJsonObject& item, int column) const {
    switch (column) {
    case kStatus:
        return statusText(item.value("status"_L1).toString());
    case kCreated:
    case kCurrentSince:
    case kCurrentUntil:
        return dateText(item.value(columns().at(column).field));
    default:
        return PagedListModel::display(item, column);
    }
}

QString SigningKeysModel::kidWithStatus(const QString& status) const {
    for (int row = 0; row < rowCount(); ++row) {
        if (itemAt(row).value("status"_L1).toString() == status)
            return idAt(row);
    }
    return {};
}

ApiCall* SigningKeysModel::rotate() {
    ApiCall* call = session().managementCall("POST", tenant(), u"keys/signing/rotate"_s);
    connect(call, &ApiCall::finished, this, [this, call] {
        if (call->result().ok())
            reload();
    });
    return call;
}

QString SigningKeysModel::kidOf(const ApiCall& call) {
    return call.result().json.object().value("kid"_L1).toString();
}

} // namespace gatehouse::client
