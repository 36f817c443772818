#pragma once

#include "models/tenants/TenantSettings.h"

#include <QObject>

namespace gatehouse::client {

class ApiCall;
class Session;

// Reads and writes one tenant's settings (t/T/api/v2/tenants/settings) for the Tenants page.
// The calls report through ApiCall::finished; settingsOf() reads the typed answer.
class TenantSettingsService final : public QObject {
    Q_OBJECT

public:
    explicit TenantSettingsService(Session& session, QObject* parent = nullptr);

    ApiCall* load(const QString& tenant);
    // PATCH with only what changed from `before` to `after`; answers the settings as saved.
    ApiCall* save(const QString& tenant, const TenantSettings& before, const TenantSettings& after);

    // The settings a finished load() or save() answered.
    [[nodiscard]] static TenantSettings settingsOf(const ApiCall& call);

private:
    Session& m_session;
};

} // namespace gatehouse::client
