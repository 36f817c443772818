#include "app/pages/apis/ApiDetailPanel.h"

#include "widgets/HintLabel.h"

#include "app/pages/apis/MachineGrantsPanel.h"
#include "app/pages/apis/ScopesEditor.h"
#include "models/api/ApiCall.h"
#include "models/apis/ResourceServersModel.h"
#include "models/apis/ScopesModel.h"

#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace gatehouse::app {

using namespace Qt::StringLiterals;

ApiDetailPanel::ApiDetailPanel(client::Session& session, client::ResourceServersModel& servers,
                               QWidget* parent)
    : QWidget(parent)
    , m_servers(servers)
    , m_scopes(new client::ScopesModel(this))
    , m_heading(new QLabel(this))
    , m_tabs(new QTabWidget(this))
    , m_name(new QLineEdit(this))
    , m_identifier(new QLabel(this))
    , m_lifetime(new QSpinBox(this))
    , m_lifetimeText(new QLabel(this))
    , m_signing(new QLabel(this))
    , m_systemNote(new QLabel(this))
    , m_scopesEditor(new ScopesEditor(*m_scopes, this))
    , m_grants(new MachineGrantsPanel(session, this))
    , m_saveRow(new QWidget(this))
    , m_problem(new QLabel(this))
    , m_busy(new QProgressBar(this))
    , m_cancel(new QToolButton(this))
    , m_revert(new QPushButton(tr("Re&vert"), this))
    , m_save(new QPushButton(tr("&Save"), this)) {
    setObjectName(u"apiDetailPanel"_s);
    buildLayout();
    connectSignals();
    showApi({}, std::nullopt);
}

void ApiDetailPanel::buildLayout() {
    m_heading->setTextFormat(Qt::RichText);
    m_heading->setWordWrap(true);
    m_save->setObjectName(u"saveButton"_s);
    m_save->setDefault(true);
    m_revert->setObjectName(u"revertButton"_s);
    m_problem->setStyleSheet(u"color:#b00020"_s);
    m_problem->setWordWrap(true);
    m_problem->hide();
    m_busy->setRange(0, 0);
    m_busy->setTextVisible(false);
    m_busy->setMaximumSize(120, 14);
    m_busy->hide();
    m_cancel->setText(tr("Cancel"));
    m_cancel->hide();

    auto* scopesTab = new QWidget(this);
    auto* scopesLayout = new QVBoxLayout(scopesTab);
    scopesLayout->addWidget(widgets::hintLabel(
        tr("The permissions this API defines. Removing one takes it out of every "
           "application's grant when saved."),
        scopesTab));
    scopesLayout->addWidget(m_scopesEditor, 1);
    m_tabs->addTab(buildSettings(), tr("Settings"));
    m_tabs->addTab(scopesTab, tr("Scopes"));
    m_tabs->addTab(m_grants, tr("Machine to Machine Applications"));

    auto* saveLayout = new QHBoxLayout(m_saveRow);
    saveLayout->setContentsMargins(0, 0, 0, 0);
    saveLayout->addWidget(m_busy);
    saveLayout->addWidget(m_cancel);
    saveLayout->addStretch(1);
    saveLayout->addWidget(m_revert);
    saveLayout->addWidget(m_save);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 0, 0, 0);
    layout->addWidget(m_heading);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(m_problem);
    layout->addWidget(m_saveRow);
}

void ApiDetailPanel::connectSignals() {
    connect(m_name, &QLineEdit::textEdited, this, &ApiDetailPanel::stateChanged);
    connect(m_lifetime, &QSpinBox::valueChanged, this, [this](int seconds) {
        m_lifetimeText->setText(client::ResourceServersModel::durationText(seconds));
        Q_EMIT stateChanged();
    });
    connect(m_scopes, &client::ScopesModel::edited, this, &ApiDetailPanel::stateChanged);
    connect(m_scopesEditor, &ScopesEditor::stateChanged, this, &ApiDetailPanel::stateChanged);
    connect(m_grants, &MachineGrantsPanel::stateChanged, this, &ApiDetailPanel::stateChanged);
    connect(m_grants, &MachineGrantsPanel::failed, this, &ApiDetailPanel::failed);
    // Grants are written at once: Save and Revert are for the other two tabs.
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int tab) {
        m_saveRow->setVisible(tab != GrantsTab);
        m_problem->setVisible(tab != GrantsTab && !m_problem->text().isEmpty());
    });
    connect(m_save, &QPushButton::clicked, this, &ApiDetailPanel::save);
    connect(m_revert, &QPushButton::clicked, this, &ApiDetailPanel::revert);
    connect(m_cancel, &QToolButton::clicked, this, [this] {
        if (client::ApiCall* pending = m_pending)
            pending->cancel();
    });
}

QWidget* ApiDetailPanel::buildSettings() {
    auto* tab = new QWidget(this);
    m_name->setObjectName(u"apiName"_s);
    m_name->setMaxLength(200);
    m_identifier->setObjectName(u"apiIdentifier"_s);
    m_identifier->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_identifier->setWordWrap(true);
    m_lifetime->setObjectName(u"tokenLifetime"_s);
    m_lifetime->setRange(1, client::ResourceServerRecord::kMaxTokenLifetime);
    m_lifetime->setSuffix(tr(" seconds"));
    m_lifetime->setAccelerated(true);
    m_signing->setObjectName(u"signingAlgorithm"_s);
    m_systemNote->setWordWrap(true);
    m_systemNote->setText(tr("This is the tenant's Management API: only its token lifetime can "
                             "change."));
    auto* lifetimeRow = new QHBoxLayout;
    lifetimeRow->addWidget(m_lifetime);
    lifetimeRow->addWidget(m_lifetimeText, 1);
    auto* form = new QFormLayout(tab);
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("Identifier:"), m_identifier);
    form->addRow(QString(),
                 widgets::hintLabel(tr("The audience of its tokens; it cannot change."), tab));
    form->addRow(tr("Token &lifetime:"), lifetimeRow);
    form->addRow(tr("Signing algorithm:"), m_signing);
    form->addRow(QString(),
                 widgets::hintLabel(tr("The tenant's algorithm signs every token; change it on the "
                                       "Tenants page."),
                                    tab));
    form->addRow(QString(), m_systemNote);
    if (auto* label = qobject_cast<QLabel*>(form->labelForField(lifetimeRow)))
        label->setBuddy(m_lifetime);
    return tab;
}

void ApiDetailPanel::showApi(const QString& tenant,
                             const std::optional<client::ResourceServerRecord>& server) {
    if (client::ApiCall* pending = m_pending)
        pending->cancel();
    m_tenant = tenant;
    m_api = server;
    m_tabs->setEnabled(server.has_value());
    fill(server.value_or(client::ResourceServerRecord{}));
    m_heading->setText(
        server ? tr("<b>%1</b><br><span style='color:gray'>%2</span>")
                     .arg(server->name.toHtmlEscaped(), server->identifier.toHtmlEscaped())
               : tr("<i>Select an API to see its settings, scopes and "
                    "applications.</i>"));
    m_grants->showApi(tenant, server ? server->identifier : QString(),
                      server ? server->scopeValues() : QStringList());
    Q_EMIT stateChanged();
}

void ApiDetailPanel::fill(const client::ResourceServerRecord& server) {
    m_name->setText(server.name);
    m_identifier->setText(server.identifier);
    m_lifetime->setValue(server.tokenLifetime);
    m_signing->setText(server.signingAlg);
    m_systemNote->setVisible(server.isSystem);
    m_scopes->setScopes(server.scopes);
    m_scopesEditor->clearInput();
}

client::ResourceServerRecord ApiDetailPanel::editedApi() const {
    client::ResourceServerRecord server = m_api.value_or(client::ResourceServerRecord{});
    server.name = m_name->text().trimmed();
    server.tokenLifetime = m_lifetime->value();
    server.scopes = m_scopes->scopes();
    return server;
}

bool ApiDetailPanel::isModified() const {
    return m_api && !editedApi().changesSince(*m_api).isEmpty();
}

bool ApiDetailPanel::hasUnsavedChanges() const {
    return m_api && (isModified() || m_scopesEditor->hasInput() || m_grants->isEdited());
}

QString ApiDetailPanel::problem() const {
    if (m_api && m_name->text().trimmed().isEmpty())
        return tr("The API needs a name.");
    return {};
}

void ApiDetailPanel::save() {
    if (m_readOnly || !m_api || !isModified() || !problem().isEmpty() || isBusy())
        return;
    client::ApiCall* call = m_servers.update(*m_api, editedApi());
    m_pending = call;
    m_busy->show();
    m_cancel->show();
    connect(call, &client::ApiCall::finished, this, [this, call] {
        m_pending.clear();
        m_busy->hide();
        m_cancel->hide();
        const client::ApiResult& result = call->result();
        if (result.ok()) {
            const client::ResourceServerRecord saved =
                client::ResourceServersModel::recordOf(*call);
            showApi(m_tenant, saved);
            Q_EMIT this->saved(saved);
        } else if (!result.error->isCancelled()) {
            Q_EMIT failed(*result.error, tr("The API was not saved"));
        }
        Q_EMIT stateChanged();
    });
    Q_EMIT stateChanged();
}

void ApiDetailPanel::setReadOnly(bool readOnly) {
    m_readOnly = readOnly;
    m_grants->setReadOnly(readOnly);
}

void ApiDetailPanel::revert() {
    if (m_api)
        fill(*m_api);
    Q_EMIT stateChanged();
}

void ApiDetailPanel::refreshActionState(bool canUpdate, bool canCreateGrant, bool canUpdateGrant,
                                        bool canDeleteGrant) {
    const bool editable = m_api.has_value() && canUpdate && !isBusy();
    const bool system = m_api && m_api->isSystem;
    m_name->setReadOnly(!editable || system);
    m_lifetime->setReadOnly(!editable);
    m_scopesEditor->refreshActionState(editable && !system);
    const QString text = problem();
    m_problem->setText(text);
    m_problem->setVisible(!text.isEmpty() && m_tabs->currentIndex() != GrantsTab);
    m_save->setEnabled(editable && isModified() && text.isEmpty());
    m_revert->setEnabled(editable && isModified());

    const bool granted = m_grants->isGranted();
    const bool selected = !m_grants->selectedClientId().isEmpty() && !m_grants->isBusy();
    m_grants->setEditable(selected && (granted ? canUpdateGrant : canCreateGrant));
    m_grants->saveButton()->setEnabled(selected && m_grants->isModified() &&
                                       (granted ? canUpdateGrant : canCreateGrant));
    m_grants->revokeButton()->setEnabled(selected && granted && canDeleteGrant);
}

} // namespace gatehouse::app
