#pragma once

#include "models/connections/AttackProtection.h"

#include <QGroupBox>

class QCheckBox;
class QLabel;
class QSpinBox;

namespace gatehouse::app {

// The tenant's attack-protection thresholds, shown on a database connection's panel because
// that is where people look for them, and saved with it; the note says they are the tenant's,
// shared by all its database connections.
class AttackProtectionGroup final : public QGroupBox {
    Q_OBJECT

public:
    explicit AttackProtectionGroup(QWidget* parent = nullptr);

    void setSettings(const client::AttackProtection& settings);
    [[nodiscard]] client::AttackProtection settings() const;
    [[nodiscard]] bool isLoaded() const { return m_loaded; }
    [[nodiscard]] bool isModified() const { return m_loaded && settings() != m_saved; }
    // The fields back to the values last loaded or saved.
    void revert();
    // Not loaded (yet, or the role may not read tenant settings): the fields say why.
    void setUnavailable(const QString& why);
    void setEditable(bool editable);

    [[nodiscard]] QCheckBox* bruteForceBox() const { return m_bruteForce; }
    [[nodiscard]] QSpinBox* maxAttemptsBox() const { return m_maxAttempts; }
    [[nodiscard]] QSpinBox* blockMinutesBox() const { return m_blockMinutes; }
    [[nodiscard]] QCheckBox* ipThrottlingBox() const { return m_ipThrottling; }
    [[nodiscard]] QSpinBox* ipMaxAttemptsBox() const { return m_ipMaxAttempts; }
    [[nodiscard]] QSpinBox* ipWindowBox() const { return m_ipWindow; }

Q_SIGNALS:
    void changed();

private:
    void updateEnabled();

    client::AttackProtection m_saved;
    bool m_loaded = false;
    bool m_editable = false;
    QLabel* m_note;
    QWidget* m_fields;
    QCheckBox* m_bruteForce;
    QSpinBox* m_maxAttempts;
    QSpinBox* m_blockMinutes;
    QCheckBox* m_ipThrottling;
    QSpinBox* m_ipMaxAttempts;
    QSpinBox* m_ipWindow;
};

} // namespace gatehouse::app
