#include "models/tenants/TenantSettings.h"

#include <QRegularExpression>

namespace gatehouse::client {

using namespace Qt::StringLiterals;

bool TenantSettings::isColor(const QString& text) {
    static const QRegularExpression pattern(u"^#[0-9a-fA-F]{6}$"_s);
    return pattern.match(text).hasMatch();
}

TenantSettings TenantSettings::fromJson(const QJsonObject& json) {
    TenantSettings settings;
    settings.friendlyName = json.value("friendly_name"_L1).toString();
    settings.pictureUrl = json.value("picture_url"_L1).toString();
    settings.supportEmail = json.value("support_email"_L1).toString();
    settings.supportUrl = json.value("support_url"_L1).toString();
    settings.defaultAudience = json.value("default_audience"_L1).toString();
    settings.signingAlg = json.value("signing_alg"_L1).toString();
    settings.sessionLifetimeHours = json.value("session_lifetime"_L1).toInt();
    settings.idleSessionLifetimeHours = json.value("idle_session_lifetime"_L1).toInt();
    settings.primaryColor = json.value("universal_login"_L1)
                                .toObject()
                                .value("colors"_L1)
                                .toObject()
                                .value("primary"_L1)
                                .toString();
    const QJsonObject refresh = json.value("refresh_token"_L1).toObject();
    settings.refreshLifetimeSeconds = refresh.value("token_lifetime"_L1).toInt();
    settings.idleRefreshLifetimeSeconds = refresh.value("idle_token_lifetime"_L1).toInt();
    settings.refreshLeewaySeconds = refresh.value("leeway"_L1).toInt();
    return settings;
}

QJsonObject TenantSettings::toJson() const {
    return {
        {u"friendly_name"_s, friendlyName},
        {u"picture_url"_s, pictureUrl},
        {u"support_email"_s, supportEmail},
        {u"support_url"_s, supportUrl},
        {u"default_audience"_s, defaultAudience},
        {u"signing_alg"_s, signingAlg},
        {u"session_lifetime"_s, sessionLifetimeHours},
        {u"idle_session_lifetime"_s, idleSessionLifetimeHours},
        // The server merges this object into the stored one, so sending it whole is safe.
        {u"universal_login"_s,
         QJsonObject{{u"colors"_s, QJsonObject{{u"primary"_s, primaryColor}}}}},
        {u"refresh_token"_s, QJsonObject{{u"token_lifetime"_s, refreshLifetimeSeconds},
                                         {u"idle_token_lifetime"_s, idleRefreshLifetimeSeconds},
                                         {u"leeway"_s, refreshLeewaySeconds}}},
    };
}

namespace {

// The members of `now` that differ from `old`.
QJsonObject changedMembers(const QJsonObject& now, const QJsonObject& old) {
    QJsonObject changes;
    for (auto it = now.begin(); it != now.end(); ++it) {
        if (old.value(it.key()) != it.value())
            changes.insert(it.key(), it.value());
    }
    return changes;
}

} // namespace

QJsonObject TenantSettings::changesSince(const TenantSettings& before) const {
    const QJsonObject old = before.toJson();
    QJsonObject changes = changedMembers(toJson(), old);
    // The server merges refresh_token field by field: only the lifetimes that changed go, so
    // that one edited elsewhere meanwhile keeps its value.
    const QLatin1String refresh("refresh_token");
    if (changes.contains(refresh))
        changes.insert(refresh, changedMembers(changes.value(refresh).toObject(),
                                               old.value(refresh).toObject()));
    return changes;
}

} // namespace gatehouse::client
