#pragma once

#include <QWidget>

class QComboBox;
class QSpinBox;

namespace gatehouse::app {

// A duration the API holds in seconds, edited as a number and a unit (minutes, hours, days).
// setSeconds() picks the largest unit that shows the value exactly, so that what the server
// holds round-trips unchanged (90 minutes stays 90 minutes, never 2 hours); a value that no
// minute divides is shown in seconds. Choosing another unit converts the number, rounded.
class DurationEdit final : public QWidget {
    Q_OBJECT

public:
    enum Unit { Seconds, Minutes, Hours, Days };

    DurationEdit(int maximumSeconds, QWidget* parent = nullptr);

    void setSeconds(int seconds);
    [[nodiscard]] int seconds() const;
    [[nodiscard]] Unit unit() const;
    void setReadOnly(bool readOnly);

    [[nodiscard]] QSpinBox* spinBox() const { return m_number; }
    [[nodiscard]] QComboBox* unitBox() const { return m_unit; }

Q_SIGNALS:
    // The duration changed through the widgets (not through setSeconds()).
    void edited();

private:
    void showIn(Unit unit, int seconds);
    void onUnitChosen();

    int m_maximumSeconds;
    int m_unitSeconds = 1; // of the unit shown, to convert from when another is chosen
    bool m_showing = false;
    QSpinBox* m_number;
    QComboBox* m_unit;
};

} // namespace gatehouse::app
