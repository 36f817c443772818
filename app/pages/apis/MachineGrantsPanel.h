#pragma once

#include <QPointer>
#include <QStringList>
#include <QWidget>

class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;
class QTableView;
class QToolButton;

namespace gatehouse::client {
class ApiCall;
class MachineGrantsModel;
class Session;
struct ApiError;
} // namespace gatehouse::client

namespace gatehouse::app {

// The machine-to-machine applications of the tenant and their access to one API: a table of
// the applications (authorized or not, with the scopes granted), and for the selected one the
// API's scopes to tick, with Authorize / Update Scopes and Revoke Access. Which buttons are
// enabled is the page's decision (ApisPage::refreshActionState), told through stateChanged().
class MachineGrantsPanel final : public QWidget {
    Q_OBJECT

public:
    MachineGrantsPanel(client::Session& session, QWidget* parent = nullptr);

    // The grants for `audience` in `tenant`, whose API defines `scopes`; empty clears.
    void showApi(const QString& tenant, const QString& audience, const QStringList& scopes);
    void reload();

    [[nodiscard]] QString selectedClientId() const;
    [[nodiscard]] bool isGranted() const;
    // The ticked scopes differ from the grant's (or there is no grant yet).
    [[nodiscard]] bool isModified() const;
    // Ticks changed by hand and not written: they differ from the grant's, or an application
    // without a grant has some.
    [[nodiscard]] bool isEdited() const;
    [[nodiscard]] bool isBusy() const;
    [[nodiscard]] QStringList checkedScopes() const;

    void save();
    void revoke();
    void setEditable(bool editable);
    // The page's readOnly (the secondary datacenter serves): every write returns early.
    void setReadOnly(bool readOnly) { m_readOnly = readOnly; }
    void selectClient(const QString& clientId);

    [[nodiscard]] client::MachineGrantsModel* model() const { return m_model; }
    [[nodiscard]] QTableView* view() const { return m_view; }
    [[nodiscard]] QListWidget* scopeList() const { return m_scopes; }
    [[nodiscard]] QPushButton* saveButton() const { return m_save; }
    [[nodiscard]] QPushButton* revokeButton() const { return m_revoke; }

Q_SIGNALS:
    void stateChanged();
    void changed(const QString& message);
    void failed(const client::ApiError& error, const QString& what);

private:
    void buildLayout();
    void connectSignals();
    void showSelection();
    void track(client::ApiCall* call, const QString& what, const QString& done);

    client::MachineGrantsModel* m_model;
    QString m_tenant;
    QStringList m_apiScopes;
    QTableView* m_view;
    QLabel* m_scopesLabel;
    QListWidget* m_scopes;
    QPushButton* m_save;
    QPushButton* m_revoke;
    QProgressBar* m_busy;
    QToolButton* m_cancel;
    QPointer<client::ApiCall> m_pending;
    bool m_filling = false;
    bool m_readOnly = false;
};

} // namespace gatehouse::app
