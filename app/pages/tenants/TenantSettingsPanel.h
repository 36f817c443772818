#pragma once

#include "models/tenants/TenantSettings.h"

#include <QPointer>
#include <QWidget>

class QAbstractItemModel;
class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSortFilterProxyModel;
class QSpinBox;
class QTabWidget;
class QTableView;
class QToolButton;

namespace gatehouse::client {
class ApiCall;
class Session;
class SigningKeysModel;
class TenantSettingsService;
struct ApiError;
} // namespace gatehouse::client

namespace gatehouse::app {

class DurationEdit;

// The selected tenant's settings beside the Tenants list: name, branding (logo, login pages'
// primary colour, support contacts), session and refresh-token lifetimes, signing algorithm and
// the signing keys, with Save and Revert. It loads and saves; which of its buttons are enabled is
// the page's decision (TenantsPage::refreshActionState), told through stateChanged().
class TenantSettingsPanel final : public QWidget {
    Q_OBJECT

public:
    enum Tab { SettingsTab, SigningTab };

    TenantSettingsPanel(client::Session& session, QWidget* parent = nullptr);

    // Loads `tenant`'s settings and keys; an empty id clears the panel.
    void showTenant(const QString& tenant);
    [[nodiscard]] QString tenant() const { return m_tenant; }
    // Loaded, and no call under way.
    [[nodiscard]] bool isReady() const;
    [[nodiscard]] bool isBusy() const { return !m_pending.isNull(); }
    [[nodiscard]] bool isModified() const;
    // What stops a save (a number out of range, a malformed URL), or empty.
    [[nodiscard]] QString problem() const;
    [[nodiscard]] client::TenantSettings editedSettings() const;
    [[nodiscard]] const client::TenantSettings& savedSettings() const { return m_saved; }

    void save();
    void revert();
    // Starts a rotation of the keys (after the page's confirmation) with progress shown here.
    void rotateKeys();
    void setEditable(bool editable);
    // The page's readOnly (the secondary datacenter serves): every write returns early.
    void setReadOnly(bool readOnly) { m_readOnly = readOnly; }

    [[nodiscard]] QTabWidget* tabs() const { return m_tabs; }
    [[nodiscard]] client::SigningKeysModel* keysModel() const { return m_keys; }
    // The keys as the panel shows them: current first.
    [[nodiscard]] QAbstractItemModel* sortedKeys() const;
    [[nodiscard]] QTableView* keysView() const { return m_keysView; }
    [[nodiscard]] QPushButton* saveButton() const { return m_saveButton; }
    [[nodiscard]] QPushButton* revertButton() const { return m_revertButton; }
    [[nodiscard]] QPushButton* rotateButton() const { return m_rotateButton; }
    [[nodiscard]] QLineEdit* nameEdit() const { return m_name; }
    [[nodiscard]] QLineEdit* logoEdit() const { return m_logo; }
    [[nodiscard]] QLineEdit* colorEdit() const { return m_color; }
    // Shows the colour typed, and opens a QColorDialog to pick one.
    [[nodiscard]] QToolButton* colorButton() const { return m_colorButton; }
    [[nodiscard]] QLineEdit* supportEmailEdit() const { return m_supportEmail; }
    [[nodiscard]] QLineEdit* supportUrlEdit() const { return m_supportUrl; }
    [[nodiscard]] QLineEdit* audienceEdit() const { return m_audience; }
    [[nodiscard]] QSpinBox* sessionLifetimeBox() const { return m_sessionHours; }
    [[nodiscard]] QSpinBox* idleLifetimeBox() const { return m_idleHours; }
    [[nodiscard]] DurationEdit* refreshLifetimeEdit() const { return m_refreshLifetime; }
    [[nodiscard]] DurationEdit* idleRefreshLifetimeEdit() const { return m_idleRefresh; }
    [[nodiscard]] QSpinBox* reuseIntervalBox() const { return m_reuseInterval; }
    [[nodiscard]] QComboBox* algorithmBox() const { return m_algorithm; }

Q_SIGNALS:
    // Modified, valid, busy or loaded changed: the page refreshes its actions.
    void stateChanged();
    void saved(const QString& tenant, const client::TenantSettings& settings);
    void keysRotated(const QString& tenant, const QString& currentKid);
    void failed(const client::ApiError& error, const QString& what);

private:
    void buildLayout();
    void connectSignals();
    QWidget* buildForm();
    QWidget* buildRefreshTokens(QWidget* parent);
    QWidget* buildKeys();
    void fill(const client::TenantSettings& settings);
    void track(client::ApiCall* call);
    void onLoaded(client::ApiCall* call);
    void onSaved(client::ApiCall* call, bool algorithmChanged);
    [[nodiscard]] bool confirmAlgorithmChange();
    [[nodiscard]] QWidget* buildColorRow(QWidget* parent);
    void chooseColor();
    void showSwatch();

    client::TenantSettingsService* m_service;
    client::SigningKeysModel* m_keys;
    QSortFilterProxyModel* m_sortedKeys;
    QString m_tenant;
    client::TenantSettings m_saved;
    bool m_loaded = false;
    bool m_filling = false;
    bool m_readOnly = false;
    QPointer<client::ApiCall> m_pending;

    QLabel* m_heading;
    QTabWidget* m_tabs;
    QLineEdit* m_name;
    QLineEdit* m_logo;
    QLineEdit* m_color;
    QToolButton* m_colorButton;
    QLineEdit* m_supportEmail;
    QLineEdit* m_supportUrl;
    QLineEdit* m_audience;
    QSpinBox* m_sessionHours;
    QSpinBox* m_idleHours;
    DurationEdit* m_refreshLifetime;
    DurationEdit* m_idleRefresh;
    QSpinBox* m_reuseInterval;
    QComboBox* m_algorithm;
    QTableView* m_keysView;
    QLabel* m_problem;
    QProgressBar* m_busy;
    QToolButton* m_cancel;
    QPushButton* m_rotateButton;
    QPushButton* m_revertButton;
    QPushButton* m_saveButton;
};

} // namespace gatehouse::app
