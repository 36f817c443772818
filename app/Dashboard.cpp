#include "app/Dashboard.h"

#include "models/auth/KeychainCredentialStore.h"

#include <QDesktopServices>

namespace gatehouse::app {

namespace {

std::unique_ptr<QSettings> openSettings(const QString& file) {
    if (file.isEmpty())
        return std::make_unique<QSettings>();
    return std::make_unique<QSettings>(file, QSettings::IniFormat);
}

} // namespace

Dashboard::Dashboard(Options options)
    : m_settings(openSettings(options.settingsFile))
    , m_profiles(*m_settings)
    , m_credentials(options.credentials ? std::move(options.credentials)
                                        : std::make_unique<client::KeychainCredentialStore>())
    , m_transport(m_network, client::ServerProfile{})
    , m_session(m_transport, *m_credentials)
    , m_signIn(m_transport, options.openUrl ? std::move(options.openUrl)
                                            : client::BrowserSignIn::OpenUrl([](const QUrl& url) {
                                                  return QDesktopServices::openUrl(url);
                                              })) {
    // A browser sign-in that succeeded signs the session in, whoever started it.
    connect(&m_signIn, &client::BrowserSignIn::succeeded, &m_session, &client::Session::adopt);
}

Dashboard::~Dashboard() = default;

void Dashboard::useProfile(const client::ServerProfile& profile) {
    m_signIn.cancel();
    m_session.reset();
    m_transport.setProfile(profile);
    if (!profile.name.isEmpty())
        m_profiles.setLastUsed(profile.name);
}

} // namespace gatehouse::app
