#include "app/pages/connections/ConnectionDetail.h"

#include "widgets/ChecklistView.h"
#include "widgets/HintLabel.h"

#include "app/pages/connections/AttackProtectionGroup.h"
#include "app/pages/connections/DatabaseOptionsForm.h"
#include "app/pages/connections/DiscoveryTestPanel.h"
#include "app/pages/connections/OidcOptionsForm.h"
#include "models/connections/EnabledClientsModel.h"
#include "widgets/Icons.h"

#include <QGroupBox>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QStackedWidget>
#include <QTabWidget>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

namespace gatehouse::app {

using namespace Qt::StringLiterals;

namespace {

QWidget* scrolled(QWidget* page) {
    auto* scroll = new QScrollArea;
    scroll->setWidget(page);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    return scroll;
}

} // namespace

ConnectionDetail::ConnectionDetail(client::EnabledClientsModel& clients,
                                   client::DiscoveryProbe& probe, QWidget* parent)
    : QWidget(parent)
    , m_clients(clients)
    , m_stack(new QStackedWidget(this))
    , m_tabs(new QTabWidget(this))
    , m_busyText(new QLabel(this))
    , m_busy(new QProgressBar(this))
    , m_cancel(new QToolButton(this))
    , m_revert(new QPushButton(tr("Re&vert"), this))
    , m_save(new QPushButton(widgets::icon(u"edit"_s), tr("&Save"), this)) {
    setObjectName(u"connectionDetail"_s);
    auto* placeholder =
        widgets::hintLabel(tr("Select a connection to see and change its settings."), this);
    placeholder->setAlignment(Qt::AlignCenter);
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(buildSettings(probe), tr("Settings"));
    m_tabs->addTab(buildApplications(), tr("Applications"));

    m_busy->setRange(0, 0);
    m_busy->setMaximumSize(100, 12);
    m_busy->setTextVisible(false);
    m_cancel->setObjectName(u"cancel"_s);
    m_cancel->setText(tr("Cancel"));
    m_save->setObjectName(u"save"_s);
    m_save->setDefault(true);
    m_revert->setObjectName(u"revert"_s);
    setBusy(false);
    auto* footer = new QHBoxLayout;
    footer->addWidget(m_busy);
    footer->addWidget(m_busyText);
    footer->addWidget(m_cancel);
    footer->addStretch(1);
    footer->addWidget(m_revert);
    footer->addWidget(m_save);
    auto* content = new QWidget(this);
    auto* contentLayout = new QVBoxLayout(content);
    contentLayout->setContentsMargins(0, 0, 0, 0);
    contentLayout->addWidget(buildHeader());
    contentLayout->addWidget(m_tabs, 1);
    contentLayout->addLayout(footer);
    m_stack->addWidget(placeholder);
    m_stack->addWidget(content);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 0, 0, 0);
    layout->addWidget(m_stack);

    connect(m_save, &QPushButton::clicked, this, &ConnectionDetail::saveRequested);
    connect(m_revert, &QPushButton::clicked, this, &ConnectionDetail::revertRequested);
    connect(m_cancel, &QToolButton::clicked, this, &ConnectionDetail::cancelRequested);
    connect(m_database, &DatabaseOptionsForm::changed, this, &ConnectionDetail::changed);
    connect(m_attack, &AttackProtectionGroup::changed, this, &ConnectionDetail::changed);
    connect(m_oidc, &OidcOptionsForm::changed, this, &ConnectionDetail::changed);
    connect(&m_clients, &client::EnabledClientsModel::checkedChanged, this,
            &ConnectionDetail::changed);
    setMinimumWidth(400);
}

QWidget* ConnectionDetail::buildHeader() {
    auto* header = new QWidget(this);
    auto* icon = new QLabel(header);
    icon->setPixmap(widgets::icon(u"connections"_s).pixmap(32, 32));
    m_title = new QLabel(header);
    m_title->setObjectName(u"title"_s);
    QFont big = m_title->font();
    big.setPointSizeF(big.pointSizeF() * 1.25);
    big.setBold(true);
    m_title->setFont(big);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_subtitle = widgets::hintLabel({}, header);
    m_subtitle->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* text = new QVBoxLayout;
    text->setSpacing(0);
    text->addWidget(m_title);
    text->addWidget(m_subtitle);
    auto* layout = new QHBoxLayout(header);
    layout->setContentsMargins(4, 4, 4, 6);
    layout->addWidget(icon, 0, Qt::AlignTop);
    layout->addLayout(text, 1);
    return header;
}

QWidget* ConnectionDetail::buildSettings(client::DiscoveryProbe& probe) {
    m_settings = new QStackedWidget;
    auto* database = new QWidget;
    m_database = new DatabaseOptionsForm(database);
    auto* databaseBox = new QGroupBox(tr("Sign-up and passwords"), database);
    auto* databaseBoxLayout = new QVBoxLayout(databaseBox);
    databaseBoxLayout->addWidget(m_database);
    m_attack = new AttackProtectionGroup(database);
    auto* databaseLayout = new QVBoxLayout(database);
    databaseLayout->addWidget(databaseBox);
    databaseLayout->addWidget(m_attack);
    databaseLayout->addStretch(1);

    auto* oidc = new QWidget;
    m_oidc = new OidcOptionsForm(oidc);
    m_test = new DiscoveryTestPanel(probe, oidc);
    auto* oidcBox = new QGroupBox(tr("Upstream OpenID Connect provider"), oidc);
    auto* oidcBoxLayout = new QVBoxLayout(oidcBox);
    oidcBoxLayout->addWidget(m_oidc);
    oidcBoxLayout->addWidget(m_test);
    auto* oidcLayout = new QVBoxLayout(oidc);
    oidcLayout->addWidget(oidcBox);
    oidcLayout->addStretch(1);

    m_settings->addWidget(scrolled(database));
    m_settings->addWidget(scrolled(oidc));
    return m_settings;
}

QWidget* ConnectionDetail::buildApplications() {
    auto* page = new QWidget;
    m_applications = widgets::checklistView(&m_clients, u"applications"_s, page);
    auto* layout = new QVBoxLayout(page);
    layout->addWidget(widgets::hintLabel(tr("The ticked applications let people sign in with this "
                                            "connection. The changes are saved with Save."),
                                         page));
    layout->addWidget(m_applications, 1);
    return page;
}

void ConnectionDetail::showConnection(const client::ConnectionRecord& connection) {
    m_saved = connection;
    m_stack->setCurrentIndex(connection.id.isEmpty() ? 0 : 1);
    m_title->setText(connection.name);
    m_subtitle->setText(
        tr("%1 connection · %2")
            .arg(client::ConnectionRecord::strategyName(connection.strategy), connection.id));
    m_settings->setCurrentIndex(connection.isOidc() ? 1 : 0);
    m_database->setOptions(connection.database);
    m_oidc->setOptions(connection.oidc, true);
    m_test->clear();
    m_clients.setCheckedIds(connection.enabledClients);
    // The thresholds are the tenant's, but edited here: they go with the connection's edits.
    m_attack->revert();
    Q_EMIT changed();
}

client::ConnectionRecord ConnectionDetail::edited() const {
    client::ConnectionRecord connection = m_saved;
    if (connection.isOidc())
        connection.oidc = m_oidc->options();
    else
        connection.database = m_database->options();
    connection.enabledClients = m_clients.checkedIds();
    return connection;
}

bool ConnectionDetail::isConnectionModified() const {
    if (m_saved.id.isEmpty())
        return false;
    const bool options = m_saved.isOidc() ? m_oidc->isModified() : m_database->isModified();
    return options || m_clients.hasChanges();
}

bool ConnectionDetail::isModified() const {
    return isConnectionModified() || (m_saved.isDatabase() && m_attack->isModified());
}

QString ConnectionDetail::problem() const {
    return m_saved.isOidc() ? m_oidc->problem() : QString();
}

void ConnectionDetail::setEditable(bool editable) {
    m_database->setEditable(editable);
    m_oidc->setEditable(editable);
}

void ConnectionDetail::setBusy(bool busy, const QString& what) {
    m_busy->setVisible(busy);
    m_busyText->setVisible(busy);
    m_busyText->setText(what);
    m_cancel->setVisible(busy);
}

} // namespace gatehouse::app
