#pragma once

#include "models/api/ApiCall.h"

#include <QJsonObject>

namespace gatehouse::client {

class Session;

// The tenant's attack-protection thresholds, which every database connection of the tenant
// shares: `brute_force_protection` and `suspicious_ip_throttling` in `tenants/settings`
// (identity/AttackProtection.h has their meaning, TenantSettingsApi their limits).
struct AttackProtection {
    static constexpr int kMaxBruteForceAttempts = 100;
    static constexpr int kMaxIpAttempts = 100'000;
    static constexpr int kMaxMinutes = 366 * 24 * 60;

    bool bruteForceEnabled = true;
    int maxAttempts = 10;  // failed logins of one account from one address before it is blocked
    int blockMinutes = 60; // how long such a block lasts
    bool ipThrottlingEnabled = true;
    int ipMaxAttempts = 100;  // failed logins from one address within the window
    int ipWindowMinutes = 60; // the window

    [[nodiscard]] static AttackProtection fromJson(const QJsonObject& settings);
    [[nodiscard]] static AttackProtection fromResult(const ApiResult& result);
    // The PATCH body: both objects, every field (the server merges them into what it has).
    [[nodiscard]] QJsonObject toPatchJson() const;

    // GET / PATCH t/T/api/v2/tenants/settings.
    [[nodiscard]] static ApiCall* load(Session& session, const QString& tenant);
    [[nodiscard]] ApiCall* save(Session& session, const QString& tenant) const;

    friend bool operator==(const AttackProtection&, const AttackProtection&) = default;
};

} // namespace gatehouse::client
