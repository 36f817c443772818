#include "app/pages/tenants/NewTenantDialog.h"

#include "widgets/HintLabel.h"

#include "models/api/ApiCall.h"
#include "widgets/MessageBar.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QVBoxLayout>

namespace gatehouse::app {

using namespace Qt::StringLiterals;

namespace {

// A line of help under a field, in the platform's secondary text colour.

} // namespace

NewTenantDialog::NewTenantDialog(Submit submit, QWidget* parent)
    : QDialog(parent)
    , m_submit(std::move(submit))
    , m_id(new QLineEdit(this))
    , m_name(new QLineEdit(this))
    , m_domain(new QLineEdit(this))
    , m_algorithm(new QComboBox(this))
    , m_problem(new QLabel(this))
    , m_messages(new widgets::MessageBar(this))
    , m_busy(new QProgressBar(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Cancel, this)) {
    setObjectName(u"newTenantDialog"_s);
    buildLayout();
    connectSignals();
    validate();
}

void NewTenantDialog::buildLayout() {
    setWindowTitle(tr("New Tenant"));
    m_id->setObjectName(u"tenantId"_s);
    m_id->setPlaceholderText(tr("e.g. acme"));
    m_id->setMaxLength(63);
    // Typing an uppercase letter or a space is refused as it is typed; the rest is validate()'s.
    m_id->setValidator(new QRegularExpressionValidator(QRegularExpression(u"[a-z0-9-]*"_s), m_id));
    m_name->setObjectName(u"tenantName"_s);
    m_name->setPlaceholderText(tr("e.g. Acme Corporation"));
    m_name->setMaxLength(255);
    m_domain->setObjectName(u"tenantDomain"_s);
    m_domain->setPlaceholderText(tr("optional, e.g. login.acme.example"));
    m_domain->setMaxLength(253);
    m_algorithm->setObjectName(u"tenantAlgorithm"_s);
    m_algorithm->addItems(client::signingAlgorithms());
    m_algorithm->setCurrentText(u"ES256"_s);
    m_problem->setObjectName(u"problem"_s);
    m_problem->setStyleSheet(u"color:#b00020"_s);
    m_problem->setWordWrap(true);
    m_busy->setRange(0, 0);
    m_busy->setTextVisible(false);
    m_busy->setMaximumHeight(12);
    m_busy->hide();

    QLabel* idHint = widgets::hintLabel(
        tr("Part of every URL of the tenant (/t/<i>id</i>/); it cannot change later."), this);
    QLabel* algorithmHint = widgets::hintLabel(
        tr("ES256 and EdDSA keys are small and fast; RS256 is what most libraries expect."), this);

    auto* form = new QFormLayout;
    form->addRow(tr("Tenant &ID:"), m_id);
    form->addRow(QString(), idHint);
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("Custom &domain:"), m_domain);
    form->addRow(tr("&Signing algorithm:"), m_algorithm);
    form->addRow(QString(), algorithmHint);

    m_create = m_buttons->addButton(tr("Create Tenant"), QDialogButtonBox::AcceptRole);
    m_create->setObjectName(u"createButton"_s);
    m_create->setDefault(true);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_messages);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addWidget(m_busy);
    layout->addWidget(m_buttons);
    setMinimumWidth(480);
}

void NewTenantDialog::connectSignals() {
    connect(m_id, &QLineEdit::textChanged, this, &NewTenantDialog::validate);
    connect(m_name, &QLineEdit::textChanged, this, &NewTenantDialog::validate);
    connect(m_domain, &QLineEdit::textChanged, this, &NewTenantDialog::validate);
    connect(m_create, &QPushButton::clicked, this, &NewTenantDialog::send);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &NewTenantDialog::reject);
}

client::TenantRecord NewTenantDialog::tenant() const {
    client::TenantRecord tenant;
    tenant.id = m_id->text().trimmed();
    tenant.friendlyName = m_name->text().trimmed();
    tenant.domain = m_domain->text().trimmed().toLower();
    tenant.signingAlg = m_algorithm->currentText();
    return tenant;
}

// Says what is missing before anything is sent; an untouched empty id is not yet an error.
void NewTenantDialog::validate() {
    const client::TenantRecord wanted = tenant();
    QString problem;
    if (!wanted.id.isEmpty())
        problem = client::TenantRecord::idProblem(wanted.id);
    if (problem.isEmpty() && wanted.domain.contains(u' '))
        problem = tr("A domain has no spaces.");
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
    m_create->setEnabled(problem.isEmpty() && !wanted.id.isEmpty() && m_pending.isNull());
}

void NewTenantDialog::send() {
    if (!m_create->isEnabled())
        return;
    m_messages->hide();
    client::ApiCall* call = m_submit(tenant());
    m_pending = call;
    m_busy->show();
    for (QWidget* editor : std::initializer_list<QWidget*>{m_id, m_name, m_domain, m_algorithm})
        editor->setEnabled(false);
    validate();
    connect(call, &client::ApiCall::finished, this, [this, call] {
        m_pending.clear();
        m_busy->hide();
        for (QWidget* editor : std::initializer_list<QWidget*>{m_id, m_name, m_domain, m_algorithm})
            editor->setEnabled(true);
        validate();
        const client::ApiResult& result = call->result();
        if (result.ok()) {
            m_createdId = tenant().id;
            accept();
        } else if (!result.error->isCancelled()) {
            m_messages->showError(*result.error, tr("The tenant was not created"));
        }
    });
}

void NewTenantDialog::reject() {
    // Cancel while the call runs stops waiting for it; the server may still have created the
    // tenant, which the list shows on the next refresh.
    if (client::ApiCall* pending = m_pending)
        pending->cancel();
    QDialog::reject();
}

} // namespace gatehouse::app
