#include "app/pages/connections/AttackProtectionGroup.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QLabel>
#include <QSpinBox>
#include <QVBoxLayout>

namespace gatehouse::app {

using namespace Qt::StringLiterals;
using client::AttackProtection;

namespace {

QSpinBox* spinBox(const QString& name, int maximum, const QString& suffix, QWidget* parent) {
    auto* box = new QSpinBox(parent);
    box->setObjectName(name);
    box->setRange(1, maximum);
    box->setSuffix(suffix);
    box->setAccelerated(true);
    return box;
}

} // namespace

AttackProtectionGroup::AttackProtectionGroup(QWidget* parent)
    : QGroupBox(tr("Attack protection"), parent)
    , m_note(new QLabel(this))
    , m_bruteForce(new QCheckBox(tr("&Block accounts after failed logins"), this))
    , m_maxAttempts(spinBox(u"maxAttempts"_s, AttackProtection::kMaxBruteForceAttempts,
                            tr(" failures"), this))
    , m_blockMinutes(
          spinBox(u"blockMinutes"_s, AttackProtection::kMaxMinutes, tr(" minutes"), this))
    , m_ipThrottling(new QCheckBox(tr("&Throttle addresses with many failures"), this))
    , m_ipMaxAttempts(
          spinBox(u"ipMaxAttempts"_s, AttackProtection::kMaxIpAttempts, tr(" failures"), this))
    , m_ipWindow(
          spinBox(u"ipWindowMinutes"_s, AttackProtection::kMaxMinutes, tr(" minutes"), this)) {
    setObjectName(u"attackProtection"_s);
    m_bruteForce->setObjectName(u"bruteForce"_s);
    m_ipThrottling->setObjectName(u"ipThrottling"_s);
    m_note->setWordWrap(true);
    m_note->setForegroundRole(QPalette::PlaceholderText);
    m_note->setText(tr("Settings of the tenant: they apply to all its database connections."));

    // Without the tenant's values there is nothing to show but the note saying why.
    m_fields = new QWidget(this);
    auto* form = new QFormLayout(m_fields);
    form->setContentsMargins(0, 0, 0, 0);
    form->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
    form->addRow(m_bruteForce);
    auto* attempts = new QLabel(tr("Failures before the &block:"), this);
    attempts->setBuddy(m_maxAttempts);
    form->addRow(attempts, m_maxAttempts);
    auto* block = new QLabel(tr("Block &lasts:"), this);
    block->setBuddy(m_blockMinutes);
    form->addRow(block, m_blockMinutes);
    form->addRow(m_ipThrottling);
    auto* ipAttempts = new QLabel(tr("Failures per &address:"), this);
    ipAttempts->setBuddy(m_ipMaxAttempts);
    form->addRow(ipAttempts, m_ipMaxAttempts);
    auto* window = new QLabel(tr("&Within:"), this);
    window->setBuddy(m_ipWindow);
    form->addRow(window, m_ipWindow);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_note);
    layout->addWidget(m_fields);

    for (QCheckBox* box : {m_bruteForce, m_ipThrottling}) {
        connect(box, &QCheckBox::toggled, this, [this] {
            updateEnabled();
            Q_EMIT changed();
        });
    }
    for (QSpinBox* box : {m_maxAttempts, m_blockMinutes, m_ipMaxAttempts, m_ipWindow})
        connect(box, &QSpinBox::valueChanged, this, &AttackProtectionGroup::changed);
    setUnavailable(tr("Loading…"));
}

void AttackProtectionGroup::setSettings(const AttackProtection& settings) {
    m_saved = settings;
    m_loaded = true;
    const QSignalBlocker blocker(this); // the fields' changes reach changed() through this
    m_bruteForce->setChecked(settings.bruteForceEnabled);
    m_maxAttempts->setValue(settings.maxAttempts);
    m_blockMinutes->setValue(settings.blockMinutes);
    m_ipThrottling->setChecked(settings.ipThrottlingEnabled);
    m_ipMaxAttempts->setValue(settings.ipMaxAttempts);
    m_ipWindow->setValue(settings.ipWindowMinutes);
    m_note->setText(tr("Settings of the tenant: they apply to all its database connections."));
    updateEnabled();
}

void AttackProtectionGroup::revert() {
    if (m_loaded)
        setSettings(m_saved);
}

AttackProtection AttackProtectionGroup::settings() const {
    AttackProtection settings;
    settings.bruteForceEnabled = m_bruteForce->isChecked();
    settings.maxAttempts = m_maxAttempts->value();
    settings.blockMinutes = m_blockMinutes->value();
    settings.ipThrottlingEnabled = m_ipThrottling->isChecked();
    settings.ipMaxAttempts = m_ipMaxAttempts->value();
    settings.ipWindowMinutes = m_ipWindow->value();
    return settings;
}

void AttackProtectionGroup::setUnavailable(const QString& why) {
    m_loaded = false;
    m_note->setText(why);
    updateEnabled();
}

void AttackProtectionGroup::setEditable(bool editable) {
    m_editable = editable;
    updateEnabled();
}

void AttackProtectionGroup::updateEnabled() {
    m_fields->setVisible(m_loaded);
    const bool editable = m_editable && m_loaded;
    m_bruteForce->setEnabled(editable);
    m_ipThrottling->setEnabled(editable);
    for (QSpinBox* box : {m_maxAttempts, m_blockMinutes})
        box->setEnabled(editable && m_bruteForce->isChecked());
    for (QSpinBox* box : {m_ipMaxAttempts, m_ipWindow})
        box->setEnabled(editable && m_ipThrottling->isChecked());
}

} // namespace gatehouse::app
