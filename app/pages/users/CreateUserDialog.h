#pragma once

#include "models/users/UserRecord.h"

#include <QDialog>
#include <QPointer>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace gatehouse::client {
class ApiCall;
class UserService;
} // namespace gatehouse::client
namespace gatehouse::widgets {
class MessageBar;
}

namespace gatehouse::app {

// New user in a database connection: connection, e-mail address, password (twice) and, where the
// connection requires one, a username. Checked before sending; the server's refusal (its
// password policy, a duplicate address) is shown in the dialog, which stays open to fix it.
class CreateUserDialog final : public QDialog {
    Q_OBJECT

public:
    CreateUserDialog(client::UserService& service, QWidget* parent = nullptr);

    [[nodiscard]] QComboBox* connectionBox() const { return m_connection; }
    [[nodiscard]] QLineEdit* emailEdit() const { return m_email; }
    [[nodiscard]] QLineEdit* usernameEdit() const { return m_username; }
    [[nodiscard]] QLineEdit* passwordEdit() const { return m_password; }
    [[nodiscard]] QLineEdit* confirmEdit() const { return m_confirm; }
    [[nodiscard]] QPushButton* createButton() const { return m_create; }
    [[nodiscard]] widgets::MessageBar* messageBar() const { return m_messages; }
    // True once the database connections are listed (or failed to be).
    [[nodiscard]] bool isReady() const { return m_ready; }
    // A call in flight: the connections being listed, or the user being created.
    [[nodiscard]] bool isBusy() const { return !m_pending.isNull(); }

    void reject() override;

Q_SIGNALS:
    void created(const gatehouse::client::UserRecord& user);

private:
    void loadConnections();
    void showConnections(client::ApiCall* call);
    void updateState();
    [[nodiscard]] QString problem() const;
    [[nodiscard]] bool requiresUsername() const;
    void submit();
    void finish(client::ApiCall* call);

    client::UserService& m_service;
    QList<client::DatabaseConnection> m_connections;
    QComboBox* m_connection;
    QLineEdit* m_email;
    QLabel* m_usernameLabel;
    QLineEdit* m_username;
    QLineEdit* m_password;
    QLineEdit* m_confirm;
    QLabel* m_problem;
    widgets::MessageBar* m_messages;
    QDialogButtonBox* m_buttons;
    QPushButton* m_create;
    QPointer<client::ApiCall> m_pending;
    bool m_ready = false;
};

} // namespace gatehouse::app
