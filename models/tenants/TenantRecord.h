#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace gatehouse::client {

// One tenant of the system tenant's list (server/management/README.md, "tenant").
struct TenantRecord {
    QString id; // the URL name: /t/{id}/
    QString friendlyName;
    QString domain; // may be empty
    QString signingAlg;
    QDateTime createdAt;
    QDateTime updatedAt;

    [[nodiscard]] static TenantRecord fromJson(const QJsonObject& json);
    // The body of POST /tenants: the empty optional fields left out, so the server's defaults
    // apply (the friendly name is the id, the algorithm the instance's).
    [[nodiscard]] QJsonObject toCreateJson() const;

    // The server's id rule (tenancy::validateTenantId), to say what is wrong before sending:
    // 1 to 63 characters, lowercase letters, digits and '-', a letter or digit at both ends.
    // Reserved names are left to the server, which names them.
    [[nodiscard]] static QString idProblem(const QString& id);
};

// The signing algorithms a tenant may use, in the order the dashboard offers them.
[[nodiscard]] QStringList signingAlgorithms();

} // namespace gatehouse::client
