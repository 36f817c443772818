#pragma once

#include "app/ListPage.h"
#include "models/users/UsersModel.h"

#include <QPointer>

class QAction;
class QMessageBox;

namespace gatehouse::client {
class ApiCall;
class UserService;
} // namespace gatehouse::client

namespace gatehouse::app {

class CreateUserDialog;
class UserDetailPanel;

// Users of the current tenant: searched with the server's query syntax, fetched a page at a time
// as the list scrolls, sorted by the server; the selected user's profile and metadata edited
// beside the list; new users, block and unblock, attack-protection blocks removed, deletion
// after a question. Everything that writes needs `users` permissions; a support administrator
// reads only.
class UsersPage final : public ListPage {
    Q_OBJECT

public:
    explicit UsersPage(client::Session& session, QWidget* parent = nullptr);

    [[nodiscard]] QString title() const override { return tr("Users"); }
    [[nodiscard]] QString iconName() const override { return QStringLiteral("users"); }
    void refreshActionState(const ActionContext& context) override;
    [[nodiscard]] bool hasUnsavedChanges() const override;
    [[nodiscard]] QString unsavedItem() const override;

    [[nodiscard]] client::UsersModel& usersModel() const { return *m_model; }
    [[nodiscard]] UserDetailPanel* detail() const { return m_detail; }
    [[nodiscard]] QAction* newAction() const { return m_new; }
    [[nodiscard]] QAction* blockAction() const { return m_block; }
    [[nodiscard]] QAction* unblockAction() const { return m_unblock; }
    [[nodiscard]] QAction* deleteAction() const { return m_delete; }
    // The New User dialog while it is open.
    [[nodiscard]] CreateUserDialog* createDialog() const;
    // The question before a delete while it is asked.
    [[nodiscard]] QMessageBox* deleteQuestion() const;
    // A write is in flight.
    [[nodiscard]] bool isBusy() const { return !m_write.isNull(); }

protected:
    void filterSubmitted(const QString& text) override;
    void selectionChanged(const QString& id) override;
    void applyReadOnly(bool readOnly) override;

private:
    UsersPage(client::Session& session, client::UsersModel* model, QWidget* parent);
    void buildActions();
    void fitColumns();
    [[nodiscard]] bool mayUpdate() const { return !isReadOnly() && m_canUpdate; }
    void updateEditors();
    void createUser();
    void showCreated(const client::UserRecord& user);
    void saveUser();
    void setBlocked(bool blocked);
    void askToDelete();
    void deleteUser(const QString& userId, const QString& name);
    void loadBlocks(const QString& userId);
    void removeBlocks();
    // Runs `call` as the page's one write: actions wait for it; `done` gets it when it worked.
    void track(client::ApiCall* call, const QString& whatFailed,
               const std::function<void(client::ApiCall*)>& done);

    client::UsersModel* m_model;
    client::UserService* m_service;
    UserDetailPanel* m_detail;
    QAction* m_new = nullptr;
    QAction* m_block = nullptr;
    QAction* m_unblock = nullptr;
    QAction* m_delete = nullptr;
    QPointer<CreateUserDialog> m_createDialog;
    QPointer<QMessageBox> m_deleteQuestion;
    QPointer<client::ApiCall> m_write;
    QPointer<client::ApiCall> m_blocksCall;
    QString m_selectAfterLoad;
    bool m_canCreate = false;
    bool m_canUpdate = false;
    bool m_canDelete = false;
};

} // namespace gatehouse::app
