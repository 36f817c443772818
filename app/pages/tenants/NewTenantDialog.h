#pragma once

#include "models/tenants/TenantRecord.h"

#include <QDialog>
#include <QPointer>
#include <functional>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace gatehouse::client {
class ApiCall;
}
namespace gatehouse::widgets {
class MessageBar;
}

namespace gatehouse::app {

// "New Tenant": its id (the URL name), a friendly name, an optional custom domain and the
// signing algorithm. Create sends the tenant through `submit` and waits for the answer with the
// dialog open, so that a refusal (an id taken or reserved) can be corrected without typing
// everything again; Cancel during the call cancels it.
class NewTenantDialog final : public QDialog {
    Q_OBJECT

public:
    using Submit = std::function<client::ApiCall*(const client::TenantRecord&)>;

    NewTenantDialog(Submit submit, QWidget* parent = nullptr);

    [[nodiscard]] client::TenantRecord tenant() const;
    // The tenant the server created (after accept()).
    [[nodiscard]] QString createdId() const { return m_createdId; }

    [[nodiscard]] QLineEdit* idEdit() const { return m_id; }
    [[nodiscard]] QLineEdit* nameEdit() const { return m_name; }
    [[nodiscard]] QLineEdit* domainEdit() const { return m_domain; }
    [[nodiscard]] QComboBox* algorithmBox() const { return m_algorithm; }
    [[nodiscard]] QPushButton* createButton() const { return m_create; }

    void reject() override;

private:
    void buildLayout();
    void connectSignals();
    void validate();
    void send();

    Submit m_submit;
    QLineEdit* m_id;
    QLineEdit* m_name;
    QLineEdit* m_domain;
    QComboBox* m_algorithm;
    QLabel* m_problem;
    widgets::MessageBar* m_messages;
    QProgressBar* m_busy;
    QDialogButtonBox* m_buttons;
    QPushButton* m_create;
    QPointer<client::ApiCall> m_pending;
    QString m_createdId;
};

} // namespace gatehouse::app
