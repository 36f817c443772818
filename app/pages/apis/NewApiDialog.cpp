#include "app/pages/apis/NewApiDialog.h"

#include "widgets/HintLabel.h"

#include "app/pages/apis/ScopesEditor.h"
#include "models/api/ApiCall.h"
#include "models/apis/ResourceServersModel.h"
#include "models/apis/ScopesModel.h"
#include "widgets/MessageBar.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace gatehouse::app {

using namespace Qt::StringLiterals;

NewApiDialog::NewApiDialog(const QString& tenantSigningAlg, Submit submit, QWidget* parent)
    : QDialog(parent)
    , m_submit(std::move(submit))
    , m_scopes(new client::ScopesModel(this))
    , m_name(new QLineEdit(this))
    , m_identifier(new QLineEdit(this))
    , m_lifetime(new QSpinBox(this))
    , m_scopesEditor(new ScopesEditor(*m_scopes, this))
    , m_problem(new QLabel(this))
    , m_messages(new widgets::MessageBar(this))
    , m_busy(new QProgressBar(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Cancel, this)) {
    setObjectName(u"newApiDialog"_s);
    buildLayout(tenantSigningAlg);
    connectSignals();
    refreshActionState();
}

void NewApiDialog::buildLayout(const QString& tenantSigningAlg) {
    setWindowTitle(tr("New API"));
    m_name->setObjectName(u"apiName"_s);
    m_name->setPlaceholderText(tr("e.g. Invoices API"));
    m_name->setMaxLength(200);
    m_identifier->setObjectName(u"apiIdentifier"_s);
    m_identifier->setPlaceholderText(u"https://api.example.com/invoices"_s);
    m_identifier->setMaxLength(600);
    m_lifetime->setObjectName(u"tokenLifetime"_s);
    m_lifetime->setRange(1, client::ResourceServerRecord::kMaxTokenLifetime);
    m_lifetime->setValue(client::ResourceServerRecord::kDefaultTokenLifetime);
    m_lifetime->setSuffix(tr(" seconds"));
    m_lifetime->setAccelerated(true);
    auto* signing = new QLabel(
        tenantSigningAlg.isEmpty() ? tr("the tenant's algorithm") : tenantSigningAlg, this);
    signing->setObjectName(u"signingAlgorithm"_s);
    m_problem->setStyleSheet(u"color:#b00020"_s);
    m_problem->setWordWrap(true);
    m_problem->hide();
    m_busy->setRange(0, 0);
    m_busy->setTextVisible(false);
    m_busy->setMaximumHeight(12);
    m_busy->hide();

    auto* form = new QFormLayout;
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Identifier:"), m_identifier);
    form->addRow(QString(),
                 widgets::hintLabel(tr("The audience applications ask tokens for; usually a URL. "
                                       "It cannot change later."),
                                    this));
    auto* lifetimeText = new QLabel(this);
    auto* lifetimeRow = new QHBoxLayout;
    lifetimeRow->addWidget(m_lifetime);
    lifetimeRow->addWidget(lifetimeText, 1);
    auto* lifetimeLabel = new QLabel(tr("Token &lifetime:"), this);
    lifetimeLabel->setBuddy(m_lifetime);
    form->addRow(lifetimeLabel, lifetimeRow);
    const auto showDuration = [lifetimeText](int seconds) {
        lifetimeText->setText(client::ResourceServersModel::durationText(seconds));
    };
    showDuration(m_lifetime->value());
    connect(m_lifetime, &QSpinBox::valueChanged, lifetimeText, showDuration);
    form->addRow(tr("Signing algorithm:"), signing);
    form->addRow(QString(),
                 widgets::hintLabel(tr("Every token of the tenant is signed with its algorithm; "
                                       "change it in the tenant's settings."),
                                    this));
    auto* scopes = new QGroupBox(tr("Scopes"), this);
    auto* scopesLayout = new QVBoxLayout(scopes);
    scopesLayout->addWidget(m_scopesEditor);

    m_create = m_buttons->addButton(tr("Create API"), QDialogButtonBox::AcceptRole);
    m_create->setObjectName(u"createButton"_s);
    m_create->setAutoDefault(false);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_messages);
    layout->addLayout(form);
    layout->addWidget(scopes, 1);
    layout->addWidget(m_problem);
    layout->addWidget(m_busy);
    layout->addWidget(m_buttons);
    resize(620, 560);
}

void NewApiDialog::connectSignals() {
    connect(m_name, &QLineEdit::textChanged, this, &NewApiDialog::refreshActionState);
    connect(m_identifier, &QLineEdit::textChanged, this, &NewApiDialog::refreshActionState);
    connect(m_scopesEditor, &ScopesEditor::stateChanged, this, &NewApiDialog::refreshActionState);
    connect(m_scopes, &client::ScopesModel::edited, this, &NewApiDialog::refreshActionState);
    connect(m_create, &QPushButton::clicked, this, &NewApiDialog::send);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &NewApiDialog::reject);
}

client::ResourceServerRecord NewApiDialog::server() const {
    client::ResourceServerRecord server;
    server.name = m_name->text().trimmed();
    server.identifier = m_identifier->text().trimmed();
    server.tokenLifetime = m_lifetime->value();
    server.scopes = m_scopes->scopes();
    return server;
}

void NewApiDialog::refreshActionState() {
    const client::ResourceServerRecord wanted = server();
    QString problem;
    if (wanted.identifier.contains(u' '))
        problem = tr("The identifier has no spaces.");
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
    const bool editing = m_pending.isNull();
    m_scopesEditor->refreshActionState(editing);
    m_create->setEnabled(editing && problem.isEmpty() && !wanted.name.isEmpty() &&
                         !wanted.identifier.isEmpty());
}

void NewApiDialog::setEditing(bool editing) {
    m_name->setEnabled(editing);
    m_identifier->setEnabled(editing);
    m_lifetime->setEnabled(editing);
    m_busy->setVisible(!editing);
    refreshActionState();
}

void NewApiDialog::send() {
    if (!m_create->isEnabled())
        return;
    m_messages->hide();
    client::ApiCall* call = m_submit(server());
    m_pending = call;
    setEditing(false);
    connect(call, &client::ApiCall::finished, this, [this, call] {
        m_pending.clear();
        setEditing(true);
        const client::ApiResult& result = call->result();
        if (result.ok()) {
            m_createdId = client::ResourceServersModel::recordOf(*call).id;
            accept();
        } else if (!result.error->isCancelled()) {
            m_messages->showError(*result.error, tr("The API was not created"));
        }
    });
}

void NewApiDialog::reject() {
    if (client::ApiCall* pending = m_pending)
        pending->cancel();
    QDialog::reject();
}

} // namespace gatehouse::app
