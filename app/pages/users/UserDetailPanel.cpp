#include "app/pages/users/UserDetailPanel.h"

#include "widgets/Icons.h"
#include "widgets/JsonEditor.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QFrame>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTreeWidget>
#include <QUrl>
#include <QVBoxLayout>

namespace gatehouse::app {

using namespace Qt::StringLiterals;

namespace {

constexpr int kMetadataTab = 1;
constexpr int kBlocksTab = 2;

QString timeText(const QDateTime& when, const QString& otherwise) {
    return when.isValid() ? QLocale().toString(when.toLocalTime(), QLocale::ShortFormat)
                          : otherwise;
}

QLabel* factLabel(QWidget* parent) {
    auto* label = new QLabel(parent);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

// The person's edit of a field wins over the server's newer value.
template <typename T> void keepEdit(T& latest, const T& shown, const T& form) {
    if (form != shown)
        latest = form;
}

} // namespace

UserDetailPanel::UserDetailPanel(QWidget* parent)
    : QWidget(parent)
    , m_stack(new QStackedWidget(this))
    , m_title(new QLabel(this))
    , m_subtitle(factLabel(this))
    , m_readOnlyNote(new QLabel(this))
    , m_tabs(new QTabWidget(this))
    , m_email(new QLineEdit(this))
    , m_verified(new QCheckBox(tr("&Verified"), this))
    , m_username(new QLineEdit(this))
    , m_name(new QLineEdit(this))
    , m_givenName(new QLineEdit(this))
    , m_familyName(new QLineEdit(this))
    , m_nickname(new QLineEdit(this))
    , m_picture(new QLineEdit(this))
    , m_blocked(new QCheckBox(tr("&Blocked: cannot log in"), this))
    , m_connection(factLabel(this))
    , m_created(factLabel(this))
    , m_updated(factLabel(this))
    , m_lastLogin(factLabel(this))
    , m_lastIp(factLabel(this))
    , m_logins(factLabel(this))
    , m_userMetadata(new widgets::JsonEditor(this))
    , m_appMetadata(new widgets::JsonEditor(this))
    , m_blocks(new QTreeWidget(this))
    , m_blocksStatus(new QLabel(this))
    , m_removeBlocks(new QPushButton(tr("Re&move Blocks"), this))
    , m_problem(new QLabel(this))
    , m_status(new QLabel(this))
    , m_revert(new QPushButton(tr("&Revert"), this))
    , m_save(new QPushButton(tr("&Save"), this)) {
    setObjectName(QStringLiteral("userDetail"));
    setMinimumWidth(320);
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_subtitle->setStyleSheet(QStringLiteral("color: palette(mid)"));
    m_readOnlyNote->setWordWrap(true);
    m_readOnlyNote->hide();
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color:#b00020"));
    m_save->setDefault(true);
    m_userMetadata->setObjectName(QStringLiteral("userMetadata"));
    m_appMetadata->setObjectName(QStringLiteral("appMetadata"));

    m_tabs->setDocumentMode(true);
    m_tabs->addTab(buildProfileTab(), tr("Profile"));
    m_tabs->addTab(buildMetadataTab(), tr("Metadata"));
    m_tabs->addTab(buildBlocksTab(), tr("Blocks"));
    m_tabs->setTabToolTip(kBlocksTab,
                          tr("Attack protection: addresses blocked after failed logins"));

    buildLayout();
    connectEditors();
    showUser({});
}

void UserDetailPanel::buildLayout() {
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_status, 1);
    buttons->addWidget(m_revert);
    buttons->addWidget(m_save);
    auto* details = new QWidget(this);
    auto* detailsLayout = new QVBoxLayout(details);
    detailsLayout->setContentsMargins(8, 4, 4, 4);
    detailsLayout->addWidget(m_title);
    detailsLayout->addWidget(m_subtitle);
    detailsLayout->addWidget(m_readOnlyNote);
    detailsLayout->addWidget(m_tabs, 1);
    detailsLayout->addWidget(m_problem);
    detailsLayout->addLayout(buttons);

    auto* placeholder = new QLabel(tr("Select a user to see and edit their profile."), this);
    placeholder->setAlignment(Qt::AlignCenter);
    placeholder->setWordWrap(true);
    placeholder->setStyleSheet(QStringLiteral("color: palette(mid)"));
    m_stack->addWidget(placeholder);
    m_stack->addWidget(details);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);
}

void UserDetailPanel::connectEditors() {
    for (QLineEdit* edit :
         {m_email, m_username, m_name, m_givenName, m_familyName, m_nickname, m_picture})
        connect(edit, &QLineEdit::textEdited, this, &UserDetailPanel::updateProblem);
    for (QCheckBox* box : {m_verified, m_blocked})
        connect(box, &QCheckBox::toggled, this, &UserDetailPanel::updateProblem);
    for (widgets::JsonEditor* editor : {m_userMetadata, m_appMetadata})
        connect(editor, &widgets::JsonEditor::edited, this, &UserDetailPanel::updateProblem);
    connect(m_save, &QPushButton::clicked, this, &UserDetailPanel::saveRequested);
    connect(m_revert, &QPushButton::clicked, this, [this] { showUser(m_user); });
    connect(m_removeBlocks, &QPushButton::clicked, this, &UserDetailPanel::removeBlocksRequested);
    connect(m_tabs, &QTabWidget::currentChanged, this, &UserDetailPanel::showProblem);
}

QSize UserDetailPanel::sizeHint() const {
    return {minimumWidth(), QWidget::sizeHint().height()};
}

QWidget* UserDetailPanel::buildProfileTab() {
    m_email->setPlaceholderText(QStringLiteral("name@example.com"));
    m_username->setPlaceholderText(tr("only in connections that require usernames"));
    m_picture->setPlaceholderText(QStringLiteral("https://…"));
    auto* tab = new QWidget(this);
    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("&Email:"), m_email);
    form->addRow(QString(), m_verified);
    form->addRow(tr("&Username:"), m_username);
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Given name:"), m_givenName);
    form->addRow(tr("&Family name:"), m_familyName);
    form->addRow(tr("Nic&kname:"), m_nickname);
    form->addRow(tr("&Picture URL:"), m_picture);
    form->addRow(tr("Status:"), m_blocked);
    auto* layout = new QVBoxLayout(tab);
    layout->addLayout(form);
    layout->addWidget(buildFactsBox());
    layout->addStretch(1);
    return tab;
}

QWidget* UserDetailPanel::buildFactsBox() {
    auto* box = new QGroupBox(tr("Account"), this);
    auto* form = new QFormLayout(box);
    form->addRow(tr("Connection:"), m_connection);
    form->addRow(tr("Created:"), m_created);
    form->addRow(tr("Updated:"), m_updated);
    form->addRow(tr("Last login:"), m_lastLogin);
    form->addRow(tr("Last IP address:"), m_lastIp);
    form->addRow(tr("Logins:"), m_logins);
    return box;
}

QWidget* UserDetailPanel::buildMetadataTab() {
    auto* tab = new QWidget(this);
    auto* userLabel = new QLabel(tr("&User metadata: preferences the user's apps may change"), tab);
    userLabel->setBuddy(m_userMetadata->editor());
    userLabel->setWordWrap(true);
    auto* appLabel =
        new QLabel(tr("&App metadata: roles, plans and flags only admins change"), tab);
    appLabel->setBuddy(m_appMetadata->editor());
    appLabel->setWordWrap(true);
    auto* layout = new QVBoxLayout(tab);
    layout->addWidget(userLabel);
    layout->addWidget(m_userMetadata, 1);
    layout->addSpacing(6);
    layout->addWidget(appLabel);
    layout->addWidget(m_appMetadata, 1);
    return tab;
}

QWidget* UserDetailPanel::buildBlocksTab() {
    auto* tab = new QWidget(this);
    auto* explanation = new QLabel(
        tr("Too many failed logins from an address block the user from that address for a "
           "while. Removing the blocks lets them try again at once."),
        tab);
    explanation->setWordWrap(true);
    m_blocks->setObjectName(QStringLiteral("userBlocks"));
    m_blocks->setHeaderLabels({tr("IP address"), tr("Identifier")});
    m_blocks->setRootIsDecorated(false);
    m_blocks->header()->setStretchLastSection(true);
    m_blocksStatus->setWordWrap(true);
    m_removeBlocks->setObjectName(QStringLiteral("removeBlocks"));
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_blocksStatus, 1);
    buttons->addWidget(m_removeBlocks);
    auto* layout = new QVBoxLayout(tab);
    layout->addWidget(explanation);
    layout->addWidget(m_blocks, 1);
    layout->addLayout(buttons);
    return tab;
}

void UserDetailPanel::showUser(const client::UserRecord& user) {
    const bool another = user.userId != m_user.userId;
    m_user = user;
    m_stack->setCurrentIndex(hasUser() ? 1 : 0);
    fill(user, false);
    if (another) {
        m_status->clear();
        showBlocks({});
        m_blocksStatus->clear();
    }
    updateProblem();
}

void UserDetailPanel::updateUser(const client::UserRecord& latest) {
    if (latest.userId != m_user.userId || !isModified()) {
        showUser(latest);
        return;
    }
    const client::UserRecord form = edited();
    client::UserRecord merged = latest;
    keepEdit(merged.email, m_user.email, form.email);
    keepEdit(merged.emailVerified, m_user.emailVerified, form.emailVerified);
    keepEdit(merged.username, m_user.username, form.username);
    keepEdit(merged.name, m_user.name, form.name);
    keepEdit(merged.givenName, m_user.givenName, form.givenName);
    keepEdit(merged.familyName, m_user.familyName, form.familyName);
    keepEdit(merged.nickname, m_user.nickname, form.nickname);
    keepEdit(merged.picture, m_user.picture, form.picture);
    keepEdit(merged.blocked, m_user.blocked, form.blocked);
    m_user = latest;
    fill(merged, true);
    updateProblem();
}

void UserDetailPanel::fill(const client::UserRecord& user, bool keepMetadataEdits) {
    m_title->setText(user.displayName());
    m_subtitle->setText(user.userId);
    m_email->setText(user.email);
    m_verified->setChecked(user.emailVerified);
    m_username->setText(user.username);
    m_name->setText(user.name);
    m_givenName->setText(user.givenName);
    m_familyName->setText(user.familyName);
    m_nickname->setText(user.nickname);
    m_picture->setText(user.picture);
    m_blocked->setChecked(user.blocked);
    // "Username-Password-Authentication" is wider than the panel: shortened, whole in the tip.
    m_connection->setText(
        m_connection->fontMetrics().elidedText(user.connection, Qt::ElideMiddle, 150));
    m_connection->setToolTip(user.connection);
    m_created->setText(timeText(user.createdAt, QString()));
    m_updated->setText(timeText(user.updatedAt, QString()));
    m_lastLogin->setText(timeText(user.lastLogin, tr("never")));
    m_lastIp->setText(user.lastIp.isEmpty() ? tr("—") : user.lastIp);
    m_logins->setText(QLocale().toString(user.loginsCount));
    if (!keepMetadataEdits || !m_userMetadata->isModified())
        m_userMetadata->setObject(user.userMetadata);
    if (!keepMetadataEdits || !m_appMetadata->isModified())
        m_appMetadata->setObject(user.appMetadata);
}

client::UserRecord UserDetailPanel::edited() const {
    client::UserRecord user = m_user;
    user.email = m_email->text().trimmed();
    user.emailVerified = m_verified->isChecked();
    user.username = m_username->text().trimmed();
    user.name = m_name->text();
    user.givenName = m_givenName->text();
    user.familyName = m_familyName->text();
    user.nickname = m_nickname->text();
    user.picture = m_picture->text().trimmed();
    user.blocked = m_blocked->isChecked();
    if (m_userMetadata->isValid())
        user.userMetadata = m_userMetadata->object();
    if (m_appMetadata->isValid())
        user.appMetadata = m_appMetadata->object();
    return user;
}

bool UserDetailPanel::isModified() const {
    if (!hasUser())
        return false;
    // Text that does not parse is an edit too, one that cannot be saved yet.
    return !m_userMetadata->isValid() || !m_appMetadata->isValid() ||
           !edited().changesSince(m_user).isEmpty();
}

QString UserDetailPanel::problem() const {
    if (!hasUser())
        return {};
    if (!m_userMetadata->isValid())
        return tr("User metadata: %1").arg(m_userMetadata->problem());
    if (!m_appMetadata->isValid())
        return tr("App metadata: %1").arg(m_appMetadata->problem());
    const QString email = m_email->text().trimmed();
    if (email.isEmpty() && !m_user.email.isEmpty())
        return tr("The e-mail address cannot be empty.");
    if (!email.isEmpty() && (!email.contains(u'@') || email.startsWith(u'@') ||
                             email.endsWith(u'@') || email.contains(u' ')))
        return tr("“%1” is not an e-mail address.").arg(email);
    const QString picture = m_picture->text().trimmed();
    if (!picture.isEmpty()) {
        const QUrl url(picture, QUrl::StrictMode);
        if (!url.isValid() || url.host().isEmpty() ||
            (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http")))
            return tr("The picture must be an http or https URL.");
    }
    return {};
}

void UserDetailPanel::updateProblem() {
    m_status->clear(); // "Saved" no longer holds
    showProblem();
    Q_EMIT formChanged();
}

void UserDetailPanel::showProblem() {
    // An editor that does not parse says so below itself and on its tab; the line below the
    // tabs repeats it only while another tab hides the editor.
    const bool jsonValid = m_userMetadata->isValid() && m_appMetadata->isValid();
    m_tabs->setTabIcon(kMetadataTab, jsonValid ? QIcon() : widgets::icon(u"error"_s));
    const bool shownByEditor = !jsonValid && m_tabs->currentIndex() == kMetadataTab;
    m_problem->setText(shownByEditor ? QString() : problem());
    m_problem->setVisible(!m_problem->text().isEmpty());
}

void UserDetailPanel::setReadOnly(bool readOnly, const QString& why) {
    for (QLineEdit* edit :
         {m_email, m_username, m_name, m_givenName, m_familyName, m_nickname, m_picture})
        edit->setReadOnly(readOnly);
    for (QCheckBox* box : {m_verified, m_blocked})
        box->setEnabled(!readOnly);
    m_userMetadata->setReadOnly(readOnly);
    m_appMetadata->setReadOnly(readOnly);
    m_save->setVisible(!readOnly);
    m_revert->setVisible(!readOnly);
    m_readOnlyNote->setText(why);
    m_readOnlyNote->setVisible(readOnly && !why.isEmpty());
}

void UserDetailPanel::setStatus(const QString& text) {
    m_status->setText(text);
}

void UserDetailPanel::showBlocksLoading() {
    showBlocks({});
    m_blocksStatus->setText(tr("Loading…"));
}

void UserDetailPanel::showBlocks(const QList<client::UserBlock>& blocks) {
    m_blocks->clear();
    for (const client::UserBlock& block : blocks)
        new QTreeWidgetItem(m_blocks, {block.ip, block.identifier});
    m_blocks->resizeColumnToContents(0);
    m_blockCount = int(blocks.size());
    if (blocks.isEmpty())
        m_blocksStatus->setText(tr("No blocks: the user can log in from anywhere."));
    else if (blocks.size() == 1)
        m_blocksStatus->setText(tr("Blocked from one address."));
    else
        m_blocksStatus->setText(tr("Blocked from %1 addresses.").arg(blocks.size()));
    m_tabs->setTabText(kBlocksTab,
                       blocks.isEmpty() ? tr("Blocks") : tr("Blocks (%1)").arg(blocks.size()));
    Q_EMIT formChanged();
}

void UserDetailPanel::showBlocksError(const QString& message) {
    showBlocks({});
    m_blocksStatus->setText(message);
}

} // namespace gatehouse::app
