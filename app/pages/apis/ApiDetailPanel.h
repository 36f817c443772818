#pragma once

#include "models/apis/ResourceServerRecord.h"

#include <QPointer>
#include <QWidget>
#include <optional>

class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTabWidget;
class QToolButton;

namespace gatehouse::client {
class ApiCall;
class ResourceServersModel;
class ScopesModel;
class Session;
struct ApiError;
} // namespace gatehouse::client

namespace gatehouse::app {

class MachineGrantsPanel;
class ScopesEditor;

// The selected API beside the APIs list, in three tabs: its settings (name, identifier, token
// lifetime, signing), its scopes, and the machine-to-machine applications it is granted to.
// Settings and scopes are saved together (Save / Revert); grants are written at once. Which
// buttons are enabled is the page's decision (ApisPage::refreshActionState).
class ApiDetailPanel final : public QWidget {
    Q_OBJECT

public:
    enum Tab { SettingsTab, ScopesTab, GrantsTab };

    ApiDetailPanel(client::Session& session, client::ResourceServersModel& servers,
                   QWidget* parent = nullptr);

    // Shows `server` (after a selection change or a save); nullopt clears the panel.
    void showApi(const QString& tenant, const std::optional<client::ResourceServerRecord>& server);
    [[nodiscard]] const std::optional<client::ResourceServerRecord>& api() const { return m_api; }
    [[nodiscard]] client::ResourceServerRecord editedApi() const;
    // Settings or scopes differ from the saved API (what Save writes).
    [[nodiscard]] bool isModified() const;
    // Anything edited and not written: isModified(), a scope typed and not added yet, or scopes
    // ticked in the grants tab and not written. What choosing another API would drop.
    [[nodiscard]] bool hasUnsavedChanges() const;
    [[nodiscard]] bool isBusy() const { return !m_pending.isNull(); }
    [[nodiscard]] QString problem() const;

    void save();
    void revert();
    // The page's readOnly (the secondary datacenter serves): every write returns early.
    void setReadOnly(bool readOnly);
    // Sets every editor and button from what the page allows (`canUpdate`: the API;
    // `grants`: create, update, delete of client grants).
    void refreshActionState(bool canUpdate, bool canCreateGrant, bool canUpdateGrant,
                            bool canDeleteGrant);

    [[nodiscard]] QTabWidget* tabs() const { return m_tabs; }
    [[nodiscard]] QLineEdit* nameEdit() const { return m_name; }
    [[nodiscard]] QSpinBox* lifetimeBox() const { return m_lifetime; }
    [[nodiscard]] ScopesEditor* scopesEditor() const { return m_scopesEditor; }
    [[nodiscard]] MachineGrantsPanel* grantsPanel() const { return m_grants; }
    [[nodiscard]] QPushButton* saveButton() const { return m_save; }
    [[nodiscard]] QPushButton* revertButton() const { return m_revert; }

Q_SIGNALS:
    void stateChanged();
    void saved(const client::ResourceServerRecord& server);
    void failed(const client::ApiError& error, const QString& what);

private:
    void buildLayout();
    void connectSignals();
    QWidget* buildSettings();
    void fill(const client::ResourceServerRecord& server);

    client::ResourceServersModel& m_servers;
    client::ScopesModel* m_scopes;
    std::optional<client::ResourceServerRecord> m_api;
    QString m_tenant;
    QPointer<client::ApiCall> m_pending;
    bool m_readOnly = false;

    QLabel* m_heading;
    QTabWidget* m_tabs;
    QLineEdit* m_name;
    QLabel* m_identifier;
    QSpinBox* m_lifetime;
    QLabel* m_lifetimeText;
    QLabel* m_signing;
    QLabel* m_systemNote;
    ScopesEditor* m_scopesEditor;
    MachineGrantsPanel* m_grants;
    QWidget* m_saveRow;
    QLabel* m_problem;
    QProgressBar* m_busy;
    QToolButton* m_cancel;
    QPushButton* m_revert;
    QPushButton* m_save;
};

} // namespace gatehouse::app
