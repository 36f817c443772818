#pragma once

#include <QJsonObject>
#include <QString>

namespace gatehouse::client {

// A tenant's settings (GET/PATCH t/T/api/v2/tenants/settings; server/management/README.md):
// its name, the branding its login pages and mails show (logo, support contacts, the pages'
// primary colour), the session and refresh-token lifetimes and the token signing algorithm. The
// attack-protection objects belong to the connections page and are left untouched here.
struct TenantSettings {
    QString friendlyName;
    QString pictureUrl; // the logo on the login pages and in mails
    QString supportEmail;
    QString supportUrl;
    QString defaultAudience; // an API identifier of the tenant, or empty
    QString signingAlg;
    // universal_login.colors.primary: "#rrggbb" (buttons, links and focus ring of the login
    // pages), or empty for the server's default colour.
    QString primaryColor;
    int sessionLifetimeHours = 0;
    int idleSessionLifetimeHours = 0;
    // refresh_token, in seconds: how long a login's refresh tokens live at most, how long unused,
    // and for how long a rotated one is still accepted (concurrent refreshes; 0 is off).
    int refreshLifetimeSeconds = 0;
    int idleRefreshLifetimeSeconds = 0;
    int refreshLeewaySeconds = 0;

    // The server's rule for primaryColor: '#' and 6 hexadecimal digits.
    [[nodiscard]] static bool isColor(const QString& text);

    [[nodiscard]] static TenantSettings fromJson(const QJsonObject& json);
    [[nodiscard]] QJsonObject toJson() const;
    // The PATCH body from `before` to this: only the fields that changed (inside refresh_token
    // too), so that a concurrent change of another field is not overwritten with a stale value.
    [[nodiscard]] QJsonObject changesSince(const TenantSettings& before) const;

    friend bool operator==(const TenantSettings&, const TenantSettings&) = default;
};

} // namespace gatehouse::client
