#pragma once

#include "models/connections/ConnectionRecord.h"

#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;
class QStackedWidget;
class QTabWidget;
class QToolButton;
class QTreeView;

namespace gatehouse::client {
class DiscoveryProbe;
class EnabledClientsModel;
} // namespace gatehouse::client

namespace gatehouse::app {

class AttackProtectionGroup;
class DatabaseOptionsForm;
class DiscoveryTestPanel;
class OidcOptionsForm;

// The panel beside the connections list: a database connection's sign-up and password policy
// with the tenant's attack-protection thresholds, or an upstream provider's settings with
// "Test"; and, for both, the applications that may use it. It shows and collects;
// ConnectionsPage sends and decides in refreshActionState() what is enabled.
class ConnectionDetail final : public QWidget {
    Q_OBJECT

public:
    ConnectionDetail(client::EnabledClientsModel& clients, client::DiscoveryProbe& probe,
                     QWidget* parent = nullptr);

    // Shows `connection` as saved (the form, the ticked applications and the thresholds lose
    // their edits); an empty id shows the placeholder.
    void showConnection(const client::ConnectionRecord& connection);
    [[nodiscard]] const client::ConnectionRecord& saved() const { return m_saved; }
    // The saved connection with the form's values (and the new secret, if one was typed).
    [[nodiscard]] client::ConnectionRecord edited() const;
    // The connection's own changes (options, applications), not the tenant's thresholds.
    [[nodiscard]] bool isConnectionModified() const;
    // Anything edited and not saved: the connection's changes, or the thresholds shown with a
    // database connection. What choosing another connection would drop.
    [[nodiscard]] bool isModified() const;
    [[nodiscard]] QString problem() const;

    void setEditable(bool editable);
    void setBusy(bool busy, const QString& what = {});

    [[nodiscard]] QTabWidget* tabs() const { return m_tabs; }
    [[nodiscard]] DatabaseOptionsForm* databaseForm() const { return m_database; }
    [[nodiscard]] AttackProtectionGroup* attackProtection() const { return m_attack; }
    [[nodiscard]] OidcOptionsForm* oidcForm() const { return m_oidc; }
    [[nodiscard]] DiscoveryTestPanel* testPanel() const { return m_test; }
    [[nodiscard]] QTreeView* applicationsView() const { return m_applications; }
    [[nodiscard]] QPushButton* saveButton() const { return m_save; }
    [[nodiscard]] QPushButton* revertButton() const { return m_revert; }
    [[nodiscard]] QToolButton* cancelButton() const { return m_cancel; }

Q_SIGNALS:
    void changed();
    void saveRequested();
    void revertRequested();
    void cancelRequested();

private:
    QWidget* buildHeader();
    QWidget* buildSettings(client::DiscoveryProbe& probe);
    QWidget* buildApplications();

    client::EnabledClientsModel& m_clients;
    client::ConnectionRecord m_saved;
    QStackedWidget* m_stack;
    QLabel* m_title;
    QLabel* m_subtitle;
    QTabWidget* m_tabs;
    QStackedWidget* m_settings;
    DatabaseOptionsForm* m_database;
    AttackProtectionGroup* m_attack;
    OidcOptionsForm* m_oidc;
    DiscoveryTestPanel* m_test;
    QTreeView* m_applications;
    QLabel* m_busyText;
    QProgressBar* m_busy;
    QToolButton* m_cancel;
    QPushButton* m_revert;
    QPushButton* m_save;
};

} // namespace gatehouse::app
