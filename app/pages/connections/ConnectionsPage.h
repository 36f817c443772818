#pragma once

#include "app/ListPage.h"
#include "models/connections/AttackProtection.h"
#include "models/connections/CallGroup.h"
#include "models/connections/ConnectionsModel.h"

#include <QNetworkAccessManager>

class QAction;
class QComboBox;
class QToolButton;

namespace gatehouse::client {
class DiscoveryProbe;
class EnabledClientsModel;
} // namespace gatehouse::client

namespace gatehouse::app {

class ConnectionDetail;

// Connections: the current tenant's database and upstream OIDC connections, which
// applications use each (by name), New (database or OIDC), Delete behind a typed confirmation
// (its users go with it). The detail panel edits sign-up, the password policy and the tenant's
// attack-protection thresholds for a database connection, the provider's settings with a
// discovery "Test" for an OIDC one, and the enabled applications. Support users read only.
class ConnectionsPage final : public ListPage {
    Q_OBJECT

public:
    explicit ConnectionsPage(client::Session& session, QWidget* parent = nullptr);
    ~ConnectionsPage() override;

    [[nodiscard]] QString title() const override { return tr("Connections"); }
    [[nodiscard]] QString iconName() const override { return QStringLiteral("connections"); }
    void activate() override;
    void reload() override;
    void refreshActionState(const ActionContext& context) override;
    [[nodiscard]] bool hasUnsavedChanges() const override;
    [[nodiscard]] QString unsavedItem() const override;

    [[nodiscard]] QAction* newDatabaseAction() const { return m_newDatabase; }
    [[nodiscard]] QAction* newOidcAction() const { return m_newOidc; }
    [[nodiscard]] QAction* deleteAction() const { return m_delete; }
    [[nodiscard]] ConnectionDetail* detail() const { return m_detail; }
    [[nodiscard]] client::ConnectionsModel* connectionsModel() const { return m_model; }
    [[nodiscard]] client::EnabledClientsModel* clientsModel() const { return m_clients; }

protected:
    void selectionChanged(const QString& id) override;
    void applyReadOnly(bool readOnly) override;

private:
    ConnectionsPage(client::Session& session, client::ConnectionsModel* model, QWidget* parent);

    void buildToolBar();
    void loadSideLists();
    void loadAttackProtection();
    void createConnection(const QString& strategy);
    void deleteConnection();
    void confirmDelete(const client::ConnectionRecord& connection, int users);
    void saveConnection();
    void revertConnection();
    void testDiscovery();
    void showSelected();
    void setBusy(const QString& what);
    [[nodiscard]] bool mayRead(const QString& resource) const;

    client::ConnectionsModel* m_model;
    client::EnabledClientsModel* m_clients;
    QNetworkAccessManager m_network; // the discovery test's own: it talks to other servers
    client::DiscoveryProbe* m_probe;
    ConnectionDetail* m_detail;
    client::CallGroup m_calls;
    QAction* m_newDatabase = nullptr;
    QAction* m_newOidc = nullptr;
    QAction* m_delete = nullptr;
    QToolButton* m_newButton = nullptr;
    QComboBox* m_strategyFilter = nullptr;
    QString m_attackTenant; // whose thresholds the group shows
};

} // namespace gatehouse::app
