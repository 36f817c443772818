#include "daemon/InitialCredentials.h"

namespace gatehouse::daemon {
namespace {

QJsonObject clientJson(const ClientCredentials& client) {
    return {{QStringLiteral("client_id"), client.clientId},
            {QStringLiteral("client_secret"), client.clientSecret},
            {QStringLiteral("audience"), client.audience}};
}

} // namespace

QJsonObject InitialCredentials::toJson() const {
    QJsonObject json{
        {QStringLiteral("public_url"), publicUrl},
        {QStringLiteral("tenant"), tenant},
        {QStringLiteral("issuer"), issuer},
        {QStringLiteral("management_client"), clientJson(managementClient)},
        {QStringLiteral("system_management_client"), clientJson(systemManagementClient)},
        {QStringLiteral("admin"), QJsonObject{{QStringLiteral("email"), adminEmail},
                                              {QStringLiteral("password"), adminPassword},
                                              {QStringLiteral("role"), QStringLiteral("owner")}}},
        {QStringLiteral("dashboard_client"),
         QJsonObject{{QStringLiteral("client_id"), dashboardClientId},
                     {QStringLiteral("audience"), dashboardAudience}}},
        {QStringLiteral("data_dir"), dataDir}};
    if (!tlsFingerprint.isEmpty())
        json.insert(QStringLiteral("tls_sha256_fingerprint"), tlsFingerprint);
    return json;
}

QString InitialCredentials::toText() const {
    const QString tokenUrl = issuer + QStringLiteral("oauth/token");
    QString text;
    text += QStringLiteral("Gatehouse data directory created: %1\n\n").arg(dataDir);
    text += QStringLiteral("  public URL    %1\n").arg(publicUrl);
    text += QStringLiteral("  tenant        %1 (issuer %2)\n").arg(tenant, issuer);
    if (!tlsFingerprint.isEmpty())
        text += QStringLiteral("  TLS           self-signed, SHA-256 %1\n").arg(tlsFingerprint);
    text += QStringLiteral(
                "\nOwner administrator (system tenant):\n  email         %1\n  password      %2\n")
                .arg(adminEmail, adminPassword);
    text += QStringLiteral("\nDashboard sign-in (native client, PKCE, loopback redirect):\n"
                           "  client_id     %1\n  audience      %2\n")
                .arg(dashboardClientId, dashboardAudience);
    text += QStringLiteral(
                "\nManagement API client of tenant '%1':\n  client_id     %2\n  client_secret %3\n"
                "  audience      %4\n")
                .arg(tenant, managementClient.clientId, managementClient.clientSecret,
                     managementClient.audience);
    text += QStringLiteral("\nSystem management client (manages tenants and every tenant's API):\n"
                           "  client_id     %1\n  client_secret %2\n  audience      %3\n")
                .arg(systemManagementClient.clientId, systemManagementClient.clientSecret,
                     systemManagementClient.audience);
    text += QStringLiteral("\nThese secrets are stored only as hashes and are shown this once.\n");
    text += QStringLiteral("\nA first token (after `gatehoused run`):\n  curl %1-u '%2:%3' -d "
                           "grant_type=client_credentials "
                           "--data-urlencode audience=%4 %5\n")
                .arg(tlsFingerprint.isEmpty()
                         ? QString()
                         : QStringLiteral("--cacert %1/tls/server.crt ").arg(dataDir),
                     managementClient.clientId, managementClient.clientSecret,
                     managementClient.audience, tokenUrl);
    return text;
}

} // namespace gatehouse::daemon
