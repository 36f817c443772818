#include "models/connections/AttackProtection.h"

#include "models/session/Session.h"

#include <QJsonDocument>

namespace gatehouse::client {

using namespace Qt::StringLiterals;

namespace {

constexpr QLatin1String kBruteForce{"brute_force_protection"};
constexpr QLatin1String kIpThrottling{"suspicious_ip_throttling"};
const QString kSettingsPath = u"tenants/settings"_s;

} // namespace

AttackProtection AttackProtection::fromJson(const QJsonObject& settings) {
    AttackProtection result;
    const QJsonObject bruteForce = settings.value(kBruteForce).toObject();
    result.bruteForceEnabled = bruteForce.value("enabled"_L1).toBool(result.bruteForceEnabled);
    result.maxAttempts = bruteForce.value("max_attempts"_L1).toInt(result.maxAttempts);
    result.blockMinutes = bruteForce.value("block_minutes"_L1).toInt(result.blockMinutes);
    const QJsonObject ip = settings.value(kIpThrottling).toObject();
    result.ipThrottlingEnabled = ip.value("enabled"_L1).toBool(result.ipThrottlingEnabled);
    result.ipMaxAttempts = ip.value("max_attempts"_L1).toInt(result.ipMaxAttempts);
    result.ipWindowMinutes = ip.value("window_minutes"_L1).toInt(result.ipWindowMinutes);
    return result;
}

AttackProtection AttackProtection::fromResult(const ApiResult& result) {
    return fromJson(result.json.object());
}

QJsonObject AttackProtection::toPatchJson() const {
    return QJsonObject{
        {kBruteForce, QJsonObject{{u"enabled"_s, bruteForceEnabled},
                                  {u"max_attempts"_s, maxAttempts},
                                  {u"block_minutes"_s, blockMinutes}}},
        {kIpThrottling, QJsonObject{{u"enabled"_s, ipThrottlingEnabled},
                                    {u"max_attempts"_s, ipMaxAttempts},
                                    {u"window_minutes"_s, ipWindowMinutes}}},
    };
}

ApiCall* AttackProtection::load(Session& session, const QString& tenant) {
    return session.managementCall("GET", tenant, kSettingsPath);
}

ApiCall* AttackProtection::save(Session& session, const QString& tenant) const {
    return session.managementCall("PATCH", tenant, kSettingsPath, {}, QJsonDocument(toPatchJson()));
}

} // namespace gatehouse::client
