#include "app/MainWindow.h"

#include "app/AboutDialog.h"
#include "app/ConnectPage.h"
#include "app/Dashboard.h"
#include "app/pages/apis/ApisPage.h"
#include "app/pages/applications/ApplicationsPage.h"
#include "app/pages/connections/ConnectionsPage.h"
#include "app/pages/local/LocalServerPage.h"
#include "app/pages/tenants/TenantsPage.h"
#include "app/pages/users/UsersPage.h"
#include "widgets/CertificateTrustDialog.h"
#include "widgets/Icons.h"
#include "widgets/MessageBar.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QToolBar>
#include <QVBoxLayout>

namespace gatehouse::app {

using namespace Qt::StringLiterals;

namespace {

constexpr int kConnectIndex = 0; // the stack's first widget; pages follow

} // namespace

MainWindow::MainWindow(Dashboard& dashboard, QWidget* parent)
    : QMainWindow(parent)
    , m_dashboard(dashboard)
    , m_navigation(new QListWidget(this))
    , m_stack(new QStackedWidget(this))
    , m_connect(new ConnectPage(dashboard, this))
    , m_banner(new widgets::MessageBar(this))
    , m_tenants(new QComboBox(this))
    , m_serverLabel(new QLabel(this))
    , m_roleLabel(new QLabel(this))
    , m_connectionLabel(new QLabel(this))
    , m_identityLabel(new QLabel(this)) {
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Gatehouse"));
    setWindowIcon(widgets::icon(QStringLiteral("gatehouse")));

    m_navigation->setObjectName(QStringLiteral("navigation"));
    m_navigation->setIconSize(QSize(20, 20));
    m_navigation->setFrameShape(QFrame::NoFrame);
    m_navigation->setMinimumWidth(170);
    m_navigation->setMaximumWidth(240);
    m_navigation->setSpacing(1);
    m_stack->addWidget(m_connect);

    client::Session& session = m_dashboard.session();
    addPage(new TenantsPage(session, this));
    addPage(new ApplicationsPage(session, this));
    addPage(new ApisPage(session, this));
    addPage(new ConnectionsPage(session, this));
    addPage(new UsersPage(session, this));
    addPage(new LocalServerPage(m_dashboard, this));

    auto* content = new QWidget(this);
    auto* contentLayout = new QVBoxLayout(content);
    contentLayout->setContentsMargins(0, 0, 0, 0);
    contentLayout->addWidget(m_banner);
    contentLayout->addWidget(m_stack, 1);
    auto* splitter = new QSplitter(this);
    splitter->addWidget(m_navigation);
    splitter->addWidget(content);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);
    setCentralWidget(splitter);

    buildMenus();
    buildStatusBar();

    // refreshActionState() decides which items can be chosen (the Local server even signed out).
    connect(m_navigation, &QListWidget::currentRowChanged, this, [this](int row) {
        const QListWidgetItem* item = m_navigation->item(row);
        if (item != nullptr && item->flags().testFlag(Qt::ItemIsEnabled))
            showPage(row);
    });
    connect(m_tenants, &QComboBox::activated, this, &MainWindow::switchTenant);
    connect(&session, &client::Session::stateChanged, this, [this](client::Session::State state) {
        if (state == client::Session::State::SignedIn) {
            // The page chosen before, if this person may see it; else the first one they may.
            refreshActionState();
            int index = m_navigation->currentRow();
            if (index < 0 || !m_pages.at(index)->isEnabled()) {
                index = 0;
                while (index + 1 < m_pages.size() && !m_pages.at(index)->isEnabled())
                    ++index;
            }
            showPage(index);
        } else if (state == client::Session::State::SignedOut) {
            // A page that needs no sign-in (Local server) stays; the others make way.
            refreshActionState();
            const auto* page = qobject_cast<const Page*>(m_stack->currentWidget());
            if (page == nullptr || !page->isEnabled())
                m_stack->setCurrentIndex(kConnectIndex);
        }
        updateStatus();
        refreshActionState();
    });
    connect(&session, &client::Session::tenantsChanged, this, &MainWindow::updateTenants);
    connect(&session, &client::Session::currentTenantChanged, this, [this](const QString& tenant) {
        const int index = m_tenants->findData(tenant);
        if (index >= 0)
            m_tenants->setCurrentIndex(index);
        if (Page* page = currentPage())
            page->activate();
        refreshActionState();
    });
    connect(&session, &client::Session::permissionsChanged, this, &MainWindow::refreshActionState);
    connect(&session, &client::Session::readOnlyChanged, this, [this] {
        updateStatus();
        refreshActionState();
    });
    connect(&session, &client::Session::statusChanged, this, &MainWindow::updateStatus);
    connect(&session, &client::Session::changesInFlightChanged, this, [this](int count) {
        // The answers a close waited for are in: close now. A save that failed left its page
        // with unsaved edits, so the close asks about them instead of dropping them silently.
        // Queued: the pages hear of the same answers after the session, and must settle first.
        if (count == 0 && m_closeWhenChangesAnswered) {
            m_closeWhenChangesAnswered = false;
            QMetaObject::invokeMethod(this, &QWidget::close, Qt::QueuedConnection);
        }
    });
    connect(&session, &client::Session::credentialWarning, this, [this](const QString& text) {
        m_banner->showMessage(widgets::MessageBar::Kind::Warning, tr("Sign-in not kept"), text);
    });
    connect(&m_dashboard.transport(), &client::ApiTransport::untrustedCertificate, this,
            &MainWindow::askAboutCertificate);
    connect(&m_dashboard.transport(), &client::ApiTransport::activeEndpointChanged, this,
            &MainWindow::updateStatus);

    restoreGeometry(m_dashboard.settings().value(QStringLiteral("window/geometry")).toByteArray());
    if (!m_dashboard.settings().contains(QStringLiteral("window/geometry")))
        resize(1180, 760);
    m_stack->setCurrentIndex(kConnectIndex);
    updateTenants();
    updateStatus();
    refreshActionState();
}

MainWindow::~MainWindow() = default;

void MainWindow::addPage(Page* page) {
    m_pages.append(page);
    m_stack->addWidget(page);
    auto* item = new QListWidgetItem(widgets::icon(page->iconName()), page->title(), m_navigation);
    item->setSizeHint(QSize(0, 34));
    connect(page, &Page::actionStateChanged, this, &MainWindow::refreshActionState);
}

Page* MainWindow::page(const QString& objectName) const {
    for (Page* page : m_pages) {
        if (page->objectName() == objectName)
            return page;
    }
    return nullptr;
}

void MainWindow::showPage(int index) {
    if (index < 0 || index >= m_pages.size())
        return;
    if (m_navigation->currentRow() != index) {
        const QSignalBlocker blocker(m_navigation);
        m_navigation->setCurrentRow(index);
    }
    Page* page = m_pages.at(index);
    m_stack->setCurrentWidget(page);
    page->activate();
    refreshActionState();
}

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    m_connectAction =
        file->addAction(widgets::icon(QStringLiteral("server")), tr("&Connect to Server…"));
    m_connectAction->setShortcut(QKeySequence::Open);
    connect(m_connectAction, &QAction::triggered, this, [this] {
        // Signing in to a server from there signs this session out first.
        if (m_dashboard.session().isSignedIn() && !mayDropUnsavedChanges(m_pages))
            return;
        m_connect->reloadProfiles();
        m_stack->setCurrentIndex(kConnectIndex);
        {
            // No item is current while Connect shows, so that any one can be chosen to leave it.
            const QSignalBlocker blocker(m_navigation);
            m_navigation->setCurrentRow(-1);
        }
        refreshActionState();
    });
    m_signOut = file->addAction(widgets::icon(QStringLiteral("sign-out")), tr("Sign &Out"));
    connect(m_signOut, &QAction::triggered, this, [this] {
        if (mayDropUnsavedChanges(m_pages))
            m_dashboard.session().signOut();
    });
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    for (int i = 0; i < m_pages.size(); ++i) {
        QAction* go =
            view->addAction(widgets::icon(m_pages.at(i)->iconName()), m_pages.at(i)->title());
        go->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
        connect(go, &QAction::triggered, this, [this, i] { showPage(i); });
    }
    view->addSeparator();
    m_refresh = view->addAction(widgets::icon(QStringLiteral("refresh")), tr("&Refresh"));
    m_refresh->setShortcut(QKeySequence::Refresh);
    connect(m_refresh, &QAction::triggered, this, [this] {
        Page* page = currentPage();
        if (page != nullptr && mayDropUnsavedChanges({page}))
            page->reload();
    });

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* about = help->addAction(tr("&About Gatehouse"));
    connect(about, &QAction::triggered, this, &MainWindow::showAbout);

    QToolBar* bar = addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setMovable(false);
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->setIconSize(QSize(18, 18));
    auto* tenantLabel = new QLabel(tr(" Tenant: "), this);
    tenantLabel->setBuddy(m_tenants);
    m_tenants->setObjectName(QStringLiteral("tenantSwitcher"));
    m_tenants->setMinimumContentsLength(18);
    m_tenants->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    bar->addWidget(tenantLabel);
    bar->addWidget(m_tenants);
    bar->addAction(m_refresh);
    auto* spacer = new QWidget(this);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    bar->addWidget(spacer);
    bar->addAction(m_connectAction);
    bar->addAction(m_signOut);
}

Page* MainWindow::currentPage() const {
    return qobject_cast<Page*>(m_stack->currentWidget());
}

void MainWindow::switchTenant(int index) {
    client::Session& session = m_dashboard.session();
    const QString tenant = m_tenants->itemData(index).toString();
    if (tenant == session.currentTenant())
        return;
    // Every page that shows the tenant's data drops its edits, visible or not: a hidden page
    // reloads when it is shown next.
    QList<Page*> following;
    for (Page* page : std::as_const(m_pages)) {
        if (page->followsCurrentTenant())
            following.append(page);
    }
    if (!mayDropUnsavedChanges(following)) {
        const QSignalBlocker blocker(m_tenants);
        m_tenants->setCurrentIndex(m_tenants->findData(session.currentTenant()));
        return;
    }
    session.setCurrentTenant(tenant);
}

QList<Page*> MainWindow::pagesWithUnsavedChanges(const QList<Page*>& pages) {
    QList<Page*> edited;
    for (Page* page : pages) {
        if (page->hasUnsavedChanges())
            edited.append(page);
    }
    return edited;
}

QStringList MainWindow::describeUnsavedChanges(const QList<Page*>& edited) {
    // One item in a sentence; several as a short list (a long line would wrap in the box).
    QStringList items;
    for (const Page* page : edited) {
        items.append(edited.size() == 1
                         ? tr("%1 on the %2 page").arg(page->unsavedItem(), page->title())
                         : tr("%1: %2").arg(page->title(), page->unsavedItem()));
    }
    return items;
}

bool MainWindow::mayDropUnsavedChanges(const QList<Page*>& pages) {
    const QList<Page*> edited = pagesWithUnsavedChanges(pages);
    if (edited.isEmpty())
        return true;
    if (!Page::askToDiscardChanges(this, describeUnsavedChanges(edited)))
        return false;
    for (Page* page : edited)
        page->discardChanges();
    return true;
}

void MainWindow::buildStatusBar() {
    for (QLabel* label : {m_serverLabel, m_roleLabel, m_connectionLabel, m_identityLabel})
        label->setContentsMargins(6, 0, 6, 0);
    m_connectionLabel->setObjectName(QStringLiteral("connectionState"));
    m_roleLabel->setObjectName(QStringLiteral("datacenterRole"));
    // Room for the longest role text, so that a change never squeezes it to a letter.
    m_roleLabel->setMinimumWidth(
        m_roleLabel->fontMetrics().horizontalAdvance(tr("Secondary DC — read-only")) + 12);
    statusBar()->addWidget(m_serverLabel, 1);
    statusBar()->addPermanentWidget(m_identityLabel);
    statusBar()->addPermanentWidget(m_roleLabel);
    statusBar()->addPermanentWidget(m_connectionLabel);
}

void MainWindow::updateTenants() {
    const client::Session& session = m_dashboard.session();
    const QSignalBlocker blocker(m_tenants);
    m_tenants->clear();
    for (const QString& tenant : session.tenants())
        m_tenants->addItem(widgets::icon(QStringLiteral("tenants")), tenant, tenant);
    const int current = m_tenants->findData(session.currentTenant());
    if (current >= 0)
        m_tenants->setCurrentIndex(current);
}

void MainWindow::updateStatus() {
    const client::Session& session = m_dashboard.session();
    const client::ServerProfile& profile = m_dashboard.profile();
    const bool secondary =
        m_dashboard.transport().activeEndpoint() == client::ApiTransport::Endpoint::Secondary;
    m_serverLabel->setText(
        profile.name.isEmpty()
            ? tr("No server")
            : tr("%1 — %2").arg(profile.name, m_dashboard.transport().activeUrl().toString()));
    if (!session.isSignedIn()) {
        m_connectionLabel->setText(tr("Signed out"));
        m_connectionLabel->setStyleSheet({}); // not the colour of the last connection
        m_roleLabel->clear();
        m_identityLabel->clear();
    } else {
        m_connectionLabel->setText(session.isReachable() ? tr("● Connected") : tr("○ Unreachable"));
        m_connectionLabel->setStyleSheet(session.isReachable() ? QStringLiteral("color:#1e7b34")
                                                               : QStringLiteral("color:#b00020"));
        const QString role = session.datacenterRole();
        m_roleLabel->setText(
            session.isReadOnly()
                ? tr("Secondary DC — read-only")
                : (role.isEmpty()
                       ? QString()
                       : tr("%1 DC%2").arg(role == QLatin1String("secondary") ? tr("Secondary")
                                                                              : tr("Primary"),
                                           secondary ? tr(" (secondary URL)") : QString())));
        const QString who = session.identity();
        const QString roleName = session.permissions().role();
        m_identityLabel->setText(roleName.isEmpty() ? who : tr("%1 (%2)").arg(who, roleName));
    }
    if (session.isReadOnly()) {
        m_banner->showMessage(widgets::MessageBar::Kind::Warning,
                              tr("Read-only: the secondary datacenter is serving"),
                              tr("Configuration cannot be changed until the primary is back. "
                                 "Everything can still be viewed."));
    }
}

ActionContext MainWindow::actionContext() const {
    const client::Session& session = m_dashboard.session();
    ActionContext context;
    context.signedIn = session.isSignedIn();
    context.readOnly = session.isReadOnly();
    context.tenant = session.currentTenant();
    context.permissions = &session.permissions();
    return context;
}

void MainWindow::refreshActionState() {
    const ActionContext context = actionContext();
    const bool connectShown = m_stack->currentIndex() == kConnectIndex;
    m_tenants->setEnabled(context.signedIn && m_tenants->count() > 1);
    m_refresh->setEnabled(context.signedIn && !connectShown);
    m_signOut->setEnabled(context.signedIn);
    for (int i = 0; i < m_pages.size(); ++i) {
        Page* page = m_pages.at(i);
        page->setReadOnly(context.readOnly);
        page->refreshActionState(context);
        // A page disabled for want of a sign-in is greyed out; signed in, one the role cannot
        // read is hidden. A page that needs no sign-in (Local server) stays enabled.
        if (QListWidgetItem* item = m_navigation->item(i)) {
            item->setHidden(context.signedIn && !page->isEnabled());
            item->setFlags(page->isEnabled() ? item->flags() | Qt::ItemIsEnabled
                                             : item->flags() & ~Qt::ItemIsEnabled);
        }
    }
}

void MainWindow::askAboutCertificate(const client::CertificateInfo& certificate) {
    if (m_askingAboutCertificate)
        return;
    m_askingAboutCertificate = true;
    client::ServerProfile profile = m_dashboard.profile();
    widgets::CertificateTrustDialog dialog(profile.primaryUrl.host(), certificate, this);
    const bool trusted = dialog.exec() == QDialog::Accepted;
    m_askingAboutCertificate = false;
    if (!trusted) {
        m_connect->messageBar()->showMessage(widgets::MessageBar::Kind::Error,
                                             tr("Not connected: the certificate is not trusted"),
                                             tr("Nothing was sent to the server."));
        return;
    }
    profile.pinnedFingerprint = certificate.sha256;
    m_dashboard.transport().pinFingerprint(certificate.sha256);
    m_dashboard.profiles().save(profile);
    if (!m_dashboard.session().isSignedIn())
        m_connect->signInButton()->click();
}

void MainWindow::showAbout() {
    AboutDialog dialog(this);
    dialog.exec();
}

bool MainWindow::mayCutOffChangesInFlight() {
    const int pending = m_dashboard.session().changesInFlight();
    if (!m_closeWhenChangesAnswered) {
        m_closeWhenChangesAnswered = true;
        m_banner->showMessage(
            widgets::MessageBar::Kind::Information,
            pending == 1 ? tr("Closing once the server has answered 1 change.")
                         : tr("Closing once the server has answered %1 changes.").arg(pending),
            tr("Close the window again to stop waiting."));
        return false;
    }
    QMessageBox box(QMessageBox::Warning, tr("Close Gatehouse"),
                    pending == 1 ? tr("The server has not answered 1 change yet.")
                                 : tr("The server has not answered %1 changes yet.").arg(pending),
                    {}, this);
    box.setObjectName(QStringLiteral("changesInFlightQuestion"));
    // A change on its way still counts as unsaved on its page: the list names it too.
    const QList<Page*> edited = pagesWithUnsavedChanges(m_pages);
    QString consequence = tr("If you close now, you will not learn whether they were saved.");
    if (!edited.isEmpty()) {
        consequence += u"\n\n"_s + tr("Edits not known to be saved:") + u"\n"_s +
                       Page::bulletList(describeUnsavedChanges(edited));
    }
    box.setInformativeText(consequence);
    QPushButton* wait = box.addButton(tr("Keep Waiting"), QMessageBox::RejectRole);
    QPushButton* closeNow =
        box.addButton(tr("Close Without Waiting"), QMessageBox::DestructiveRole);
    box.setDefaultButton(wait);
    box.exec();
    if (box.clickedButton() != closeNow)
        return false;
    m_closeWhenChangesAnswered = false;
    for (Page* page : edited)
        page->discardChanges();
    return true;
}

void MainWindow::closeEvent(QCloseEvent* event) {
    // Changes on their way first: their answers decide what is still unsaved, and the question
    // about closing without them names every unsaved edit, so that nobody is asked twice.
    const bool mayClose = m_dashboard.session().changesInFlight() > 0
                              ? mayCutOffChangesInFlight()
                              : mayDropUnsavedChanges(m_pages);
    if (!mayClose) {
        event->ignore();
        return;
    }
    m_dashboard.settings().setValue(QStringLiteral("window/geometry"), saveGeometry());
    m_dashboard.settings().sync();
    QMainWindow::closeEvent(event);
}

} // namespace gatehouse::app
