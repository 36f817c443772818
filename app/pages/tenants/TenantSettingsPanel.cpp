#include "app/pages/tenants/TenantSettingsPanel.h"

#include "app/pages/tenants/DurationEdit.h"
#include "widgets/HintLabel.h"

#include "models/api/ApiCall.h"
#include "models/tenants/SigningKeysModel.h"
#include "models/tenants/TenantRecord.h"
#include "models/tenants/TenantSettingsService.h"
#include "widgets/Icons.h"

#include <QColorDialog>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPainter>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>
#include <initializer_list>

namespace gatehouse::app {

using namespace Qt::StringLiterals;

namespace {

constexpr int kMaxSessionHours = 8760;                 // a year: the server's limit
constexpr int kMaxRefreshSeconds = 365 * 24 * 60 * 60; // the server's limits
constexpr int kMaxReuseSeconds = 60;
constexpr int kKidColumn = 1;

// `widgets` side by side at the start of a form row, at their own width; focus goes to the first.
QWidget* leadingRow(QWidget* parent, std::initializer_list<QWidget*> widgets) {
    auto* row = new QWidget(parent);
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    for (QWidget* widget : widgets)
        layout->addWidget(widget);
    layout->addStretch(1);
    row->setFocusProxy(*widgets.begin());
    return row;
}

QSpinBox* hoursBox(QWidget* parent) {
    auto* box = new QSpinBox(parent);
    box->setRange(1, kMaxSessionHours);
    box->setSuffix(QObject::tr(" hours", "session lifetime"));
    box->setAccelerated(true);
    return box;
}

bool isWebUrl(const QString& text) {
    const QUrl url(text, QUrl::StrictMode);
    return url.isValid() && !url.host().isEmpty() &&
           (url.scheme() == "https"_L1 || url.scheme() == "http"_L1);
}

} // namespace

TenantSettingsPanel::TenantSettingsPanel(client::Session& session, QWidget* parent)
    : QWidget(parent)
    , m_service(new client::TenantSettingsService(session, this))
    , m_keys(new client::SigningKeysModel(session, this))
    , m_sortedKeys(new QSortFilterProxyModel(this))
    , m_heading(new QLabel(this))
    , m_tabs(new QTabWidget(this))
    , m_name(new QLineEdit(this))
    , m_logo(new QLineEdit(this))
    , m_color(new QLineEdit(this))
    , m_colorButton(new QToolButton(this))
    , m_supportEmail(new QLineEdit(this))
    , m_supportUrl(new QLineEdit(this))
    , m_audience(new QLineEdit(this))
    , m_sessionHours(hoursBox(this))
    , m_idleHours(hoursBox(this))
    , m_refreshLifetime(new DurationEdit(kMaxRefreshSeconds, this))
    , m_idleRefresh(new DurationEdit(kMaxRefreshSeconds, this))
    , m_reuseInterval(new QSpinBox(this))
    , m_algorithm(new QComboBox(this))
    , m_keysView(new QTableView(this))
    , m_problem(new QLabel(this))
    , m_busy(new QProgressBar(this))
    , m_cancel(new QToolButton(this))
    , m_rotateButton(new QPushButton(widgets::icon(u"key"_s), tr("&Rotate Keys…"), this))
    , m_revertButton(new QPushButton(tr("Re&vert"), this))
    , m_saveButton(new QPushButton(tr("&Save"), this)) {
    setObjectName(u"tenantSettingsPanel"_s);
    buildLayout();
    connectSignals();
    showTenant({});
}

void TenantSettingsPanel::buildLayout() {
    m_heading->setObjectName(u"heading"_s);
    m_heading->setTextFormat(Qt::RichText);
    m_problem->setObjectName(u"problem"_s);
    m_problem->setStyleSheet(u"color:#b00020"_s);
    m_problem->setWordWrap(true);
    m_problem->hide();
    m_busy->setRange(0, 0);
    m_busy->setTextVisible(false);
    m_busy->setMaximumSize(120, 14);
    m_busy->hide();
    m_cancel->setText(tr("Cancel"));
    m_cancel->hide();
    m_saveButton->setObjectName(u"saveButton"_s);
    m_saveButton->setDefault(true);
    m_revertButton->setObjectName(u"revertButton"_s);
    m_rotateButton->setObjectName(u"rotateButton"_s);

    // The form scrolls when the window is small; the keys have a tab of their own, where the
    // table has the room its long key ids need.
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(buildForm());
    m_tabs->addTab(scroll, tr("Settings"));
    m_tabs->addTab(buildKeys(), tr("Signing Keys"));

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_busy);
    buttons->addWidget(m_cancel);
    buttons->addStretch(1);
    buttons->addWidget(m_revertButton);
    buttons->addWidget(m_saveButton);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 0, 0, 0);
    layout->addWidget(m_heading);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(m_problem);
    layout->addLayout(buttons);
}

void TenantSettingsPanel::connectSignals() {
    for (QLineEdit* edit : {m_name, m_logo, m_color, m_supportEmail, m_supportUrl, m_audience})
        connect(edit, &QLineEdit::textEdited, this, &TenantSettingsPanel::stateChanged);
    connect(m_color, &QLineEdit::textChanged, this, &TenantSettingsPanel::showSwatch);
    connect(m_colorButton, &QToolButton::clicked, this, &TenantSettingsPanel::chooseColor);
    for (QSpinBox* box : {m_sessionHours, m_idleHours, m_reuseInterval})
        connect(box, &QSpinBox::valueChanged, this, [this] {
            if (!m_filling)
                Q_EMIT stateChanged();
        });
    for (DurationEdit* edit : {m_refreshLifetime, m_idleRefresh})
        connect(edit, &DurationEdit::edited, this, &TenantSettingsPanel::stateChanged);
    connect(m_algorithm, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_filling)
            Q_EMIT stateChanged();
    });
    connect(this, &TenantSettingsPanel::stateChanged, this, [this] {
        const QString text = problem();
        m_problem->setText(text);
        m_problem->setVisible(!text.isEmpty() && isModified());
    });
    connect(m_saveButton, &QPushButton::clicked, this, &TenantSettingsPanel::save);
    connect(m_revertButton, &QPushButton::clicked, this, &TenantSettingsPanel::revert);
    connect(m_cancel, &QToolButton::clicked, this, [this] {
        if (client::ApiCall* pending = m_pending)
            pending->cancel();
    });
    connect(m_keys, &client::SigningKeysModel::errorOccurred, this,
            [this](const client::ApiError& error) {
                Q_EMIT failed(error, tr("Could not load the signing keys"));
            });
    connect(m_keys, &client::SigningKeysModel::pageLoaded, this, [this] {
        m_keysView->resizeColumnsToContents();
        m_keysView->setColumnWidth(kKidColumn, qMin(m_keysView->columnWidth(kKidColumn), 160));
    });
}

QWidget* TenantSettingsPanel::buildForm() {
    m_name->setObjectName(u"friendlyName"_s);
    m_name->setMaxLength(255);
    m_audience->setObjectName(u"defaultAudience"_s);
    m_audience->setPlaceholderText(tr("none: tokens without an API"));
    m_logo->setObjectName(u"logoUrl"_s);
    m_logo->setPlaceholderText(u"https://example.com/logo.png"_s);
    m_supportEmail->setObjectName(u"supportEmail"_s);
    m_supportEmail->setPlaceholderText(u"support@example.com"_s);
    m_supportUrl->setObjectName(u"supportUrl"_s);
    m_supportUrl->setPlaceholderText(u"https://example.com/help"_s);
    m_sessionHours->setObjectName(u"sessionLifetime"_s);
    m_idleHours->setObjectName(u"idleSessionLifetime"_s);
    m_algorithm->setObjectName(u"signingAlgorithm"_s);
    m_algorithm->addItems(client::signingAlgorithms());

    auto* box = new QWidget(this);
    auto* layout = new QVBoxLayout(box);

    auto* general = new QGroupBox(tr("General"), box);
    auto* generalForm = new QFormLayout(general);
    generalForm->addRow(tr("&Name:"), m_name);
    generalForm->addRow(tr("Default a&udience:"), m_audience);
    layout->addWidget(general);

    auto* branding = new QGroupBox(tr("Branding"), box);
    auto* brandingForm = new QFormLayout(branding);
    brandingForm->addRow(tr("&Logo URL:"), m_logo);
    auto* colorLabel = new QLabel(tr("Primary &colour:"), branding);
    colorLabel->setBuddy(m_color);
    brandingForm->addRow(colorLabel, buildColorRow(branding));
    brandingForm->addRow(tr("Support &e-mail:"), m_supportEmail);
    brandingForm->addRow(tr("Support U&RL:"), m_supportUrl);
    brandingForm->addRow(
        QString(),
        widgets::hintLabel(tr("Shown on the tenant's login pages and in its e-mails."), box));
    layout->addWidget(branding);

    auto* lifetimes = new QGroupBox(tr("Session lifetimes"), box);
    auto* lifetimesForm = new QFormLayout(lifetimes);
    lifetimesForm->addRow(tr("&Session lifetime:"), m_sessionHours);
    lifetimesForm->addRow(tr("&Idle lifetime:"), m_idleHours);
    lifetimesForm->addRow(QString(),
                          widgets::hintLabel(tr("How long a login lasts, and how long without use. "
                                                "Access token lifetimes are set per API."),
                                             box));
    layout->addWidget(lifetimes);
    layout->addWidget(buildRefreshTokens(box));
    layout->addStretch(1);
    return box;
}

// The refresh_token settings: lifetimes in the unit that shows the server's value exactly, and
// the reuse interval that spares clients refreshing twice at once from reuse detection.
QWidget* TenantSettingsPanel::buildRefreshTokens(QWidget* parent) {
    m_refreshLifetime->setObjectName(u"refreshTokenLifetime"_s);
    m_idleRefresh->setObjectName(u"idleRefreshTokenLifetime"_s);
    m_reuseInterval->setObjectName(u"refreshReuseInterval"_s);
    m_reuseInterval->setRange(0, kMaxReuseSeconds);
    m_reuseInterval->setSuffix(tr(" seconds", "reuse interval"));
    m_reuseInterval->setSpecialValueText(tr("Off", "reuse interval"));
    const QSpinBox* lifetimeBox = m_refreshLifetime->spinBox();
    m_reuseInterval->setMinimumWidth(
        qMax(lifetimeBox->minimumWidth(), lifetimeBox->sizeHint().width()));
    QWidget* reuseRow = leadingRow(parent, {m_reuseInterval});

    auto* group = new QGroupBox(tr("Refresh tokens"), parent);
    auto* form = new QFormLayout(group);
    form->addRow(tr("A&bsolute lifetime:"), m_refreshLifetime);
    form->addRow(tr("I&dle lifetime:"), m_idleRefresh);
    form->addRow(QString(),
                 widgets::hintLabel(tr("How long an application can keep a login by refreshing "
                                       "its tokens, and how long it may go without refreshing."),
                                    group));
    form->addRow(tr("Reuse in&terval:"), reuseRow);
    form->addRow(QString(),
                 widgets::hintLabel(tr("A refresh token used twice ends the login as stolen, "
                                       "unless the second use is this soon (apps that refresh "
                                       "in parallel)."),
                                    group));
    return group;
}

// The colour as text (what the API takes, and what people copy from a style guide) with a
// swatch beside it that shows it and opens the colour dialog.
QWidget* TenantSettingsPanel::buildColorRow(QWidget* parent) {
    m_color->setObjectName(u"primaryColor"_s);
    m_color->setMaxLength(7);
    m_color->setPlaceholderText(tr("default", "primary colour"));
    m_color->setToolTip(tr("Buttons, links and the focus ring of the login pages: # and 6 "
                           "hexadecimal digits, or empty for the default colour."));
    // Wide enough for "#rrggbb" and the placeholder, not the whole form's width.
    m_color->setMaximumWidth(m_color->fontMetrics().horizontalAdvance(u"#WWWWWWW"_s) + 16);
    m_colorButton->setObjectName(u"primaryColorButton"_s);
    m_colorButton->setToolTip(tr("Choose a colour…"));
    m_colorButton->setAccessibleName(tr("Choose the primary colour"));
    m_colorButton->setIconSize(QSize(28, 14));
    showSwatch();
    return leadingRow(parent, {m_color, m_colorButton});
}

// The swatch: the colour typed, or a crossed-out box while it is empty or not a colour yet.
void TenantSettingsPanel::showSwatch() {
    const QSize size = m_colorButton->iconSize();
    const qreal ratio = devicePixelRatioF();
    QPixmap pixmap(size * ratio);
    pixmap.setDevicePixelRatio(ratio);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    const QRectF box = QRectF(QPointF(0, 0), size).adjusted(0.5, 0.5, -0.5, -0.5);
    const QString text = m_color->text().trimmed();
    painter.setPen(palette().color(QPalette::Mid));
    if (client::TenantSettings::isColor(text)) {
        painter.setBrush(QColor(text));
        painter.drawRect(box);
    } else {
        painter.setBrush(palette().color(QPalette::Base));
        painter.drawRect(box);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.drawLine(box.bottomLeft(), box.topRight());
    }
    painter.end();
    m_colorButton->setIcon(QIcon(pixmap));
}

void TenantSettingsPanel::chooseColor() {
    if (m_readOnly || m_color->isReadOnly())
        return;
    const QString text = m_color->text().trimmed();
    const QColor initial =
        client::TenantSettings::isColor(text) ? QColor(text) : palette().color(QPalette::Highlight);
    QColorDialog dialog(initial, this);
    dialog.setWindowTitle(tr("Primary Colour for %1").arg(m_tenant));
    if (dialog.exec() != QDialog::Accepted || !dialog.selectedColor().isValid())
        return;
    m_color->setText(dialog.selectedColor().name(QColor::HexRgb));
    Q_EMIT stateChanged();
}

QWidget* TenantSettingsPanel::buildKeys() {
    auto* signing = new QWidget(this);
    m_keysView->setObjectName(u"signingKeys"_s);
    // Current, next, previous, revoked: the statuses' alphabetical order is their natural one.
    m_sortedKeys->setSourceModel(m_keys);
    m_sortedKeys->setSortRole(client::PagedListModel::SortValueRole);
    m_sortedKeys->sort(0);
    m_keysView->setModel(m_sortedKeys);
    m_keysView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_keysView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_keysView->setAlternatingRowColors(true);
    m_keysView->setWordWrap(false);
    // A kid is 43 characters: its middle gives way (the tooltip has all of it).
    m_keysView->setTextElideMode(Qt::ElideMiddle);
    m_keysView->verticalHeader()->hide();
    m_keysView->horizontalHeader()->setStretchLastSection(true);
    auto* form = new QFormLayout;
    form->addRow(tr("&Algorithm:"), m_algorithm);
    form->addRow(QString(), widgets::hintLabel(
                                tr("Changing the algorithm (with Save) switches to a new key at "
                                   "once; earlier tokens still verify with the previous key."),
                                signing));
    auto* keysLabel = new QLabel(tr("&Keys:"), signing);
    keysLabel->setBuddy(m_keysView);
    auto* rotateRow = new QHBoxLayout;
    rotateRow->addWidget(
        widgets::hintLabel(tr("Rotating makes the next key (already published) the one that "
                              "signs, on a schedule or after a suspected leak."),
                           signing),
        1);
    rotateRow->addWidget(m_rotateButton, 0, Qt::AlignTop);
    auto* layout = new QVBoxLayout(signing);
    layout->addLayout(form);
    layout->addWidget(keysLabel);
    layout->addWidget(m_keysView, 1);
    layout->addLayout(rotateRow);
    return signing;
}

void TenantSettingsPanel::showTenant(const QString& tenant) {
    if (client::ApiCall* pending = m_pending)
        pending->cancel();
    m_tenant = tenant;
    m_loaded = false;
    m_saved = {};
    fill(m_saved);
    m_heading->setText(tenant.isEmpty() ? tr("<i>Select a tenant to see its settings.</i>")
                                        : tr("<b>%1</b>").arg(tenant.toHtmlEscaped()));
    m_keys->cancel();
    if (!tenant.isEmpty()) {
        m_keys->setTenant(tenant);
        client::ApiCall* call = m_service->load(tenant);
        track(call);
        connect(call, &client::ApiCall::finished, this, [this, call, tenant] {
            if (tenant == m_tenant)
                onLoaded(call);
        });
    }
    Q_EMIT stateChanged();
}

void TenantSettingsPanel::onLoaded(client::ApiCall* call) {
    if (!call->result().ok()) {
        if (!call->result().error->isCancelled())
            Q_EMIT failed(*call->result().error, tr("Could not load the tenant's settings"));
        return;
    }
    m_saved = client::TenantSettingsService::settingsOf(*call);
    m_loaded = true;
    fill(m_saved);
    Q_EMIT stateChanged();
}

void TenantSettingsPanel::fill(const client::TenantSettings& settings) {
    m_filling = true;
    m_name->setText(settings.friendlyName);
    m_logo->setText(settings.pictureUrl);
    m_color->setText(settings.primaryColor);
    m_supportEmail->setText(settings.supportEmail);
    m_supportUrl->setText(settings.supportUrl);
    m_audience->setText(settings.defaultAudience);
    m_sessionHours->setValue(qMax(1, settings.sessionLifetimeHours));
    m_idleHours->setValue(qMax(1, settings.idleSessionLifetimeHours));
    m_refreshLifetime->setSeconds(settings.refreshLifetimeSeconds);
    m_idleRefresh->setSeconds(settings.idleRefreshLifetimeSeconds);
    m_reuseInterval->setValue(settings.refreshLeewaySeconds);
    m_algorithm->setCurrentIndex(qMax(0, m_algorithm->findText(settings.signingAlg)));
    m_filling = false;
    if (m_loaded)
        m_heading->setText(
            tr("<b>%1</b> &nbsp;<span style='color:gray'>/t/%2/</span>")
                .arg(settings.friendlyName.toHtmlEscaped(), m_tenant.toHtmlEscaped()));
}

client::TenantSettings TenantSettingsPanel::editedSettings() const {
    client::TenantSettings settings = m_saved;
    settings.friendlyName = m_name->text().trimmed();
    settings.pictureUrl = m_logo->text().trimmed();
    settings.primaryColor = m_color->text().trimmed();
    settings.supportEmail = m_supportEmail->text().trimmed();
    settings.supportUrl = m_supportUrl->text().trimmed();
    settings.defaultAudience = m_audience->text().trimmed();
    settings.sessionLifetimeHours = m_sessionHours->value();
    settings.idleSessionLifetimeHours = m_idleHours->value();
    settings.refreshLifetimeSeconds = m_refreshLifetime->seconds();
    settings.idleRefreshLifetimeSeconds = m_idleRefresh->seconds();
    settings.refreshLeewaySeconds = m_reuseInterval->value();
    settings.signingAlg = m_algorithm->currentText();
    return settings;
}

QAbstractItemModel* TenantSettingsPanel::sortedKeys() const {
    return m_sortedKeys;
}

bool TenantSettingsPanel::isReady() const {
    return m_loaded && !isBusy();
}

bool TenantSettingsPanel::isModified() const {
    return m_loaded && editedSettings() != m_saved;
}

QString TenantSettingsPanel::problem() const {
    const client::TenantSettings settings = editedSettings();
    if (settings.friendlyName.isEmpty())
        return tr("The tenant needs a name.");
    if (!settings.pictureUrl.isEmpty() && !isWebUrl(settings.pictureUrl))
        return tr("The logo URL must be an absolute http(s) URL.");
    if (!settings.primaryColor.isEmpty() && !client::TenantSettings::isColor(settings.primaryColor))
        return tr("The primary colour must be # and 6 hexadecimal digits, such as #1a73e8, or "
                  "empty for the default colour.");
    if (!settings.supportUrl.isEmpty() && !isWebUrl(settings.supportUrl))
        return tr("The support URL must be an absolute http(s) URL.");
    const qsizetype at = settings.supportEmail.lastIndexOf(u'@');
    if (!settings.supportEmail.isEmpty() &&
        (at <= 0 || at == settings.supportEmail.size() - 1 || settings.supportEmail.contains(u' ')))
        return tr("The support e-mail is not an e-mail address.");
    if (settings.idleSessionLifetimeHours > settings.sessionLifetimeHours)
        return tr("The idle lifetime cannot be longer than the session lifetime.");
    if (settings.idleRefreshLifetimeSeconds > settings.refreshLifetimeSeconds)
        return tr("The refresh tokens' idle lifetime cannot be longer than their absolute "
                  "lifetime.");
    return {};
}

void TenantSettingsPanel::save() {
    if (m_readOnly || !isModified() || !problem().isEmpty() || isBusy())
        return;
    const client::TenantSettings wanted = editedSettings();
    const bool algorithmChanged = wanted.signingAlg != m_saved.signingAlg;
    if (algorithmChanged && !confirmAlgorithmChange())
        return;
    client::ApiCall* call = m_service->save(m_tenant, m_saved, wanted);
    track(call);
    connect(call, &client::ApiCall::finished, this,
            [this, call, algorithmChanged] { onSaved(call, algorithmChanged); });
}

bool TenantSettingsPanel::confirmAlgorithmChange() {
    QMessageBox box(QMessageBox::Question, tr("Change Signing Algorithm"),
                    tr("Switch %1 to %2 keys now?").arg(m_tenant, m_algorithm->currentText()),
                    QMessageBox::Cancel, this);
    box.setInformativeText(
        tr("A new %1 key signs every token from now on. Tokens signed earlier still verify "
           "with the previous key until they expire. Clients that only accept %2 will refuse "
           "the new tokens.")
            .arg(m_algorithm->currentText(), m_saved.signingAlg));
    QPushButton* change =
        box.addButton(tr("Switch to %1").arg(m_algorithm->currentText()), QMessageBox::AcceptRole);
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    return box.clickedButton() == change;
}

void TenantSettingsPanel::onSaved(client::ApiCall* call, bool algorithmChanged) {
    const client::ApiResult& result = call->result();
    if (!result.ok()) {
        if (!result.error->isCancelled())
            Q_EMIT failed(*result.error, tr("The settings were not saved"));
        return;
    }
    m_saved = client::TenantSettingsService::settingsOf(*call);
    fill(m_saved);
    if (algorithmChanged)
        m_keys->reload();
    Q_EMIT saved(m_tenant, m_saved);
    Q_EMIT stateChanged();
}

void TenantSettingsPanel::revert() {
    fill(m_saved);
    Q_EMIT stateChanged();
}

void TenantSettingsPanel::rotateKeys() {
    if (m_readOnly || m_tenant.isEmpty() || isBusy())
        return;
    client::ApiCall* call = m_keys->rotate();
    track(call);
    connect(call, &client::ApiCall::finished, this, [this, call, tenant = m_tenant] {
        if (call->result().ok())
            Q_EMIT keysRotated(tenant, client::SigningKeysModel::kidOf(*call));
        else if (!call->result().error->isCancelled())
            Q_EMIT failed(*call->result().error, tr("The keys were not rotated"));
    });
}

void TenantSettingsPanel::track(client::ApiCall* call) {
    m_pending = call;
    m_busy->show();
    m_cancel->show();
    connect(call, &client::ApiCall::finished, this, [this, call] {
        if (m_pending == call || m_pending.isNull()) {
            m_pending.clear();
            m_busy->hide();
            m_cancel->hide();
        }
        Q_EMIT stateChanged();
    });
    Q_EMIT stateChanged();
}

void TenantSettingsPanel::setEditable(bool editable) {
    for (QLineEdit* edit : {m_name, m_logo, m_color, m_supportEmail, m_supportUrl, m_audience})
        edit->setReadOnly(!editable);
    m_colorButton->setEnabled(editable);
    m_sessionHours->setReadOnly(!editable);
    m_idleHours->setReadOnly(!editable);
    m_refreshLifetime->setReadOnly(!editable);
    m_idleRefresh->setReadOnly(!editable);
    m_reuseInterval->setReadOnly(!editable);
    m_algorithm->setEnabled(editable && m_loaded);
}

} // namespace gatehouse::app
