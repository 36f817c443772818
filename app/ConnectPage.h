#pragma once

#include "models/api/ApiError.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace gatehouse::widgets {
class MessageBar;
}

namespace gatehouse::app {

class Dashboard;

// Shown while nobody is signed in: pick or describe a server (name, primary URL, optional
// secondary URL) and sign in with the system browser (RFC 8252). An untrusted certificate is
// shown with its fingerprint and pinned only when the person confirms (CertificateTrustDialog);
// then the sign-in starts again.
class ConnectPage final : public QWidget {
    Q_OBJECT

public:
    explicit ConnectPage(Dashboard& dashboard, QWidget* parent = nullptr);

    [[nodiscard]] QComboBox* profileList() const { return m_profiles; }
    [[nodiscard]] QLineEdit* nameEdit() const { return m_name; }
    [[nodiscard]] QLineEdit* primaryEdit() const { return m_primary; }
    [[nodiscard]] QLineEdit* secondaryEdit() const { return m_secondary; }
    [[nodiscard]] QPushButton* signInButton() const { return m_signIn; }
    [[nodiscard]] QLabel* statusLabel() const { return m_status; }
    [[nodiscard]] widgets::MessageBar* messageBar() const { return m_messages; }

    // Signs in silently with what the keychain kept for the last profile, if anything.
    void restoreLastSession();
    void reloadProfiles();

private:
    void showProfile(int index);
    void startSignIn();
    void onFailure(const client::ApiError& error);
    void setBusy(bool busy, const QString& status = {});

    Dashboard& m_dashboard;
    QComboBox* m_profiles;
    QLineEdit* m_name;
    QLineEdit* m_primary;
    QLineEdit* m_secondary;
    QPushButton* m_signIn;
    QPushButton* m_cancel;
    QLabel* m_status;
    QLabel* m_link;
    widgets::MessageBar* m_messages;
};

} // namespace gatehouse::app
