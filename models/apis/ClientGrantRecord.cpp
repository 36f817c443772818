#include "models/apis/ClientGrantRecord.h"

#include <QJsonArray>

namespace gatehouse::client {

using namespace Qt::StringLiterals;

ClientGrantRecord ClientGrantRecord::fromJson(const QJsonObject& json) {
    ClientGrantRecord grant;
    grant.id = json.value("id"_L1).toString();
    grant.clientId = json.value("client_id"_L1).toString();
    grant.audience = json.value("audience"_L1).toString();
    for (const QJsonValue& scope : json.value("scope"_L1).toArray())
        grant.scope.append(scope.toString());
    return grant;
}

} // namespace gatehouse::client
