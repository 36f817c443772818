#pragma once

#include <QJsonObject>
#include <QString>

namespace gatehouse::tenancy {

class TenantSnapshot;

// How a tenant presents itself to its users, from its settings (Auth0's names): every page the
// server renders for the tenant and every mail it sends in the tenant's name use it, so that no
// page falls back to "Gatehouse" for one tenant's users.
struct TenantBranding {
    QString displayName;  // friendly_name, else the tenant's display name
    QString logoUrl;      // picture_url; may be empty
    QString primaryColor; // universal_login.colors.primary; may be empty

    [[nodiscard]] static TenantBranding of(const TenantSnapshot& tenant);
    // universal_login.colors.primary of a tenant's settings; empty while unset.
    [[nodiscard]] static QString primaryColorIn(const QJsonObject& settings);
};

} // namespace gatehouse::tenancy
