#include "app/pages/connections/NewConnectionDialog.h"

#include "app/pages/connections/DatabaseOptionsForm.h"
#include "app/pages/connections/OidcOptionsForm.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace gatehouse::app {

using namespace Qt::StringLiterals;

NewConnectionDialog::NewConnectionDialog(const QString& strategy, QWidget* parent)
    : QDialog(parent)
    , m_strategy(strategy)
    , m_name(new QLineEdit(this))
    , m_problem(new QLabel(this))
    , m_busy(new QProgressBar(this)) {
    const bool oidc = strategy == QLatin1String(client::ConnectionRecord::kOidc);
    setObjectName(u"newConnectionDialog"_s);
    setWindowTitle(oidc ? tr("New OpenID Connect Connection") : tr("New Database Connection"));
    m_name->setObjectName(u"name"_s);
    m_name->setMaxLength(128);
    m_name->setPlaceholderText(oidc ? tr("corporate-sso") : tr("customers"));
    auto* nameLabel = new QLabel(tr("&Name:"), this);
    nameLabel->setBuddy(m_name);
    auto* nameForm = new QFormLayout;
    nameForm->addRow(nameLabel, m_name);
    auto* nameNote = new QLabel(tr("The name cannot be changed later."), this);
    nameNote->setForegroundRole(QPalette::PlaceholderText);
    nameForm->addRow(QString(), nameNote);

    auto* options =
        new QGroupBox(oidc ? tr("Upstream provider") : tr("Sign-up and passwords"), this);
    auto* optionsLayout = new QVBoxLayout(options);
    if (oidc) {
        m_oidc = new OidcOptionsForm(options);
        optionsLayout->addWidget(m_oidc);
        connect(m_oidc, &OidcOptionsForm::changed, this, &NewConnectionDialog::validate);
    } else {
        m_database = new DatabaseOptionsForm(options);
        m_database->setEditable(true);
        optionsLayout->addWidget(m_database);
    }
    m_problem->setObjectName(u"problem"_s);
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(u"color:#b00020"_s);
    m_problem->hide();
    m_busy->setRange(0, 0);
    m_busy->setMaximumHeight(12);
    m_busy->setTextVisible(false);
    m_busy->hide();
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_create = buttons->addButton(tr("Create"), QDialogButtonBox::AcceptRole);
    m_create->setObjectName(u"create"_s);
    m_create->setDefault(true);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(nameForm);
    layout->addWidget(options);
    layout->addWidget(m_problem);
    layout->addWidget(m_busy);
    layout->addWidget(buttons);
    setMinimumWidth(540);

    connect(m_name, &QLineEdit::textChanged, this, &NewConnectionDialog::validate);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_create, &QPushButton::clicked, this, [this] {
        if (m_create->isEnabled())
            Q_EMIT createRequested();
    });
    validate();
}

client::ConnectionRecord NewConnectionDialog::connection() const {
    client::ConnectionRecord connection;
    connection.name = m_name->text().trimmed();
    connection.strategy = m_strategy;
    if (m_oidc != nullptr)
        connection.oidc = m_oidc->options();
    if (m_database != nullptr)
        connection.database = m_database->options();
    return connection;
}

void NewConnectionDialog::setBusy(bool busy) {
    m_isBusy = busy;
    m_busy->setVisible(busy);
    m_name->setReadOnly(busy);
    if (busy)
        m_problem->hide();
    validate();
}

void NewConnectionDialog::showError(const QString& message) {
    m_problem->setText(message);
    m_problem->show();
}

void NewConnectionDialog::validate() {
    const bool nameOk = client::ConnectionRecord::checkName(m_name->text()).isEmpty();
    const bool optionsOk = m_oidc == nullptr || m_oidc->problem().isEmpty();
    m_create->setEnabled(nameOk && optionsOk && !m_isBusy);
    m_create->setToolTip(!nameOk      ? client::ConnectionRecord::checkName(m_name->text())
                         : !optionsOk ? m_oidc->problem()
                                      : QString());
}

} // namespace gatehouse::app
