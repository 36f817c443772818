#pragma once

#include <QList>
#include <QSettings>
#include <QString>
#include <QUrl>
#include <optional>

namespace gatehouse::client {

// A server the dashboard knows: where it is (the primary datacenter's URL, and the secondary's
// when there is one) and the certificate fingerprint a person chose to trust for it. Server URLs
// are the server root (`https://host:8443`); tenants live under `t/NAME/`.
struct ServerProfile {
    QString name;
    QUrl primaryUrl;
    QUrl secondaryUrl;         // empty: no secondary datacenter
    QString pinnedFingerprint; // SHA-256 of the leaf certificate (CertificateInfo), or empty
    bool localServer = false;  // the bundled gatehoused this dashboard starts (LocalServer)

    // Empty when the profile can be used; otherwise what is wrong with it.
    [[nodiscard]] QString validationError() const;
    // A key for the keychain and settings that does not change when the name does.
    [[nodiscard]] QString credentialKey() const;
    friend bool operator==(const ServerProfile&, const ServerProfile&) = default;
};

// The profiles, kept in QSettings under `profiles/` (no secrets: tokens go to the keychain).
class ServerProfiles final {
public:
    explicit ServerProfiles(QSettings& settings);

    [[nodiscard]] QList<ServerProfile> all() const;
    [[nodiscard]] std::optional<ServerProfile> find(const QString& name) const;
    // Adds or replaces the profile of that name.
    void save(const ServerProfile& profile);
    void remove(const QString& name);
    [[nodiscard]] QString lastUsed() const;
    void setLastUsed(const QString& name);

private:
    void writeAll(const QList<ServerProfile>& profiles);

    QSettings& m_settings;
};

} // namespace gatehouse::client
