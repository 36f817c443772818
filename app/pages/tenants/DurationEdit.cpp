#include "app/pages/tenants/DurationEdit.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QSpinBox>

#include <array>
#include <cmath>

namespace gatehouse::app {

using namespace Qt::StringLiterals;

namespace {

constexpr std::array<int, 4> kUnitSeconds{1, 60, 60 * 60, 24 * 60 * 60};

} // namespace

DurationEdit::DurationEdit(int maximumSeconds, QWidget* parent)
    : QWidget(parent)
    , m_maximumSeconds(maximumSeconds)
    , m_number(new QSpinBox(this))
    , m_unit(new QComboBox(this)) {
    m_number->setAccelerated(true);
    // Room for the largest number of seconds, not the whole form's width.
    m_number->setMinimumWidth(m_number->fontMetrics().horizontalAdvance(u"31536000"_s) + 40);
    m_unit->addItem(tr("seconds"));
    m_unit->addItem(tr("minutes"));
    m_unit->addItem(tr("hours"));
    m_unit->addItem(tr("days"));
    setFocusProxy(m_number);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_number);
    layout->addWidget(m_unit);
    layout->addStretch(1);
    connect(m_number, &QSpinBox::valueChanged, this, [this] {
        if (!m_showing)
            Q_EMIT edited();
    });
    connect(m_unit, &QComboBox::currentIndexChanged, this, &DurationEdit::onUnitChosen);
    showIn(Days, kUnitSeconds[Days]);
}

void DurationEdit::setSeconds(int seconds) {
    seconds = qBound(1, seconds, m_maximumSeconds);
    Unit unit = Days;
    while (unit > Seconds && seconds % kUnitSeconds[unit] != 0)
        unit = Unit(unit - 1);
    showIn(unit, seconds);
}

int DurationEdit::seconds() const {
    return m_number->value() * m_unitSeconds;
}

DurationEdit::Unit DurationEdit::unit() const {
    return Unit(m_unit->currentIndex());
}

void DurationEdit::setReadOnly(bool readOnly) {
    m_number->setReadOnly(readOnly);
    m_unit->setEnabled(!readOnly);
}

void DurationEdit::showIn(Unit unit, int seconds) {
    m_showing = true;
    m_unitSeconds = kUnitSeconds[unit];
    m_unit->setCurrentIndex(unit);
    m_number->setRange(1, m_maximumSeconds / m_unitSeconds);
    m_number->setValue(qMax(1, int(std::lround(double(seconds) / m_unitSeconds))));
    m_showing = false;
}

// The user picked another unit: the same duration in it, as near as it can say.
void DurationEdit::onUnitChosen() {
    if (m_showing)
        return;
    const int before = seconds();
    showIn(unit(), before);
    if (seconds() != before)
        Q_EMIT edited();
}

} // namespace gatehouse::app
