#pragma once

#include "models/api/ApiCall.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace gatehouse::client {

// The four kinds of application the dashboard creates, as the server names them (`app_type`).
enum class AppType { SinglePage, RegularWeb, Native, MachineToMachine };

// What the dashboard knows about an `app_type`: the server's code, a name and a sentence for
// people, and the grant types a new application of the kind starts with.
struct AppTypeInfo {
    AppType type;
    QString code;        // "spa", "regular_web", "native", "non_interactive"
    QString name;        // "Single-page application"
    QString shortName;   // "Single-page", for lists
    QString description; // one sentence for the creation dialog
    QStringList defaultGrantTypes;
    bool isPublic; // no secret, no client_credentials (README "Shapes")

    [[nodiscard]] static const QList<AppTypeInfo>& all();
    [[nodiscard]] static const AppTypeInfo& of(AppType type);
    // nullptr for a code the dashboard does not know.
    [[nodiscard]] static const AppTypeInfo* ofCode(const QString& code);
};

// A grant type the server accepts in `grant_types` (ClientsApi's list) with its name for people.
struct GrantTypeInfo {
    QString code;
    QString name;
    QString description;

    [[nodiscard]] static const QList<GrantTypeInfo>& all();
};

// A client of a tenant, the typed form of the Management API's JSON (README "Shapes"). The
// secret is only ever present in the answers to a creation or a rotation: the server keeps a
// hash and cannot show it again.
struct ClientRecord {
    QString clientId;
    QString name;
    QString description;
    QString appType;
    QStringList grantTypes;
    QStringList callbacks;
    QStringList allowedLogoutUrls;
    QStringList webOrigins;
    QString tokenEndpointAuthMethod;
    QString clientSecret;

    [[nodiscard]] static ClientRecord fromJson(const QJsonObject& json);
    // The client in the answer of a successful call (create, PATCH, rotate-secret).
    [[nodiscard]] static ClientRecord fromResult(const ApiResult& result);
    // PATCH of the fields the detail panel edits (name, description, the URL lists, grants)
    // that differ from `saved`: only those, since the server refuses some fields of protected
    // clients even unchanged. Empty when nothing changed.
    [[nodiscard]] QJsonObject patchFrom(const ClientRecord& saved) const;
    // A new application: name, type, description and the type's default grant types.
    [[nodiscard]] static QJsonObject creationJson(const QString& name, AppType type,
                                                  const QString& description);

    [[nodiscard]] bool isPublic() const;
    // The dashboard's own client (system tenant): the server refuses to delete it.
    [[nodiscard]] static bool isDashboardClient(const QString& tenant, const QString& clientId);
    [[nodiscard]] bool hasSecret() const {
        return tokenEndpointAuthMethod != QLatin1String("none");
    }

    // The checks the server makes (ClientsApi), so that the editor can point at the wrong entry
    // before anything is sent. Empty when the value is acceptable; else what is wrong.
    [[nodiscard]] static QString checkRedirectUrl(const QString& url);
    [[nodiscard]] static QString checkWebOrigin(const QString& origin);
};

} // namespace gatehouse::client
