#pragma once

#include "app/ListPage.h"
#include "models/apis/ResourceServersModel.h"

class QAction;

namespace gatehouse::app {

class ApiDetailPanel;

// APIs (resource servers) of the current tenant: the list, a new API with its scopes, the
// selected API's settings, scopes and machine-to-machine grants beside the list, and deleting
// one after a confirmation. The tenant's own Management API can only have its lifetime changed.
class ApisPage final : public ListPage {
    Q_OBJECT

public:
    explicit ApisPage(client::Session& session, QWidget* parent = nullptr);

    [[nodiscard]] QString title() const override { return tr("APIs"); }
    [[nodiscard]] QString iconName() const override { return QStringLiteral("apis"); }
    void refreshActionState(const ActionContext& context) override;
    [[nodiscard]] bool hasUnsavedChanges() const override;
    [[nodiscard]] QString unsavedItem() const override;

    [[nodiscard]] client::ResourceServersModel* serversModel() const { return m_model; }
    [[nodiscard]] ApiDetailPanel* detailPanel() const { return m_panel; }
    [[nodiscard]] QAction* createAction() const { return m_create; }
    [[nodiscard]] QAction* deleteAction() const { return m_delete; }

    void createApi();
    void deleteApi();

protected:
    void selectionChanged(const QString& id) override;
    void applyReadOnly(bool readOnly) override;

private:
    ApisPage(client::Session& session, client::ResourceServersModel* model, QWidget* parent);

    client::ResourceServersModel* m_model;
    ApiDetailPanel* m_panel;
    QAction* m_create;
    QAction* m_delete;
};

} // namespace gatehouse::app
