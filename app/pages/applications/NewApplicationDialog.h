#pragma once

#include "models/applications/ClientRecord.h"

#include <QDialog>
#include <QMap>

class QButtonGroup;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QRadioButton;

namespace gatehouse::app {

// "New Application": a name, the kind of application (each with what it is for), an optional
// description. Create stays disabled until the form is valid; the page sends the request while
// the dialog waits (setBusy) and closes it on success or shows the server's error in it.
class NewApplicationDialog final : public QDialog {
    Q_OBJECT

public:
    explicit NewApplicationDialog(QWidget* parent = nullptr);

    [[nodiscard]] QString name() const;
    [[nodiscard]] client::AppType type() const;
    [[nodiscard]] QString description() const;

    void setBusy(bool busy);
    void showError(const QString& message);

    [[nodiscard]] QLineEdit* nameEdit() const { return m_name; }
    [[nodiscard]] QLineEdit* descriptionEdit() const { return m_description; }
    [[nodiscard]] QRadioButton* typeButton(client::AppType type) const;
    [[nodiscard]] QPushButton* createButton() const { return m_create; }

Q_SIGNALS:
    // Create was pressed on a valid form.
    void createRequested();

private:
    void validate();

    QLineEdit* m_name;
    QLineEdit* m_description;
    QButtonGroup* m_types;
    QMap<client::AppType, QRadioButton*> m_typeButtons;
    QLabel* m_problem;
    QProgressBar* m_busy;
    QDialogButtonBox* m_buttons;
    QPushButton* m_create;
};

} // namespace gatehouse::app
