#pragma once

#include "models/api/ApiTransport.h"
#include "models/api/ServerProfile.h"
#include "models/auth/BrowserSignIn.h"
#include "models/auth/CredentialStore.h"
#include "models/session/Session.h"

#include <QNetworkAccessManager>
#include <QObject>
#include <QSettings>
#include <memory>

namespace gatehouse::app {

// The dashboard's parts, built once and handed to the window by reference (no singletons):
// settings and server profiles, the keychain, the transport and the session over it, the
// browser sign-in. Tests build one with their own settings file, credential store and browser.
class Dashboard final : public QObject {
    Q_OBJECT

public:
    struct Options {
        QString settingsFile;                                 // empty: the platform's settings
        std::unique_ptr<client::CredentialStore> credentials; // null: the OS keychain
        client::BrowserSignIn::OpenUrl openUrl;               // null: QDesktopServices::openUrl
    };

    explicit Dashboard(Options options);
    ~Dashboard() override;

    [[nodiscard]] QSettings& settings() { return *m_settings; }
    [[nodiscard]] client::ServerProfiles& profiles() { return m_profiles; }
    [[nodiscard]] client::CredentialStore& credentials() { return *m_credentials; }
    [[nodiscard]] client::ApiTransport& transport() { return m_transport; }
    [[nodiscard]] client::Session& session() { return m_session; }
    [[nodiscard]] client::BrowserSignIn& browserSignIn() { return m_signIn; }
    [[nodiscard]] QNetworkAccessManager& network() { return m_network; }

    // Talk to this server from now on (signs the session out locally) and remember the choice.
    void useProfile(const client::ServerProfile& profile);
    [[nodiscard]] const client::ServerProfile& profile() const { return m_transport.profile(); }

private:
    std::unique_ptr<QSettings> m_settings;
    client::ServerProfiles m_profiles;
    std::unique_ptr<client::CredentialStore> m_credentials;
    QNetworkAccessManager m_network;
    client::ApiTransport m_transport;
    client::Session m_session;
    client::BrowserSignIn m_signIn;
};

} // namespace gatehouse::app
