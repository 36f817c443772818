#include "management/ManagementEndpoint.h"

#include "tenancy/IssuerPolicy.h"
#include "tenancy/ManagementApi.h"

#include <QDateTime>

namespace gatehouse::management {

QString ManagementCall::managementAudience() const {
    return tenancy::IssuerPolicy::managementAudience(route.issuer);
}

QString ManagementCall::displayedAudience(const QString& identifier) const {
    if (identifier == tenancy::ManagementApi::kIdentifier)
        return managementAudience();
    return identifier;
}

QString ManagementCall::storedAudience(const QString& audience) const {
    if (audience == tenancy::ManagementApi::kIdentifier)
        return {};
    if (route.tenant->isManagementAudience(audience))
        return QString(tenancy::ManagementApi::kIdentifier);
    return audience;
}

http::HttpResponse jsonResponse(int status, const QJsonObject& body) {
    return http::HttpResponse::json(status, body);
}

http::HttpResponse jsonResponse(const QJsonDocument& body) {
    return http::HttpResponse::json(200, body.toJson(QJsonDocument::Compact));
}

http::HttpResponse noContent() {
    return http::HttpResponse(204);
}

QString timestamp(const QDateTime& time) {
    if (!time.isValid())
        return {};
    return time.toUTC().toString(Qt::ISODateWithMs);
}

Error duplicateField(Error error, QLatin1String field) {
    if (error.code != "conflict")
        return error;
    error.message = QStringLiteral("duplicate '%1': %2").arg(field, error.message);
    return error;
}

QStringList scopeValues(const QJsonArray& scopes) {
    QStringList values;
    for (const QJsonValue& scope : scopes)
        values.append(scope.toObject().value(QLatin1String("value")).toString());
    return values;
}

Error notFoundInTenant(QLatin1String kind, const QString& id) {
    return Error::notFound(QStringLiteral("no %1 with id '%2' in this tenant").arg(kind, id));
}

} // namespace gatehouse::management
