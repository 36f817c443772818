#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace gatehouse::client {
class ScopesModel;
}

namespace gatehouse::app {

// The scopes of an API as a table (value, description) with a line to add one and a button to
// remove the selected one; descriptions are edited in place. Whether it may edit at all is its
// owner's decision, passed to refreshActionState().
class ScopesEditor final : public QWidget {
    Q_OBJECT

public:
    ScopesEditor(client::ScopesModel& model, QWidget* parent = nullptr);

    // Adds the scope typed in the two fields; false with the reason shown when it is refused.
    bool addTyped();
    void removeSelected();
    // Sets the buttons and fields from `editable` and what is typed and selected.
    void refreshActionState(bool editable);
    void clearInput();
    // A scope or description is typed and not added yet.
    [[nodiscard]] bool hasInput() const;

    [[nodiscard]] QLineEdit* valueEdit() const { return m_value; }
    [[nodiscard]] QLineEdit* descriptionEdit() const { return m_description; }
    [[nodiscard]] QPushButton* addButton() const { return m_add; }
    [[nodiscard]] QPushButton* removeButton() const { return m_remove; }
    [[nodiscard]] QTableView* view() const { return m_view; }

Q_SIGNALS:
    // Typed text or the selection changed: the owner refreshes the buttons.
    void stateChanged();

private:
    void buildLayout();
    void connectSignals();
    client::ScopesModel& m_model;
    QLineEdit* m_value;
    QLineEdit* m_description;
    QPushButton* m_add;
    QTableView* m_view;
    QPushButton* m_remove;
    QLabel* m_problem;
};

} // namespace gatehouse::app
