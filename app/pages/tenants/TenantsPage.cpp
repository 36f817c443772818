#include "app/pages/tenants/TenantsPage.h"

#include "app/pages/tenants/NewTenantDialog.h"
#include "app/pages/tenants/RotateKeysDialog.h"
#include "app/pages/tenants/TenantSettingsPanel.h"
#include "models/api/ApiCall.h"
#include "models/session/Session.h"
#include "widgets/Icons.h"
#include "widgets/MessageBar.h"
#include "widgets/TypedConfirmationDialog.h"

#include <QAction>
#include <QPushButton>
#include <QToolBar>
#include <QToolButton>

namespace gatehouse::app {

using namespace Qt::StringLiterals;
using Action = client::Permissions::Action;

namespace {

const QString kSystemTenant = u"system"_s;

// The context of another tenant than the current one: the same rules (read-only mode, the
// permission snapshot), asked about `tenant`.
ActionContext in(const ActionContext& context, const QString& tenant) {
    ActionContext other = context;
    other.tenant = tenant;
    return other;
}

} // namespace

TenantsPage::TenantsPage(client::Session& session, QWidget* parent)
    : TenantsPage(session, new client::TenantsModel(session), parent) {}

TenantsPage::TenantsPage(client::Session& session, client::TenantsModel* model, QWidget* parent)
    : ListPage(session, model, parent)
    , m_model(model)
    , m_panel(new TenantSettingsPanel(session, this)) {
    setObjectName(u"tenantsPage"_s);
    m_create = toolBar()->addAction(widgets::icon(u"add"_s), tr("&New Tenant…"));
    m_create->setObjectName(u"newTenant"_s);
    m_create->setShortcut(QKeySequence::New);
    m_create->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_delete = toolBar()->addAction(widgets::icon(u"remove"_s), tr("&Delete Tenant…"));
    m_delete->setObjectName(u"deleteTenant"_s);
    m_delete->setShortcut(QKeySequence::Delete);
    m_delete->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    toolBar()->addSeparator();
    m_rotate = toolBar()->addAction(widgets::icon(u"key"_s), tr("&Rotate Signing Keys…"));
    m_rotate->setObjectName(u"rotateKeys"_s);
    for (QAction* action : {m_create, m_delete, m_rotate})
        addAction(action); // shortcuts work while the page has focus
    setDetail(m_panel);

    connect(m_create, &QAction::triggered, this, &TenantsPage::createTenant);
    connect(m_delete, &QAction::triggered, this, &TenantsPage::deleteTenant);
    connect(m_rotate, &QAction::triggered, this, &TenantsPage::rotateKeys);
    connect(m_panel->rotateButton(), &QPushButton::clicked, this, &TenantsPage::rotateKeys);
    connect(m_panel, &TenantSettingsPanel::stateChanged, this, &Page::actionStateChanged);
    connect(m_panel, &TenantSettingsPanel::failed, this,
            [this](const client::ApiError& error, const QString& what) {
                messageBar()->showError(error, what);
            });
    connect(m_panel, &TenantSettingsPanel::saved, this,
            [this](const QString& tenant, const client::TenantSettings& settings) {
                m_model->noteSettings(tenant, settings);
                messageBar()->showMessage(widgets::MessageBar::Kind::Information,
                                          tr("The settings of %1 were saved.").arg(tenant));
            });
    connect(m_panel, &TenantSettingsPanel::keysRotated, this,
            [this](const QString& tenant, const QString& kid) {
                messageBar()->showMessage(widgets::MessageBar::Kind::Information,
                                          tr("The signing keys of %1 were rotated.").arg(tenant),
                                          tr("Key %1 signs tokens from now on.").arg(kid));
            });
}

void TenantsPage::selectionChanged(const QString& id) {
    if (id == m_panel->tenant())
        return;
    // Edits unsaved in the panel go only if the person says so.
    if (!id.isEmpty() && hasUnsavedChanges() && !confirmDiscard(m_panel->tenant()))
        return;
    m_panel->showTenant(id);
}

bool TenantsPage::hasUnsavedChanges() const {
    return m_panel->isModified();
}

QString TenantsPage::unsavedItem() const {
    return tr("the settings of %1").arg(m_panel->tenant());
}

void TenantsPage::applyReadOnly(bool readOnly) {
    m_panel->setReadOnly(readOnly);
    if (readOnly)
        m_panel->setEditable(false);
}

void TenantsPage::refreshActionState(const ActionContext& context) {
    // Tenants are the system tenant's resource, whatever tenant is current.
    const ActionContext system = in(context, kSystemTenant);
    setEnabled(system.allows(u"tenants"_s, Action::Read));
    const QString selected = selectedId();
    const ActionContext tenant = in(context, selected);
    m_create->setEnabled(system.allows(u"tenants"_s, Action::Create));
    m_delete->setEnabled(!selected.isEmpty() && selected != kSystemTenant &&
                         system.allows(u"tenants"_s, Action::Delete));
    m_delete->setToolTip(selected == kSystemTenant
                             ? tr("The system tenant holds the administrators; it cannot be "
                                  "deleted.")
                             : tr("Delete the selected tenant and everything it has"));

    const bool ready = !selected.isEmpty() && m_panel->isReady();
    const bool canEdit = ready && tenant.allows(u"tenant_settings"_s, Action::Update);
    const bool canRotate = ready && tenant.allows(u"signing_keys"_s, Action::Create);
    m_panel->setEditable(canEdit);
    m_panel->saveButton()->setEnabled(canEdit && m_panel->isModified() &&
                                      m_panel->problem().isEmpty());
    m_panel->revertButton()->setEnabled(canEdit && m_panel->isModified());
    m_panel->rotateButton()->setEnabled(canRotate);
    m_rotate->setEnabled(canRotate);
}

void TenantsPage::createTenant() {
    if (isReadOnly())
        return;
    NewTenantDialog dialog(
        [this](const client::TenantRecord& tenant) { return m_model->create(tenant); }, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    selectId(dialog.createdId());
    messageBar()->showMessage(widgets::MessageBar::Kind::Information,
                              tr("Tenant %1 was created.").arg(dialog.createdId()),
                              tr("It has its signing keys, its Management API and a database "
                                 "connection; add applications and users to it."));
    // The tenant switcher lists it from now on.
    session().reloadProfile();
}

void TenantsPage::deleteTenant() {
    const QString id = selectedId();
    if (isReadOnly() || id.isEmpty() || id == kSystemTenant)
        return;
    const bool confirmed = widgets::TypedConfirmationDialog::confirm(
        this, tr("Delete Tenant"),
        tr("Deleting <b>%1</b> deletes everything it has: its users, applications, APIs, "
           "connections and keys. Every token it issued stops working. This cannot be undone.")
            .arg(id.toHtmlEscaped()),
        id, tr("Delete Tenant"));
    if (!confirmed)
        return;
    client::ApiCall* call = m_model->remove(id);
    // A tenant with many users takes a while to delete: say so, and let it be abandoned.
    messageBar()->showMessage(widgets::MessageBar::Kind::Information, tr("Deleting %1…").arg(id));
    connect(messageBar()->addAction(tr("Cancel")), &QToolButton::clicked, call,
            &client::ApiCall::cancel);
    connect(call, &client::ApiCall::finished, this, [this, call, id] {
        if (call->result().error && call->result().error->isCancelled()) {
            messageBar()->showMessage(widgets::MessageBar::Kind::Warning,
                                      tr("Stopped waiting for the deletion of %1.").arg(id),
                                      tr("The server may still delete it; refresh to see."));
            return;
        }
        if (!call->result().ok()) {
            messageBar()->showError(*call->result().error, tr("%1 was not deleted").arg(id));
            return;
        }
        messageBar()->showMessage(widgets::MessageBar::Kind::Information,
                                  tr("Tenant %1 was deleted.").arg(id));
        session().reloadProfile();
    });
}

void TenantsPage::rotateKeys() {
    const QString tenant = m_panel->tenant();
    if (isReadOnly() || tenant.isEmpty())
        return;
    RotateKeysDialog dialog(tenant, *m_panel->sortedKeys(), this);
    if (dialog.exec() == QDialog::Accepted)
        m_panel->rotateKeys();
}

} // namespace gatehouse::app
