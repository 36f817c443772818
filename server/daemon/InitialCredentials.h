#pragma once

#include <QJsonObject>
#include <QString>

namespace gatehouse::daemon {

struct ClientCredentials {
    QString clientId;
    QString clientSecret;
    QString audience; // the Management API audience its tokens are for
};

// What `gatehoused init` made and shows exactly once: secrets are stored only as hashes.
struct InitialCredentials {
    QString publicUrl;
    QString tenant;
    QString issuer;
    ClientCredentials managementClient; // the first tenant's Management API
    ClientCredentials
        systemManagementClient; // the system tenant: every tenant, and tenants themselves
    QString adminEmail;
    QString adminPassword;
    // The dashboard's native client in the system tenant (public, PKCE, loopback redirect) and
    // the audience its tokens ask for: the system tenant's Management API.
    QString dashboardClientId;
    QString dashboardAudience;
    QString dataDir;
    QString tlsFingerprint; // empty with --http

    // The --json shape (documented in the README; automation depends on it).
    [[nodiscard]] QJsonObject toJson() const;
    // For a person at a terminal, with a curl line to get a first token.
    [[nodiscard]] QString toText() const;
};

} // namespace gatehouse::daemon
