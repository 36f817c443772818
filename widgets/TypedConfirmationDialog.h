#pragma once

#include <QDialog>

class QLineEdit;
class QPushButton;

namespace gatehouse::widgets {

// "Type the name to confirm" (GitHub's and Auth0's pattern) for what cannot be undone: deleting a
// tenant, a connection with its users. The destructive button stays disabled until the text
// typed is exactly `expected`.
class TypedConfirmationDialog final : public QDialog {
    Q_OBJECT

public:
    TypedConfirmationDialog(const QString& title, const QString& consequence,
                            const QString& expected, const QString& actionText,
                            QWidget* parent = nullptr);

    [[nodiscard]] QLineEdit* input() const { return m_input; }
    [[nodiscard]] QPushButton* confirmButton() const { return m_confirm; }

    // Shows the dialog; true only when the person typed the name and confirmed.
    static bool confirm(QWidget* parent, const QString& title, const QString& consequence,
                        const QString& expected, const QString& actionText);

private:
    QLineEdit* m_input;
    QPushButton* m_confirm;
};

} // namespace gatehouse::widgets
