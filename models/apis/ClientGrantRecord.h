#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace gatehouse::client {

// A machine-to-machine application's access to an API: the client credentials grant may ask
// the API (`audience`) for these scopes (server/management/README.md, "client grant").
struct ClientGrantRecord {
    QString id;
    QString clientId;
    QString audience;
    QStringList scope;

    [[nodiscard]] static ClientGrantRecord fromJson(const QJsonObject& json);
};

// An application that signs in as itself (app_type non_interactive) and so can be granted APIs.
struct MachineApplication {
    QString clientId;
    QString name;
};

} // namespace gatehouse::client
