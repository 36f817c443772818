#pragma once

#include "app/ListPage.h"
#include "models/tenants/TenantsModel.h"

class QAction;

namespace gatehouse::app {

class TenantSettingsPanel;

// Tenants (owners only; their permission lives in the system tenant): the list, a new tenant,
// the selected tenant's settings beside the list, a rotation of its signing keys, and deleting
// it behind a typed confirmation. The system tenant cannot be deleted.
class TenantsPage final : public ListPage {
    Q_OBJECT

public:
    explicit TenantsPage(client::Session& session, QWidget* parent = nullptr);

    [[nodiscard]] QString title() const override { return tr("Tenants"); }
    [[nodiscard]] QString iconName() const override { return QStringLiteral("tenants"); }
    void refreshActionState(const ActionContext& context) override;
    [[nodiscard]] bool hasUnsavedChanges() const override;
    [[nodiscard]] QString unsavedItem() const override;
    // The list is the system tenant's, whichever tenant is current.
    [[nodiscard]] bool followsCurrentTenant() const override { return false; }

    [[nodiscard]] client::TenantsModel* tenantsModel() const { return m_model; }
    [[nodiscard]] TenantSettingsPanel* settingsPanel() const { return m_panel; }
    [[nodiscard]] QAction* createAction() const { return m_create; }
    [[nodiscard]] QAction* deleteAction() const { return m_delete; }
    [[nodiscard]] QAction* rotateAction() const { return m_rotate; }

    void createTenant();
    void deleteTenant();
    void rotateKeys();

protected:
    [[nodiscard]] QString listTenant() const override { return QStringLiteral("system"); }
    void selectionChanged(const QString& id) override;
    void applyReadOnly(bool readOnly) override;

private:
    TenantsPage(client::Session& session, client::TenantsModel* model, QWidget* parent);

    client::TenantsModel* m_model;
    TenantSettingsPanel* m_panel;
    QAction* m_create;
    QAction* m_delete;
    QAction* m_rotate;
};

} // namespace gatehouse::app
