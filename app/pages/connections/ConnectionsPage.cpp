#include "app/pages/connections/ConnectionsPage.h"

#include "app/pages/connections/AttackProtectionGroup.h"
#include "app/pages/connections/ConnectionDetail.h"
#include "app/pages/connections/DiscoveryTestPanel.h"
#include "app/pages/connections/NewConnectionDialog.h"
#include "app/pages/connections/OidcOptionsForm.h"
#include "models/api/ApiTransport.h"
#include "models/connections/DiscoveryProbe.h"
#include "models/connections/EnabledClientsModel.h"
#include "models/session/Session.h"
#include "widgets/Icons.h"
#include "widgets/MessageBar.h"
#include "widgets/TypedConfirmationDialog.h"

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPointer>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QToolBar>
#include <QToolButton>

namespace gatehouse::app {

using namespace Qt::StringLiterals;
using Action = client::Permissions::Action;
using client::ConnectionRecord;

ConnectionsPage::ConnectionsPage(client::Session& session, QWidget* parent)
    : ConnectionsPage(session, new client::ConnectionsModel(session), parent) {}

ConnectionsPage::ConnectionsPage(client::Session& session, client::ConnectionsModel* model,
                                 QWidget* parent)
    : ListPage(session, model, parent)
    , m_model(model)
    , m_clients(new client::EnabledClientsModel(session, this))
    , m_probe(new client::DiscoveryProbe(m_network, this))
    , m_detail(new ConnectionDetail(*m_clients, *m_probe, this)) {
    setObjectName(QStringLiteral("connectionsPage"));
    buildToolBar();
    setDetail(m_detail);

    connect(m_detail, &ConnectionDetail::changed, this, &Page::actionStateChanged);
    connect(m_detail, &ConnectionDetail::saveRequested, this, &ConnectionsPage::saveConnection);
    connect(m_detail, &ConnectionDetail::revertRequested, this, &ConnectionsPage::revertConnection);
    connect(m_detail, &ConnectionDetail::cancelRequested, &m_calls, &client::CallGroup::cancel);
    connect(m_detail->testPanel(), &DiscoveryTestPanel::testRequested, this,
            &ConnectionsPage::testDiscovery);
    connect(m_probe, &client::DiscoveryProbe::started, this, &Page::actionStateChanged);
    connect(m_probe, &client::DiscoveryProbe::finished, this, &Page::actionStateChanged);
    connect(&m_calls, &client::CallGroup::runningChanged, this, &Page::actionStateChanged);
    // The Applications column and tab name applications, once their list is in.
    connect(m_clients, &client::PagedListModel::pageLoaded, this,
            [this] { m_model->setClientNames(m_clients->names()); });
    connect(m_clients, &client::PagedListModel::errorOccurred, this,
            [this](const client::ApiError& error) {
                messageBar()->showError(error, tr("Could not load the applications"));
            });
}

ConnectionsPage::~ConnectionsPage() {
    // Before the network manager it uses goes, and without reporting to half-destroyed widgets.
    m_probe->disconnect();
    m_probe->cancel();
}

void ConnectionsPage::buildToolBar() {
    auto* menu = new QMenu(this);
    m_newDatabase = menu->addAction(widgets::icon(u"users"_s), tr("&Database Connection…"));
    m_newDatabase->setObjectName(u"newDatabaseConnection"_s);
    m_newOidc = menu->addAction(widgets::icon(u"sign-in"_s), tr("&OpenID Connect Connection…"));
    m_newOidc->setObjectName(u"newOidcConnection"_s);
    m_newButton = new QToolButton(this);
    m_newButton->setObjectName(u"newConnection"_s);
    m_newButton->setText(tr("&New"));
    m_newButton->setIcon(widgets::icon(u"add"_s));
    m_newButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_newButton->setPopupMode(QToolButton::InstantPopup);
    m_newButton->setMenu(menu);
    toolBar()->addWidget(m_newButton);
    m_delete = toolBar()->addAction(widgets::icon(u"remove"_s), tr("&Delete…"));
    m_delete->setObjectName(u"deleteConnection"_s);
    m_delete->setShortcut(QKeySequence::Delete);
    m_delete->setShortcutContext(Qt::WidgetShortcut);
    view()->addAction(m_delete);
    auto* spacer = new QWidget(this);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    toolBar()->addWidget(spacer);
    m_strategyFilter = new QComboBox(this);
    m_strategyFilter->setObjectName(u"strategyFilter"_s);
    m_strategyFilter->addItem(tr("All types"), QString());
    m_strategyFilter->addItem(
        ConnectionRecord::strategyName(QLatin1String(ConnectionRecord::kDatabase)),
        QLatin1String(ConnectionRecord::kDatabase));
    m_strategyFilter->addItem(
        ConnectionRecord::strategyName(QLatin1String(ConnectionRecord::kOidc)),
        QLatin1String(ConnectionRecord::kOidc));
    auto* filterLabel = new QLabel(tr("&Type: "), this);
    filterLabel->setBuddy(m_strategyFilter);
    toolBar()->addWidget(filterLabel);
    toolBar()->addWidget(m_strategyFilter);

    connect(m_newDatabase, &QAction::triggered, this,
            [this] { createConnection(QLatin1String(ConnectionRecord::kDatabase)); });
    connect(m_newOidc, &QAction::triggered, this,
            [this] { createConnection(QLatin1String(ConnectionRecord::kOidc)); });
    connect(m_delete, &QAction::triggered, this, &ConnectionsPage::deleteConnection);
    connect(m_strategyFilter, &QComboBox::currentIndexChanged, this,
            [this] { m_model->setStrategyFilter(m_strategyFilter->currentData().toString()); });
}

bool ConnectionsPage::mayRead(const QString& resource) const {
    return session().permissions().allows(listTenant(), resource, Action::Read);
}

void ConnectionsPage::activate() {
    const bool tenantChanged = m_model->tenant() != listTenant();
    ListPage::activate();
    if (tenantChanged || m_clients->tenant() != listTenant())
        loadSideLists();
}

void ConnectionsPage::reload() {
    ListPage::reload();
    loadSideLists();
}

// What the list and the panel show beside the connections: the applications' names (a support
// user may not read them: the ids stay) and the tenant's thresholds.
void ConnectionsPage::loadSideLists() {
    if (mayRead(u"clients"_s)) {
        m_clients->setTenant(listTenant());
        m_clients->reload();
    }
    m_attackTenant.clear();
    loadAttackProtection();
}

void ConnectionsPage::loadAttackProtection() {
    AttackProtectionGroup* group = m_detail->attackProtection();
    const QString tenant = listTenant();
    if (!mayRead(u"tenant_settings"_s)) {
        group->setUnavailable(tr("Your role may not read the tenant's attack-protection "
                                 "settings."));
        return;
    }
    group->setUnavailable(tr("Loading the tenant's settings…"));
    client::ApiCall* call = client::AttackProtection::load(session(), tenant);
    connect(call, &client::ApiCall::finished, this, [this, call, tenant] {
        AttackProtectionGroup* group = m_detail->attackProtection();
        if (tenant != listTenant())
            return;
        if (!call->result().ok()) {
            group->setUnavailable(
                tr("Could not load the tenant's settings: %1").arg(call->result().error->message));
            return;
        }
        m_attackTenant = tenant;
        group->setSettings(client::AttackProtection::fromResult(call->result()));
        Q_EMIT actionStateChanged();
    });
}

void ConnectionsPage::selectionChanged(const QString& id) {
    const ConnectionRecord& edited = m_detail->saved();
    if (!id.isEmpty() && id == edited.id)
        return;
    // Edits unsaved in the panel go only if the person says so.
    if (!id.isEmpty() && hasUnsavedChanges() && !confirmDiscard(edited.id))
        return;
    m_probe->cancel();
    showSelected();
}

bool ConnectionsPage::hasUnsavedChanges() const {
    return !m_detail->saved().id.isEmpty() && m_detail->isModified();
}

QString ConnectionsPage::unsavedItem() const {
    return m_detail->saved().name;
}

void ConnectionsPage::showSelected() {
    m_detail->showConnection(m_model->recordOf(selectedId()));
}

void ConnectionsPage::applyReadOnly(bool readOnly) {
    if (readOnly)
        m_detail->setEditable(false);
}

void ConnectionsPage::refreshActionState(const ActionContext& context) {
    setEnabled(context.allows(u"connections"_s, Action::Read));
    const bool busy = m_calls.isRunning();
    const bool selected = !selectedId().isEmpty();
    const bool canUpdate =
        context.allows(u"connections"_s, Action::Update) && !busy && !isReadOnly();
    const bool canSettings =
        context.allows(u"tenant_settings"_s, Action::Update) && !busy && !isReadOnly();
    const bool canCreate = context.allows(u"connections"_s, Action::Create) && !busy;
    m_newButton->setEnabled(canCreate);
    m_newDatabase->setEnabled(canCreate);
    m_newOidc->setEnabled(canCreate);
    m_delete->setEnabled(context.allows(u"connections"_s, Action::Delete) && selected && !busy);
    m_strategyFilter->setEnabled(!busy);
    m_detail->setEditable(canUpdate && selected);
    m_clients->setEditable(canUpdate && selected && mayRead(u"clients"_s));
    AttackProtectionGroup* attack = m_detail->attackProtection();
    attack->setEditable(canSettings && selected);
    const bool connectionChanged = m_detail->isConnectionModified();
    const bool attackChanged = m_detail->saved().isDatabase() && attack->isModified();
    const bool allowed = (!connectionChanged || canUpdate) && (!attackChanged || canSettings);
    const QString problem = m_detail->problem();
    m_detail->saveButton()->setEnabled(selected && (connectionChanged || attackChanged) &&
                                       problem.isEmpty() && allowed);
    m_detail->saveButton()->setToolTip(problem);
    m_detail->revertButton()->setEnabled(selected && !busy && (connectionChanged || attackChanged));
    OidcOptionsForm* oidc = m_detail->oidcForm();
    m_detail->testPanel()->testButton()->setEnabled(
        selected && !m_probe->isRunning() && !oidc->issuerEdit()->text().trimmed().isEmpty());
}

void ConnectionsPage::setBusy(const QString& what) {
    m_detail->setBusy(!what.isEmpty(), what);
    Q_EMIT actionStateChanged();
}

void ConnectionsPage::testDiscovery() {
    // Only a read from this computer: allowed in read-only mode too. A certificate pinned for
    // this server is trusted for its own URLs, so that its tenants can be tested as upstreams.
    const client::ServerProfile& profile = session().transport().profile();
    m_probe->setPinnedCertificate({profile.primaryUrl, profile.secondaryUrl},
                                  profile.pinnedFingerprint);
    const client::OidcOptions options = m_detail->oidcForm()->options();
    m_probe->start(options.issuer, options.discoveryUrl);
}

void ConnectionsPage::createConnection(const QString& strategy) {
    if (isReadOnly() || m_calls.isRunning())
        return;
    NewConnectionDialog dialog(strategy, this);
    QPointer<client::ApiCall> pending;
    connect(&dialog, &NewConnectionDialog::createRequested, this, [&] {
        dialog.setBusy(true);
        pending = m_model->create(dialog.connection());
        connect(
            pending, &client::ApiCall::finished, &dialog, [this, &dialog, call = pending.data()] {
                const client::ApiResult& result = call->result();
                dialog.setBusy(false);
                if (!result.ok()) {
                    if (!result.error->isCancelled())
                        dialog.showError(result.error->message + u"\n"_s + result.error->hint());
                    return;
                }
                const ConnectionRecord created = ConnectionRecord::fromResult(result);
                dialog.accept();
                selectId(created.id);
                messageBar()->showMessage(widgets::MessageBar::Kind::Information,
                                          tr("Created “%1”").arg(created.name),
                                          tr("Tick the applications that may use it under "
                                             "Applications."));
            });
    });
    dialog.exec();
    if (pending)
        pending->cancel();
}

void ConnectionsPage::deleteConnection() {
    const QString id = selectedId();
    if (isReadOnly() || id.isEmpty() || m_calls.isRunning())
        return;
    const ConnectionRecord connection = m_model->recordOf(id);
    if (!mayRead(u"users"_s))
        return confirmDelete(connection, -1);
    // Say how many users go with it; the question waits for the count (or its failure).
    client::ApiCall* count = m_model->countUsers(connection.name);
    setBusy(tr("Counting its users…"));
    m_calls.run({count}, [this, count, connection](const std::optional<client::ApiError>& error) {
        setBusy({});
        if (error && error->isCancelled())
            return;
        const int users = client::ConnectionsModel::userCount(count->result());
        QMetaObject::invokeMethod(
            this, [this, connection, users] { confirmDelete(connection, users); },
            Qt::QueuedConnection);
    });
}

void ConnectionsPage::confirmDelete(const ConnectionRecord& connection, int users) {
    const QString what = tr(": their identities, sessions, grants and login history.");
    const QString who = users < 0    ? tr("Every user of this connection is deleted with it") + what
                        : users == 0 ? tr("It has no users.")
                        : users == 1 ? tr("Its 1 user is deleted with it") + what
                                     : tr("Its %1 users are deleted with it").arg(users) + what;
    const QString consequence =
        tr("<p>Delete the connection <b>%1</b>?</p><p>%2 Applications that use only this "
           "connection can no longer sign anyone in. This cannot be undone.</p>")
            .arg(connection.name.toHtmlEscaped(), who);
    if (!widgets::TypedConfirmationDialog::confirm(this, tr("Delete Connection"), consequence,
                                                   connection.name, tr("&Delete Connection")))
        return;
    if (isReadOnly() || m_calls.isRunning())
        return;
    setBusy(tr("Deleting…"));
    m_calls.run(
        {m_model->remove(connection.id)},
        [this, connection](const std::optional<client::ApiError>& error) {
            setBusy({});
            if (error) {
                if (!error->isCancelled())
                    messageBar()->showError(*error,
                                            tr("Could not delete “%1”").arg(connection.name));
                return;
            }
            messageBar()->showMessage(widgets::MessageBar::Kind::Information,
                                      tr("Deleted “%1” and its users").arg(connection.name));
        });
}

void ConnectionsPage::saveConnection() {
    if (isReadOnly() || m_calls.isRunning() || selectedId().isEmpty())
        return;
    if (const QString problem = m_detail->problem(); !problem.isEmpty()) {
        messageBar()->showMessage(widgets::MessageBar::Kind::Error, tr("Not saved"), problem);
        return;
    }
    const ConnectionRecord saved = m_detail->saved();
    AttackProtectionGroup* attack = m_detail->attackProtection();
    QList<client::ApiCall*> calls;
    if (m_detail->isConnectionModified())
        calls.append(m_model->update(m_detail->edited()));
    client::ApiCall* settings = nullptr;
    if (saved.isDatabase() && attack->isModified()) {
        settings = attack->settings().save(session(), listTenant());
        calls.append(settings);
    }
    const QString tenant = listTenant();
    setBusy(tr("Saving…"));
    m_calls.run(
        calls, [this, saved, settings, tenant](const std::optional<client::ApiError>& error) {
            setBusy({});
            // Each part that succeeded is shown as saved, even when the other failed.
            if (settings != nullptr && settings->result().ok() && tenant == listTenant())
                m_detail->attackProtection()->setSettings(
                    client::AttackProtection::fromResult(settings->result()));
            if (error) {
                if (!error->isCancelled())
                    messageBar()->showError(*error, tr("Could not save “%1”").arg(saved.name));
                return;
            }
            if (selectedId() == saved.id)
                showSelected();
            messageBar()->showMessage(widgets::MessageBar::Kind::Information,
                                      tr("Saved “%1”").arg(saved.name));
        });
}

void ConnectionsPage::revertConnection() {
    showSelected();
    if (m_attackTenant == listTenant())
        loadAttackProtection();
}

} // namespace gatehouse::app
