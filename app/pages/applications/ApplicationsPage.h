#pragma once

#include "app/ListPage.h"
#include "models/applications/ClientsModel.h"
#include "models/connections/CallGroup.h"

#include <QHash>

class QAction;
class QComboBox;

namespace gatehouse::client {
class EnabledConnectionsModel;
}

namespace gatehouse::app {

class ApplicationDetail;

// Applications: the current tenant's clients with their types; New (by kind of application),
// Delete; the detail panel edits the selected one's settings and enabled connections, reveals
// a secret this dashboard received, and rotates it. Protected clients of the system tenant are
// refused by the server for some edits: its error is shown; deleting the dashboard's own client
// is not even offered.
class ApplicationsPage final : public ListPage {
    Q_OBJECT

public:
    explicit ApplicationsPage(client::Session& session, QWidget* parent = nullptr);

    [[nodiscard]] QString title() const override { return tr("Applications"); }
    [[nodiscard]] QString iconName() const override { return QStringLiteral("applications"); }
    void activate() override;
    void reload() override;
    void refreshActionState(const ActionContext& context) override;
    [[nodiscard]] bool hasUnsavedChanges() const override;
    [[nodiscard]] QString unsavedItem() const override;

    [[nodiscard]] QAction* newAction() const { return m_new; }
    [[nodiscard]] QAction* deleteAction() const { return m_delete; }
    [[nodiscard]] QComboBox* typeFilter() const { return m_typeFilter; }
    [[nodiscard]] ApplicationDetail* detail() const { return m_detail; }
    [[nodiscard]] client::ClientsModel* clientsModel() const { return m_model; }
    [[nodiscard]] client::EnabledConnectionsModel* connectionsModel() const {
        return m_connections;
    }

protected:
    void selectionChanged(const QString& id) override;
    void applyReadOnly(bool readOnly) override;

private:
    ApplicationsPage(client::Session& session, client::ClientsModel* model, QWidget* parent);

    void createApplication();
    void deleteApplication();
    void saveApplication();
    void revertApplication();
    void revealSecret();
    void rotateSecret();
    void showSelected();
    void setBusy(const QString& what);
    void keepSecret(const client::ClientRecord& client);
    [[nodiscard]] QString secretKey(const QString& clientId) const;

    client::ClientsModel* m_model;
    client::EnabledConnectionsModel* m_connections;
    ApplicationDetail* m_detail;
    client::CallGroup m_calls;
    QAction* m_new;
    QAction* m_delete;
    QComboBox* m_typeFilter;
    // Secrets this dashboard received (creation, rotation), by tenant and client id: the
    // server keeps only hashes. Memory only; gone at sign-out.
    QHash<QString, QString> m_secrets;
};

} // namespace gatehouse::app
