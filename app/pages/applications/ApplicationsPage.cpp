#include "app/pages/applications/ApplicationsPage.h"

#include "app/pages/applications/ApplicationDetail.h"
#include "app/pages/applications/ApplicationTypeIcons.h"
#include "app/pages/applications/NewApplicationDialog.h"
#include "app/pages/applications/SecretDialog.h"
#include "models/applications/EnabledConnectionsModel.h"
#include "models/session/Session.h"
#include "widgets/Icons.h"
#include "widgets/MessageBar.h"

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QToolBar>

namespace gatehouse::app {

using namespace Qt::StringLiterals;
using Action = client::Permissions::Action;

namespace {

// A question before something that cannot be undone or shows a secret; the action's button
// (objectName "confirm") is not the default.
bool confirm(QWidget* parent, const QString& title, const QString& text, const QString& detail,
             const QString& action) {
    QMessageBox box(QMessageBox::Warning, title, text, QMessageBox::Cancel, parent);
    box.setInformativeText(detail);
    QPushButton* yes = box.addButton(action, QMessageBox::DestructiveRole);
    yes->setObjectName(u"confirm"_s);
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    return box.clickedButton() == yes;
}

} // namespace

ApplicationsPage::ApplicationsPage(client::Session& session, QWidget* parent)
    : ApplicationsPage(session, new client::ClientsModel(session), parent) {}

ApplicationsPage::ApplicationsPage(client::Session& session, client::ClientsModel* model,
                                   QWidget* parent)
    : ListPage(session, model, parent)
    , m_model(model)
    , m_connections(new client::EnabledConnectionsModel(session, this))
    , m_detail(new ApplicationDetail(*m_connections, this))
    , m_typeFilter(new QComboBox(this)) {
    setObjectName(QStringLiteral("applicationsPage"));
    m_new = toolBar()->addAction(widgets::icon(u"add"_s), tr("&New Application…"));
    m_new->setObjectName(u"newApplication"_s);
    m_new->setShortcut(QKeySequence::New);
    m_new->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(m_new); // Ctrl+N anywhere on the page, not only in the toolbar
    m_delete = toolBar()->addAction(widgets::icon(u"remove"_s), tr("&Delete…"));
    m_delete->setObjectName(u"deleteApplication"_s);
    m_delete->setShortcut(QKeySequence::Delete);
    m_delete->setShortcutContext(Qt::WidgetShortcut);
    view()->addAction(m_delete);
    auto* spacer = new QWidget(this);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    toolBar()->addWidget(spacer);
    auto* filterLabel = new QLabel(tr("&Type: "), this);
    filterLabel->setBuddy(m_typeFilter);
    toolBar()->addWidget(filterLabel);
    m_typeFilter->setObjectName(u"typeFilter"_s);
    m_typeFilter->addItem(tr("All types"), QString());
    for (const client::AppTypeInfo& info : client::AppTypeInfo::all())
        m_typeFilter->addItem(applicationTypeIcon(info.code), info.name, info.code);
    toolBar()->addWidget(m_typeFilter);
    view()->setItemDelegateForColumn(1, new ApplicationTypeDelegate(view()));
    setDetail(m_detail);

    connect(m_new, &QAction::triggered, this, &ApplicationsPage::createApplication);
    connect(m_delete, &QAction::triggered, this, &ApplicationsPage::deleteApplication);
    connect(m_typeFilter, &QComboBox::currentIndexChanged, this,
            [this] { m_model->setAppTypeFilter(m_typeFilter->currentData().toString()); });
    connect(m_detail, &ApplicationDetail::changed, this, &Page::actionStateChanged);
    connect(m_detail, &ApplicationDetail::saveRequested, this, &ApplicationsPage::saveApplication);
    connect(m_detail, &ApplicationDetail::revertRequested, this,
            &ApplicationsPage::revertApplication);
    connect(m_detail, &ApplicationDetail::cancelRequested, &m_calls, &client::CallGroup::cancel);
    connect(m_detail, &ApplicationDetail::revealRequested, this, &ApplicationsPage::revealSecret);
    connect(m_detail, &ApplicationDetail::rotateRequested, this, &ApplicationsPage::rotateSecret);
    connect(&m_calls, &client::CallGroup::runningChanged, this, &Page::actionStateChanged);
    connect(m_connections, &client::PagedListModel::errorOccurred, this,
            [this](const client::ApiError& error) {
                messageBar()->showError(error, tr("Could not load the connections"));
            });
    connect(&session, &client::Session::stateChanged, this, [this](client::Session::State state) {
        if (state != client::Session::State::SignedIn)
            m_secrets.clear();
    });
}

void ApplicationsPage::activate() {
    ListPage::activate();
    if (m_connections->tenant() != listTenant())
        m_connections->setTenant(listTenant());
}

void ApplicationsPage::reload() {
    ListPage::reload();
    m_connections->setTenant(listTenant());
    m_connections->reload();
}

QString ApplicationsPage::secretKey(const QString& clientId) const {
    return m_model->tenant() + u'/' + clientId;
}

void ApplicationsPage::keepSecret(const client::ClientRecord& client) {
    if (!client.clientSecret.isEmpty())
        m_secrets.insert(secretKey(client.clientId), client.clientSecret);
}

void ApplicationsPage::selectionChanged(const QString& id) {
    const client::ClientRecord& edited = m_detail->saved();
    if (!id.isEmpty() && id == edited.clientId)
        return;
    // Edits unsaved in the panel go only if the person says so.
    if (!id.isEmpty() && hasUnsavedChanges() && !confirmDiscard(edited.clientId))
        return;
    showSelected();
}

bool ApplicationsPage::hasUnsavedChanges() const {
    return !m_detail->saved().clientId.isEmpty() && m_detail->isModified();
}

QString ApplicationsPage::unsavedItem() const {
    return m_detail->saved().name;
}

void ApplicationsPage::showSelected() {
    const client::ClientRecord client = m_model->recordOf(selectedId());
    m_detail->showClient(client);
    m_detail->setSecret(m_secrets.value(secretKey(client.clientId)));
}

void ApplicationsPage::applyReadOnly(bool readOnly) {
    // Editors follow at once; the buttons follow in refreshActionState().
    if (readOnly)
        m_detail->setEditable(false);
}

void ApplicationsPage::refreshActionState(const ActionContext& context) {
    setEnabled(context.allows(u"clients"_s, Action::Read));
    const bool busy = m_calls.isRunning();
    const QString id = selectedId();
    const bool selected = !id.isEmpty();
    const bool canUpdate = context.allows(u"clients"_s, Action::Update) && !busy;
    const bool canEnable = context.allows(u"connections"_s, Action::Update) && !busy;
    const bool protectedClient = client::ClientRecord::isDashboardClient(context.tenant, id);
    m_new->setEnabled(context.allows(u"clients"_s, Action::Create) && !busy);
    m_delete->setEnabled(context.allows(u"clients"_s, Action::Delete) && selected && !busy &&
                         !protectedClient);
    m_delete->setToolTip(protectedClient ? tr("The dashboard's own client cannot be deleted")
                                         : tr("Delete the selected application"));
    m_typeFilter->setEnabled(!busy);
    m_detail->setEditable(canUpdate && selected && !isReadOnly());
    m_connections->setEditable(canEnable && selected && !isReadOnly());
    const bool settingsAllowed = !m_detail->isSettingsModified() || canUpdate;
    const bool connectionsAllowed = !m_connections->hasChanges() || canEnable;
    m_detail->saveButton()->setEnabled(selected && m_detail->isModified() && m_detail->isValid() &&
                                       settingsAllowed && connectionsAllowed && !isReadOnly());
    m_detail->saveButton()->setToolTip(m_detail->problem());
    m_detail->revertButton()->setEnabled(selected && m_detail->isModified() && !busy);
    m_detail->rotateButton()->setEnabled(context.allows(u"client_keys"_s, Action::Update) &&
                                         selected && m_detail->saved().hasSecret() && !busy);
    m_detail->revealButton()->setEnabled(m_detail->hasSecret());
    m_detail->copySecretButton()->setEnabled(m_detail->hasSecret());
}

void ApplicationsPage::setBusy(const QString& what) {
    m_detail->setBusy(!what.isEmpty(), what);
    Q_EMIT actionStateChanged();
}

void ApplicationsPage::createApplication() {
    if (isReadOnly() || m_calls.isRunning())
        return;
    NewApplicationDialog dialog(this);
    QPointer<client::ApiCall> pending;
    connect(&dialog, &NewApplicationDialog::createRequested, this, [&] {
        dialog.setBusy(true);
        pending = m_model->create(dialog.name(), dialog.type(), dialog.description());
        connect(
            pending, &client::ApiCall::finished, &dialog, [this, &dialog, call = pending.data()] {
                const client::ApiResult& result = call->result();
                dialog.setBusy(false);
                if (!result.ok()) {
                    if (!result.error->isCancelled())
                        dialog.showError(result.error->message + u"\n"_s + result.error->hint());
                    return;
                }
                const client::ClientRecord created = client::ClientRecord::fromResult(result);
                keepSecret(created);
                dialog.accept();
                // The server enabled it on the tenant's database connections.
                m_connections->reload();
                selectId(created.clientId);
                messageBar()->showMessage(
                    widgets::MessageBar::Kind::Information, tr("Created “%1”").arg(created.name),
                    created.clientSecret.isEmpty()
                        ? tr("Add its callback URLs under Settings.")
                        : tr("Its secret is under Credentials for as long as you stay signed in: "
                             "copy it now, the server cannot show it again."));
            });
    });
    dialog.exec();
    if (pending)
        pending->cancel(); // closed while the request was on its way
}

void ApplicationsPage::deleteApplication() {
    const QString id = selectedId();
    if (isReadOnly() || id.isEmpty() || m_calls.isRunning())
        return;
    const client::ClientRecord client = m_model->recordOf(id);
    if (!confirm(this, tr("Delete Application"),
                 tr("Delete the application “%1”?").arg(client.name),
                 tr("Its client ID stops working at once and its grants to APIs are removed. "
                    "This cannot be undone."),
                 tr("&Delete Application")))
        return;
    setBusy(tr("Deleting…"));
    m_calls.run(
        {m_model->remove(id)}, [this, client](const std::optional<client::ApiError>& error) {
            setBusy({});
            if (error) {
                if (!error->isCancelled())
                    messageBar()->showError(*error, tr("Could not delete “%1”").arg(client.name));
                return;
            }
            m_secrets.remove(secretKey(client.clientId));
            m_connections->reload();
            messageBar()->showMessage(widgets::MessageBar::Kind::Information,
                                      tr("Deleted “%1”").arg(client.name));
        });
}

void ApplicationsPage::saveApplication() {
    if (isReadOnly() || m_calls.isRunning() || selectedId().isEmpty())
        return;
    if (!m_detail->isValid()) {
        messageBar()->showMessage(widgets::MessageBar::Kind::Error, tr("Not saved"),
                                  m_detail->problem());
        return;
    }
    const client::ClientRecord saved = m_detail->saved();
    QList<client::ApiCall*> calls{m_model->update(saved, m_detail->edited())};
    calls += m_connections->save();
    setBusy(tr("Saving…"));
    m_calls.run(calls, [this, saved](const std::optional<client::ApiError>& error) {
        setBusy({});
        if (error) {
            if (!error->isCancelled())
                messageBar()->showError(*error, tr("Could not save “%1”").arg(saved.name));
            return;
        }
        messageBar()->hide();
        if (selectedId() == saved.clientId) {
            const client::ClientRecord now = m_model->recordOf(saved.clientId);
            showSelected();
            messageBar()->showMessage(widgets::MessageBar::Kind::Information,
                                      tr("Saved “%1”").arg(now.name));
        }
    });
}

void ApplicationsPage::revertApplication() {
    m_connections->revert();
    showSelected();
}

void ApplicationsPage::revealSecret() {
    if (!m_detail->hasSecret())
        return;
    if (confirm(this, tr("Reveal Client Secret"),
                tr("Show the secret of “%1” on screen?").arg(m_detail->saved().name),
                tr("Anyone who can see your screen, or a recording of it, could use it to act "
                   "as this application."),
                tr("&Reveal")))
        m_detail->setSecretRevealed(true);
}

void ApplicationsPage::rotateSecret() {
    const client::ClientRecord client = m_detail->saved();
    if (isReadOnly() || client.clientId.isEmpty() || m_calls.isRunning())
        return;
    if (!confirm(this, tr("Rotate Client Secret"),
                 tr("Make a new secret for “%1”?").arg(client.name),
                 tr("The current secret stops working at once: every service that uses it "
                    "fails to get tokens until it is given the new one."),
                 tr("R&otate Secret")))
        return;
    client::ApiCall* call = m_model->rotateSecret(client.clientId);
    setBusy(tr("Rotating the secret…"));
    m_calls.run({call}, [this, call, client](const std::optional<client::ApiError>& error) {
        setBusy({});
        if (error) {
            if (!error->isCancelled())
                messageBar()->showError(*error,
                                        tr("Could not rotate the secret of “%1”").arg(client.name));
            return;
        }
        const client::ClientRecord rotated = client::ClientRecord::fromResult(call->result());
        keepSecret(rotated);
        if (selectedId() == rotated.clientId)
            m_detail->setSecret(rotated.clientSecret);
        Q_EMIT actionStateChanged();
        // Shown once, from the event loop rather than inside the network call's report.
        QMetaObject::invokeMethod(
            this,
            [this, rotated] {
                SecretDialog dialog(rotated.name, rotated.clientSecret, this);
                dialog.exec();
            },
            Qt::QueuedConnection);
    });
}

} // namespace gatehouse::app
