#pragma once

#include "store/RefreshTokenRepository.h"

#include <QJsonObject>
#include <chrono>

namespace gatehouse::oidc {

// How long what a user login grants lives, from the tenant setting `refresh_token` with Auth0's
// names and defaults: `token_lifetime` (absolute, seconds, 30 days), `idle_token_lifetime`
// (15 days) and `leeway` (the reuse interval for concurrent refreshes, seconds, 0). Set through
// PATCH /api/v2/tenants/settings (management::TenantSettingsApi, which holds the limits) and the
// dashboard's Tenants page.
struct UserGrantSettings {
    std::chrono::seconds grantLifetime{std::chrono::hours(24 * 30)};
    store::RefreshTokenPolicy refreshPolicy;

    [[nodiscard]] static UserGrantSettings fromTenantSettings(const QJsonObject& settings);
};

} // namespace gatehouse::oidc
