#pragma once

#include "models/apis/ResourceServerRecord.h"

#include <QDialog>
#include <QPointer>
#include <functional>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace gatehouse::client {
class ApiCall;
class ScopesModel;
} // namespace gatehouse::client
namespace gatehouse::widgets {
class MessageBar;
}

namespace gatehouse::app {

class ScopesEditor;

// "New API": name, identifier (the audience, fixed for good), access token lifetime and the
// scopes it defines; the signing algorithm is the tenant's and only shown. Create sends it
// through `submit` with the dialog open, so that a refusal (an identifier taken) can be
// corrected; Cancel during the call cancels it.
class NewApiDialog final : public QDialog {
    Q_OBJECT

public:
    using Submit = std::function<client::ApiCall*(const client::ResourceServerRecord&)>;

    NewApiDialog(const QString& tenantSigningAlg, Submit submit, QWidget* parent = nullptr);

    [[nodiscard]] client::ResourceServerRecord server() const;
    [[nodiscard]] QString createdId() const { return m_createdId; }

    [[nodiscard]] QLineEdit* nameEdit() const { return m_name; }
    [[nodiscard]] QLineEdit* identifierEdit() const { return m_identifier; }
    [[nodiscard]] QSpinBox* lifetimeBox() const { return m_lifetime; }
    [[nodiscard]] ScopesEditor* scopesEditor() const { return m_scopesEditor; }
    [[nodiscard]] QPushButton* createButton() const { return m_create; }

    void reject() override;

private:
    void buildLayout(const QString& tenantSigningAlg);
    void connectSignals();
    void refreshActionState();
    void send();
    void setEditing(bool editing);

    Submit m_submit;
    client::ScopesModel* m_scopes;
    QLineEdit* m_name;
    QLineEdit* m_identifier;
    QSpinBox* m_lifetime;
    ScopesEditor* m_scopesEditor;
    QLabel* m_problem;
    widgets::MessageBar* m_messages;
    QProgressBar* m_busy;
    QDialogButtonBox* m_buttons;
    QPushButton* m_create;
    QPointer<client::ApiCall> m_pending;
    QString m_createdId;
};

} // namespace gatehouse::app
