#pragma once

#include <QDialog>

class QLineEdit;
class QPushButton;

namespace gatehouse::app {

// A client secret just made (rotation): shown once, selectable and with a Copy button, with
// the warning that the server keeps only its hash and cannot show it again.
class SecretDialog final : public QDialog {
    Q_OBJECT

public:
    SecretDialog(const QString& applicationName, const QString& secret, QWidget* parent = nullptr);

    [[nodiscard]] QLineEdit* secretEdit() const { return m_secret; }
    [[nodiscard]] QPushButton* copyButton() const { return m_copy; }

private:
    QLineEdit* m_secret;
    QPushButton* m_copy;
};

} // namespace gatehouse::app
