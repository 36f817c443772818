#include "app/pages/apis/ApisPage.h"

#include "app/pages/apis/ApiDetailPanel.h"
#include "app/pages/apis/MachineGrantsPanel.h"
#include "app/pages/apis/NewApiDialog.h"
#include "models/api/ApiCall.h"
#include "models/session/Session.h"
#include "widgets/Icons.h"
#include "widgets/MessageBar.h"

#include <QAction>
#include <QMessageBox>
#include <QPushButton>
#include <QToolBar>

namespace gatehouse::app {

using namespace Qt::StringLiterals;
using Action = client::Permissions::Action;

ApisPage::ApisPage(client::Session& session, QWidget* parent)
    : ApisPage(session, new client::ResourceServersModel(session), parent) {}

ApisPage::ApisPage(client::Session& session, client::ResourceServersModel* model, QWidget* parent)
    : ListPage(session, model, parent)
    , m_model(model)
    , m_panel(new ApiDetailPanel(session, *model, this)) {
    setObjectName(u"apisPage"_s);
    m_create = toolBar()->addAction(widgets::icon(u"add"_s), tr("&New API…"));
    m_create->setObjectName(u"newApi"_s);
    m_create->setShortcut(QKeySequence::New);
    m_create->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_delete = toolBar()->addAction(widgets::icon(u"remove"_s), tr("&Delete API…"));
    m_delete->setObjectName(u"deleteApi"_s);
    m_delete->setShortcut(QKeySequence::Delete);
    m_delete->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(m_create);
    addAction(m_delete);
    setDetail(m_panel);

    connect(m_create, &QAction::triggered, this, &ApisPage::createApi);
    connect(m_delete, &QAction::triggered, this, &ApisPage::deleteApi);
    connect(m_panel, &ApiDetailPanel::stateChanged, this, &Page::actionStateChanged);
    connect(m_panel, &ApiDetailPanel::failed, this,
            [this](const client::ApiError& error, const QString& what) {
                messageBar()->showError(error, what);
            });
    connect(m_panel, &ApiDetailPanel::saved, this, [this](const client::ResourceServerRecord& api) {
        messageBar()->showMessage(widgets::MessageBar::Kind::Information,
                                  tr("%1 was saved.").arg(api.name));
    });
    connect(m_panel->grantsPanel(), &MachineGrantsPanel::changed, this,
            [this](const QString& text) {
                messageBar()->showMessage(widgets::MessageBar::Kind::Information, text);
            });
}

void ApisPage::selectionChanged(const QString& id) {
    const std::optional<client::ResourceServerRecord> api = m_model->record(id);
    // A copy: the panel may show another API (or none) while the question waits.
    const std::optional<client::ResourceServerRecord> shown = m_panel->api();
    if (!api && !shown)
        return;
    if (api && shown && api->id == shown->id)
        return;
    // Edits unsaved in the panel go only if the person says so.
    if (api && shown && hasUnsavedChanges() && !confirmDiscard(shown->id))
        return;
    m_panel->showApi(m_model->tenant(), api);
}

bool ApisPage::hasUnsavedChanges() const {
    return m_panel->hasUnsavedChanges();
}

QString ApisPage::unsavedItem() const {
    return m_panel->api() ? m_panel->api()->name : QString();
}

void ApisPage::applyReadOnly(bool readOnly) {
    m_panel->setReadOnly(readOnly);
}

void ApisPage::refreshActionState(const ActionContext& context) {
    setEnabled(context.allows(u"resource_servers"_s, Action::Read));
    const std::optional<client::ResourceServerRecord>& selected = m_panel->api();
    const bool writable = !isReadOnly();
    m_create->setEnabled(writable && context.allows(u"resource_servers"_s, Action::Create));
    m_delete->setEnabled(writable && selected && !selected->isSystem &&
                         context.allows(u"resource_servers"_s, Action::Delete));
    m_delete->setToolTip(selected && selected->isSystem
                             ? tr("The tenant's Management API cannot be deleted.")
                             : tr("Delete the selected API and every grant for it"));
    m_panel->refreshActionState(context.allows(u"resource_servers"_s, Action::Update),
                                context.allows(u"client_grants"_s, Action::Create),
                                context.allows(u"client_grants"_s, Action::Update),
                                context.allows(u"client_grants"_s, Action::Delete));
}

void ApisPage::createApi() {
    if (isReadOnly())
        return;
    NewApiDialog dialog(
        m_model->tenantSigningAlg(),
        [this](const client::ResourceServerRecord& server) { return m_model->create(server); },
        this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    selectId(dialog.createdId());
    messageBar()->showMessage(widgets::MessageBar::Kind::Information,
                              tr("The API %1 was created.").arg(dialog.server().name),
                              tr("Authorize machine-to-machine applications to call it in its "
                                 "\"Machine to Machine Applications\" tab."));
}

void ApisPage::deleteApi() {
    const std::optional<client::ResourceServerRecord> api = m_panel->api();
    if (isReadOnly() || !api || api->isSystem)
        return;
    QMessageBox box(QMessageBox::Warning, tr("Delete API"), tr("Delete the API %1?").arg(api->name),
                    QMessageBox::Cancel, this);
    box.setInformativeText(tr("Applications lose their access to it, and tokens for %1 are no "
                              "longer issued. This cannot be undone.")
                               .arg(api->identifier));
    QPushButton* remove = box.addButton(tr("Delete API"), QMessageBox::DestructiveRole);
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    if (box.clickedButton() != remove)
        return;
    client::ApiCall* call = m_model->remove(api->id);
    connect(call, &client::ApiCall::finished, this, [this, call, name = api->name] {
        if (!call->result().ok()) {
            messageBar()->showError(*call->result().error, tr("%1 was not deleted").arg(name));
            return;
        }
        messageBar()->showMessage(widgets::MessageBar::Kind::Information,
                                  tr("The API %1 was deleted.").arg(name));
    });
}

} // namespace gatehouse::app
