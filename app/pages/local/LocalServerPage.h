#pragma once

#include "app/Page.h"
#include "models/local/LocalServer.h"

#include <QList>

class QFormLayout;
class QLabel;
class QLayout;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QToolButton;

namespace gatehouse::app {

class Dashboard;

// Local server (for self-hosters): starts and stops the bundled gatehoused in the user's data
// directory (client::LocalServer; init the first time), shows its console live, its status and
// its URLs, and signs the dashboard in to it without a password: the session's tokens come from
// `gatehoused token`. Usable while signed out (it needs no server), so MainWindow keeps its
// navigation item enabled; a server the page started is stopped when the dashboard closes.
class LocalServerPage final : public Page {
    Q_OBJECT

public:
    // The console keeps this many lines; older ones scroll away.
    static constexpr int kConsoleLines = 5000;

    explicit LocalServerPage(Dashboard& dashboard, QWidget* parent = nullptr);

    [[nodiscard]] QString title() const override { return tr("Local server"); }
    [[nodiscard]] QString iconName() const override { return QStringLiteral("server"); }
    void activate() override;
    void refreshActionState(const ActionContext& context) override;

    // `gatehouse --local`: start the server if it is not running (init if needed), then sign in.
    void startAndSignIn();

    [[nodiscard]] client::LocalServer& server() const { return *m_server; }
    [[nodiscard]] QPushButton* startButton() const { return m_start; }
    [[nodiscard]] QPushButton* stopButton() const { return m_stop; }
    [[nodiscard]] QPushButton* signInButton() const { return m_signIn; }
    [[nodiscard]] QLabel* statusLabel() const { return m_status; }
    [[nodiscard]] QLineEdit* serverUrlEdit() const { return m_url; }
    [[nodiscard]] QLineEdit* issuerEdit() const { return m_issuer; }
    [[nodiscard]] QLineEdit* fingerprintEdit() const { return m_fingerprint; }
    [[nodiscard]] QPlainTextEdit* console() const { return m_console; }

private:
    QLayout* buildHeader(); // what it is, its status and the buttons
    QWidget* buildAddresses();
    QWidget* buildConsole();
    QLineEdit* addAddressRow(QFormLayout* form, const QString& label, const QString& name);
    void startServer();
    void signIn();
    void onStateChanged(client::LocalServer::State state);
    void updateStatus();
    [[nodiscard]] bool signedInHere() const;

    Dashboard& m_dashboard;
    client::LocalServer* m_server;
    QLabel* m_status;
    QLabel* m_description;
    QPushButton* m_start;
    QPushButton* m_stop;
    QPushButton* m_signIn;
    QLineEdit* m_url = nullptr;
    QLineEdit* m_issuer = nullptr;
    QLineEdit* m_fingerprint = nullptr;
    QLineEdit* m_dataDir = nullptr;
    QList<std::pair<QLineEdit*, QToolButton*>> m_copyButtons;
    QPlainTextEdit* m_console;
    bool m_signInWhenRunning = false;
    bool m_signingIn = false;
};

} // namespace gatehouse::app
