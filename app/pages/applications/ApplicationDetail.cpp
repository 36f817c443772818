#include "app/pages/applications/ApplicationDetail.h"

#include "widgets/ChecklistView.h"
#include "widgets/HintLabel.h"

#include "app/pages/applications/ApplicationTypeIcons.h"
#include "models/applications/EnabledConnectionsModel.h"
#include "widgets/Icons.h"
#include "widgets/StringListEditor.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
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

constexpr int kCredentialsTab = 1;

QLabel* buddyLabel(const QString& text, QWidget* buddy, QWidget* parent) {
    auto* label = new QLabel(text, parent);
    label->setBuddy(buddy);
    return label;
}

} // namespace

ApplicationDetail::ApplicationDetail(client::EnabledConnectionsModel& connections, QWidget* parent)
    : QWidget(parent)
    , m_connectionsModel(connections)
    , m_stack(new QStackedWidget(this))
    , m_tabs(new QTabWidget(this))
    , m_busyText(new QLabel(this))
    , m_busy(new QProgressBar(this))
    , m_cancel(new QToolButton(this))
    , m_revert(new QPushButton(tr("Re&vert"), this))
    , m_save(new QPushButton(tr("&Save"), this)) {
    setObjectName(u"applicationDetail"_s);
    auto* placeholder =
        widgets::hintLabel(tr("Select an application to see and change its settings."), this);
    placeholder->setAlignment(Qt::AlignCenter);

    m_tabs->setDocumentMode(true);
    m_tabs->addTab(buildSettings(), tr("Settings"));
    m_tabs->addTab(buildCredentials(), tr("Credentials"));
    m_tabs->addTab(buildConnections(), tr("Connections"));

    m_busy->setRange(0, 0);
    m_busy->setMaximumSize(100, 12);
    m_busy->setTextVisible(false);
    m_cancel->setText(tr("Cancel"));
    m_cancel->setObjectName(u"cancel"_s);
    m_save->setObjectName(u"save"_s);
    m_save->setDefault(true);
    m_save->setIcon(widgets::icon(u"edit"_s));
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

    // Save and Revert are for Settings and Connections; the credentials act at once.
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int tab) {
        m_save->setVisible(tab != kCredentialsTab);
        m_revert->setVisible(tab != kCredentialsTab);
    });
    connect(m_save, &QPushButton::clicked, this, &ApplicationDetail::saveRequested);
    connect(m_revert, &QPushButton::clicked, this, &ApplicationDetail::revertRequested);
    connect(m_cancel, &QToolButton::clicked, this, &ApplicationDetail::cancelRequested);
    connect(&m_connectionsModel, &client::EnabledConnectionsModel::changesChanged, this,
            &ApplicationDetail::changed);
    setMinimumWidth(380);
}

QWidget* ApplicationDetail::buildHeader() {
    auto* header = new QWidget(this);
    m_icon = new QLabel(header);
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
    layout->addWidget(m_icon, 0, Qt::AlignTop);
    layout->addLayout(text, 1);
    return header;
}

QWidget* ApplicationDetail::buildSettings() {
    auto* page = new QWidget;
    m_name = new QLineEdit(page);
    m_name->setObjectName(u"name"_s);
    m_name->setMaxLength(255);
    m_description = new QLineEdit(page);
    m_description->setObjectName(u"description"_s);
    m_description->setMaxLength(140);
    m_type = new QLabel(page);
    m_callbacks = new widgets::StringListEditor(page);
    m_callbacks->setObjectName(u"callbacks"_s);
    m_callbacks->setPlaceholderText(u"https://app.example.com/callback"_s);
    m_callbacks->setValidator(&client::ClientRecord::checkRedirectUrl);
    m_logoutUrls = new widgets::StringListEditor(page);
    m_logoutUrls->setObjectName(u"logoutUrls"_s);
    m_logoutUrls->setPlaceholderText(u"https://app.example.com/"_s);
    m_logoutUrls->setValidator(&client::ClientRecord::checkRedirectUrl);
    m_webOrigins = new widgets::StringListEditor(page);
    m_webOrigins->setObjectName(u"webOrigins"_s);
    m_webOrigins->setPlaceholderText(u"https://app.example.com"_s);
    m_webOrigins->setValidator(&client::ClientRecord::checkWebOrigin);

    auto* grants = new QWidget(page);
    auto* grantLayout = new QVBoxLayout(grants);
    grantLayout->setContentsMargins(0, 0, 0, 0);
    grantLayout->setSpacing(2);
    for (const client::GrantTypeInfo& grant : client::GrantTypeInfo::all()) {
        auto* box = new QCheckBox(grant.name, grants);
        box->setObjectName(u"grant-"_s + grant.code);
        box->setToolTip(grant.description);
        grantLayout->addWidget(box);
        m_grants.insert(grant.code, box);
        connect(box, &QCheckBox::toggled, this, &ApplicationDetail::changed);
    }
    m_grantNote = widgets::hintLabel({}, grants);
    grantLayout->addWidget(m_grantNote);

    auto* form = new QFormLayout(page);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(buddyLabel(tr("&Name:"), m_name, page), m_name);
    form->addRow(buddyLabel(tr("&Description:"), m_description, page), m_description);
    form->addRow(tr("Type:"), m_type);
    form->addRow(buddyLabel(tr("Allowed &callback URLs:"), m_callbacks, page), m_callbacks);
    form->addRow(buddyLabel(tr("Allowed &logout URLs:"), m_logoutUrls, page), m_logoutUrls);
    form->addRow(buddyLabel(tr("Allowed web &origins:"), m_webOrigins, page), m_webOrigins);
    form->addRow(buddyLabel(tr("&Grant types:"), m_grants.first(), page), grants);
    for (QLineEdit* edit : {m_name, m_description})
        connect(edit, &QLineEdit::textChanged, this, &ApplicationDetail::changed);
    for (widgets::StringListEditor* editor : {m_callbacks, m_logoutUrls, m_webOrigins})
        connect(editor, &widgets::StringListEditor::edited, this, &ApplicationDetail::changed);

    auto* scroll = new QScrollArea;
    scroll->setWidget(page);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    return scroll;
}

QWidget* ApplicationDetail::buildCredentials() {
    auto* page = new QWidget;
    m_clientId = new QLineEdit(page);
    m_clientId->setObjectName(u"clientId"_s);
    m_clientId->setReadOnly(true);
    m_clientId->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    auto* copyId = new QPushButton(widgets::icon(u"copy"_s), tr("Copy"), page);
    copyId->setObjectName(u"copyClientId"_s);
    connect(copyId, &QPushButton::clicked, this,
            [this] { QApplication::clipboard()->setText(m_clientId->text()); });
    m_authMethod = new QLabel(page);
    m_secret = new QLineEdit(page);
    m_secret->setObjectName(u"secret"_s);
    m_secret->setReadOnly(true);
    m_secret->setEchoMode(QLineEdit::Password);
    m_secret->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_reveal = new QPushButton(tr("&Reveal…"), page);
    m_reveal->setObjectName(u"reveal"_s);
    m_copySecret = new QPushButton(widgets::icon(u"copy"_s), tr("Cop&y"), page);
    m_copySecret->setObjectName(u"copySecret"_s);
    m_secretNote = widgets::hintLabel({}, page);
    m_rotate = new QPushButton(widgets::icon(u"key"_s), tr("R&otate Secret…"), page);
    m_rotate->setObjectName(u"rotate"_s);
    connect(m_reveal, &QPushButton::clicked, this, [this] {
        if (isSecretRevealed())
            setSecretRevealed(false); // hiding needs no confirmation
        else
            Q_EMIT revealRequested();
    });
    connect(m_copySecret, &QPushButton::clicked, this,
            [this] { QApplication::clipboard()->setText(m_secretValue); });
    connect(m_rotate, &QPushButton::clicked, this, &ApplicationDetail::rotateRequested);

    auto* idRow = new QHBoxLayout;
    idRow->addWidget(m_clientId, 1);
    idRow->addWidget(copyId);
    // The secret gets the whole width (43 characters); its buttons go below it.
    auto* secretButtons = new QHBoxLayout;
    secretButtons->addWidget(m_reveal);
    secretButtons->addWidget(m_copySecret);
    secretButtons->addStretch(1);
    auto* rotateRow = new QHBoxLayout;
    rotateRow->addWidget(m_rotate);
    rotateRow->addStretch(1);
    auto* form = new QFormLayout(page);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(buddyLabel(tr("Client &ID:"), m_clientId, page), idRow);
    form->addRow(tr("Authentication:"), m_authMethod);
    form->addRow(buddyLabel(tr("Client s&ecret:"), m_secret, page), m_secret);
    form->addRow(QString(), secretButtons);
    form->addRow(QString(), m_secretNote);
    form->addItem(new QSpacerItem(0, 8));
    form->addRow(QString(), rotateRow);
    form->addRow(QString(),
                 widgets::hintLabel(tr("Rotating makes a new secret at once: the current one stops "
                                       "working for every service that uses it."),
                                    page));
    return page;
}

QWidget* ApplicationDetail::buildConnections() {
    auto* page = new QWidget;
    m_connections = widgets::checklistView(&m_connectionsModel, u"connections"_s, page);
    auto* layout = new QVBoxLayout(page);
    layout->addWidget(widgets::hintLabel(tr("People sign in to this application through the ticked "
                                            "connections. The changes are saved with Save."),
                                         page));
    layout->addWidget(m_connections, 1);
    return page;
}

void ApplicationDetail::showClient(const client::ClientRecord& client) {
    m_saved = client;
    m_secretValue.clear();
    m_stack->setCurrentIndex(client.clientId.isEmpty() ? 0 : 1);
    const client::AppTypeInfo* info = client::AppTypeInfo::ofCode(client.appType);
    const QString typeName = info != nullptr ? info->name : client.appType;
    m_icon->setPixmap(applicationTypeIcon(client.appType).pixmap(32, 32));
    m_title->setText(client.name);
    m_subtitle->setText(typeName);
    {
        const QSignalBlocker nameBlocker(m_name);
        const QSignalBlocker descriptionBlocker(m_description);
        m_name->setText(client.name);
        m_description->setText(client.description);
        for (auto it = m_grants.cbegin(); it != m_grants.cend(); ++it) {
            const QSignalBlocker blocker(it.value());
            it.value()->setChecked(client.grantTypes.contains(it.key()));
        }
    }
    m_type->setText(typeName);
    m_callbacks->setValues(client.callbacks);
    m_logoutUrls->setValues(client.allowedLogoutUrls);
    m_webOrigins->setValues(client.webOrigins);
    m_clientId->setText(client.clientId);
    m_authMethod->setText(client.hasSecret()
                              ? tr("Client secret (%1)").arg(client.tokenEndpointAuthMethod)
                              : tr("None: a public client proves itself with PKCE"));
    m_connectionsModel.setClient(client.clientId);
    setSecretRevealed(false);
    updateGrantBoxes();
    updateSecretText();
    Q_EMIT changed();
}

QStringList ApplicationDetail::checkedGrantTypes() const {
    // The saved order first, so that an unchanged set is no change (and not sent).
    QStringList grants;
    for (const QString& grant : m_saved.grantTypes) {
        if (!m_grants.contains(grant) || m_grants.value(grant)->isChecked())
            grants.append(grant);
    }
    for (auto it = m_grants.cbegin(); it != m_grants.cend(); ++it) {
        if (it.value()->isChecked() && !grants.contains(it.key()))
            grants.append(it.key());
    }
    return grants;
}

client::ClientRecord ApplicationDetail::edited() const {
    client::ClientRecord client = m_saved;
    client.name = m_name->text().trimmed();
    client.description = m_description->text().trimmed();
    client.callbacks = m_callbacks->values();
    client.allowedLogoutUrls = m_logoutUrls->values();
    client.webOrigins = m_webOrigins->values();
    client.grantTypes = checkedGrantTypes();
    return client;
}

bool ApplicationDetail::isSettingsModified() const {
    return !m_saved.clientId.isEmpty() && !edited().patchFrom(m_saved).isEmpty();
}

bool ApplicationDetail::isModified() const {
    return isSettingsModified() || m_connectionsModel.hasChanges();
}

QString ApplicationDetail::problem() const {
    if (m_name->text().trimmed().isEmpty())
        return tr("Enter a name.");
    const std::pair<QString, widgets::StringListEditor*> lists[] = {
        {tr("Callback URLs"), m_callbacks},
        {tr("Logout URLs"), m_logoutUrls},
        {tr("Web origins"), m_webOrigins}};
    for (const auto& [what, editor] : lists) {
        if (!editor->isValid())
            return tr("%1: %2").arg(what, editor->problem());
    }
    return {};
}

QCheckBox* ApplicationDetail::grantTypeBox(const QString& code) const {
    return m_grants.value(code);
}

void ApplicationDetail::setSecret(const QString& secret) {
    m_secretValue = secret;
    updateSecretText();
}

bool ApplicationDetail::hasSecret() const {
    return !m_secretValue.isEmpty();
}

void ApplicationDetail::setSecretRevealed(bool revealed) {
    m_secret->setEchoMode(revealed && hasSecret() ? QLineEdit::Normal : QLineEdit::Password);
    m_reveal->setText(isSecretRevealed() ? tr("&Hide") : tr("&Reveal…"));
}

bool ApplicationDetail::isSecretRevealed() const {
    return m_secret->echoMode() == QLineEdit::Normal;
}

void ApplicationDetail::updateSecretText() {
    m_secret->setText(m_secretValue);
    if (!m_saved.hasSecret()) {
        m_secret->setPlaceholderText(tr("No secret"));
        m_secretNote->setText(tr("Single-page and native applications are public clients: "
                                 "they cannot keep a secret, so they have none."));
    } else if (m_secretValue.isEmpty()) {
        m_secret->setPlaceholderText(tr("Hidden: only its hash is kept"));
        m_secretNote->setText(tr("The server keeps only a hash of the secret, so it cannot be "
                                 "shown. It is shown when the application is created or its "
                                 "secret rotated; rotate it if it was lost."));
    } else {
        m_secret->setPlaceholderText({});
        m_secretNote->setText(tr("Received by this dashboard when it was made. It is forgotten "
                                 "when you sign out; the server cannot show it again."));
    }
    if (!hasSecret())
        setSecretRevealed(false);
}

void ApplicationDetail::updateGrantBoxes() {
    const bool isPublic = m_saved.isPublic();
    for (auto it = m_grants.cbegin(); it != m_grants.cend(); ++it) {
        const bool allowed = !(isPublic && it.key() == "client_credentials"_L1);
        it.value()->setEnabled(m_editable && allowed);
    }
    m_grantNote->setText(isPublic ? tr("Client Credentials needs a secret: public clients "
                                       "cannot use it.")
                                  : QString());
    m_grantNote->setVisible(isPublic);
}

void ApplicationDetail::setEditable(bool editable) {
    m_editable = editable;
    m_name->setReadOnly(!editable);
    m_description->setReadOnly(!editable);
    for (widgets::StringListEditor* editor : {m_callbacks, m_logoutUrls, m_webOrigins})
        editor->setReadOnly(!editable);
    updateGrantBoxes();
}

void ApplicationDetail::setBusy(bool busy, const QString& what) {
    m_busy->setVisible(busy);
    m_busyText->setVisible(busy);
    m_busyText->setText(what);
    m_cancel->setVisible(busy);
}

} // namespace gatehouse::app
