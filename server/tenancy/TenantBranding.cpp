#include "tenancy/TenantBranding.h"

#include "tenancy/TenantSnapshot.h"

#include <QJsonObject>

namespace gatehouse::tenancy {

using namespace Qt::StringLiterals;

TenantBranding TenantBranding::of(const TenantSnapshot& tenant) {
    const QJsonObject& settings = tenant.settings();
    TenantBranding branding;
    branding.displayName = settings.value("friendly_name"_L1).toString();
    if (branding.displayName.isEmpty())
        branding.displayName = tenant.record().displayName;
    branding.logoUrl = settings.value("picture_url"_L1).toString();
    branding.primaryColor = primaryColorIn(settings);
    return branding;
}

QString TenantBranding::primaryColorIn(const QJsonObject& settings) {
    return settings.value("universal_login"_L1)
        .toObject()
        .value("colors"_L1)
        .toObject()
        .value("primary"_L1)
        .toString();
}

} // namespace gatehouse::tenancy
