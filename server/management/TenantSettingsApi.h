#pragma once

#include "management/ManagementEndpoint.h"
#include "management/TenantUpdate.h"

#include <QList>

namespace gatehouse::store {
class Store;
}

namespace gatehouse::management {

// /api/v2/tenants/settings: the addressed tenant's own settings, in Auth0's Tenant Settings
// shape: friendly_name, picture_url, support_email, support_url, default_audience (the API a
// token request without `audience` gets) and signing_alg (changing it switches the tenant to a
// new key of that type at once). Also the login settings the identity library reads from the
// same record: session_lifetime and idle_session_lifetime (hours; idle never longer than
// absolute), brute_force_protection {enabled, max_attempts, block_minutes} and
// suspicious_ip_throttling {enabled, max_attempts, window_minutes}, merged field by field; GET
// shows their defaults while unset. The same for what oidc::UserGrantSettings reads, refresh_token
// {token_lifetime, idle_token_lifetime (seconds, 1 to 365 days; idle never longer than absolute,
// and shown capped by it while unset), leeway (seconds, 0 to 60)}. And the login pages' colour,
// universal_login {colors {primary}}: "#rrggbb" (loginui::isValidColor, the renderer's rule), ""
// clears it and GET shows "" while unset. Settings that other subsystems keep in the same record
// are preserved untouched.
class TenantSettingsApi final {
public:
    TenantSettingsApi(store::Store& store, TenantUpdate& update);

    [[nodiscard]] QList<Endpoint> endpoints();

private:
    [[nodiscard]] Result<http::HttpResponse> get(const ManagementCall& call) const;
    [[nodiscard]] Result<http::HttpResponse> update(const ManagementCall& call);
    [[nodiscard]] Result<void> checkDefaultAudience(const ManagementCall& call,
                                                    const QString& audience) const;

    store::Store& m_store;
    TenantUpdate& m_update;
};

} // namespace gatehouse::management
