#include "models/tenants/TenantSettingsService.h"

#include "models/api/ApiCall.h"
#include "models/session/Session.h"

namespace gatehouse::client {

using namespace Qt::StringLiterals;

TenantSettingsService::TenantSettingsService(Session& session, QObject* parent)
    : QObject(parent)
    , m_session(session) {}

ApiCall* TenantSettingsService::load(const QString& tenant) {
    return m_session.managementCall("GET", tenant, u"tenants/settings"_s);
}

ApiCall* TenantSettingsService::save(const QString& tenant, const TenantSettings& before,
                                     const TenantSettings& after) {
    return m_session.managementCall("PATCH", tenant, u"tenants/settings"_s, {},
                                    QJsonDocument(after.changesSince(before)));
}

TenantSettings TenantSettingsService::settingsOf(const ApiCall& call) {
    return TenantSettings::fromJson(call.result().json.object());
}

} // namespace gatehouse::client
