#include "oidc/UserGrantSettings.h"

namespace gatehouse::oidc {

UserGrantSettings UserGrantSettings::fromTenantSettings(const QJsonObject& settings) {
    using std::chrono::seconds;
    const QJsonObject refresh = settings.value(QLatin1String("refresh_token")).toObject();
    UserGrantSettings result;
    auto positive = [&](QLatin1String name, seconds fallback) {
        const double value = refresh.value(name).toDouble(-1);
        return value > 0 ? seconds(qint64(value)) : fallback;
    };
    result.grantLifetime = positive(QLatin1String("token_lifetime"), result.grantLifetime);
    result.refreshPolicy.idleLifetime =
        positive(QLatin1String("idle_token_lifetime"),
                 std::chrono::duration_cast<seconds>(result.refreshPolicy.idleLifetime));
    const double leeway = refresh.value(QLatin1String("leeway")).toDouble(0);
    result.refreshPolicy.reuseInterval = seconds(leeway > 0 ? qint64(leeway) : 0);
    return result;
}

} // namespace gatehouse::oidc
