#include "models/tenants/TenantRecord.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace gatehouse::client {

using namespace Qt::StringLiterals;

TenantRecord TenantRecord::fromJson(const QJsonObject& json) {
    TenantRecord tenant;
    tenant.id = json.value("id"_L1).toString();
    tenant.friendlyName = json.value("friendly_name"_L1).toString();
    tenant.domain = json.value("domain"_L1).toString();
    tenant.signingAlg = json.value("signing_alg"_L1).toString();
    tenant.createdAt = QDateTime::fromString(json.value("created_at"_L1).toString(), Qt::ISODate);
    tenant.updatedAt = QDateTime::fromString(json.value("updated_at"_L1).toString(), Qt::ISODate);
    return tenant;
}

QJsonObject TenantRecord::toCreateJson() const {
    QJsonObject json{{u"id"_s, id}};
    if (!friendlyName.isEmpty())
        json.insert(u"friendly_name"_s, friendlyName);
    if (!domain.isEmpty())
        json.insert(u"domain"_s, domain);
    if (!signingAlg.isEmpty())
        json.insert(u"signing_alg"_s, signingAlg);
    return json;
}

QString TenantRecord::idProblem(const QString& id) {
    static const QRegularExpression allowed(u"^[a-z0-9-]*$"_s);
    if (id.isEmpty())
        return QCoreApplication::translate("TenantRecord", "The tenant id is required.");
    if (id.size() > 63)
        return QCoreApplication::translate("TenantRecord",
                                           "A tenant id has at most 63 characters.");
    if (!allowed.match(id).hasMatch())
        return QCoreApplication::translate(
            "TenantRecord", "A tenant id has only lowercase letters, digits and '-'.");
    if (id.startsWith(u'-') || id.endsWith(u'-'))
        return QCoreApplication::translate("TenantRecord",
                                           "A tenant id starts and ends with a letter or digit.");
    return {};
}

QStringList signingAlgorithms() {
    return {u"RS256"_s, u"ES256"_s, u"EdDSA"_s};
}

} // namespace gatehouse::client
