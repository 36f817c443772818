#pragma once

#include "models/connections/ConnectionRecord.h"

#include <QDialog>

class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace gatehouse::app {

class DatabaseOptionsForm;
class OidcOptionsForm;

// "New Database Connection" or "New OpenID Connect Connection": the name (it cannot change
// later) and the kind's options. Create stays disabled until the form is valid; the page sends
// the request while the dialog waits and closes it on success or shows the server's error.
class NewConnectionDialog final : public QDialog {
    Q_OBJECT

public:
    // `strategy`: ConnectionRecord::kDatabase or kOidc.
    explicit NewConnectionDialog(const QString& strategy, QWidget* parent = nullptr);

    [[nodiscard]] client::ConnectionRecord connection() const;
    void setBusy(bool busy);
    void showError(const QString& message);

    [[nodiscard]] QLineEdit* nameEdit() const { return m_name; }
    [[nodiscard]] DatabaseOptionsForm* databaseForm() const { return m_database; }
    [[nodiscard]] OidcOptionsForm* oidcForm() const { return m_oidc; }
    [[nodiscard]] QPushButton* createButton() const { return m_create; }

Q_SIGNALS:
    void createRequested();

private:
    void validate();

    QString m_strategy;
    QLineEdit* m_name;
    DatabaseOptionsForm* m_database = nullptr;
    OidcOptionsForm* m_oidc = nullptr;
    QLabel* m_problem;
    QProgressBar* m_busy;
    QPushButton* m_create;
    bool m_isBusy = false;
};

} // namespace gatehouse::app
