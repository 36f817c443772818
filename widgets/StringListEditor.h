#pragma once

#include <QWidget>

#include <functional>

class QLabel;
class QListWidget;
class QListWidgetItem;
class QToolButton;

namespace gatehouse::widgets {

// An editable list of strings (callback URLs, logout URLs, web origins): one entry a line, Add
// and Remove beside the list, edited in place (double-click, F2 or typing after Add). An
// optional validator checks every entry as it changes; wrong entries are marked in the list
// with their problem as a tool tip, and the line below names the first one ("Entry 2: …"),
// so that the page can keep Save disabled until isValid().
class StringListEditor final : public QWidget {
    Q_OBJECT
    Q_PROPERTY(bool readOnly READ isReadOnly WRITE setReadOnly)

public:
    // Empty when the entry is fine; otherwise what is wrong with it.
    using Validator = std::function<QString(const QString&)>;

    explicit StringListEditor(QWidget* parent = nullptr);

    void setValidator(Validator validator);
    // Shown while the list is empty (for example "https://app.example.com/callback").
    void setPlaceholderText(const QString& text);
    // Replaces the entries; the editor is no longer modified.
    void setValues(const QStringList& values);
    [[nodiscard]] QStringList values() const;
    [[nodiscard]] bool isModified() const;
    [[nodiscard]] bool isValid() const { return m_problem.isEmpty(); }
    // "Entry 2: not an absolute URL", or empty.
    [[nodiscard]] QString problem() const { return m_problem; }
    [[nodiscard]] bool isReadOnly() const { return m_readOnly; }
    void setReadOnly(bool readOnly);

    // Appends an entry; with an empty text it opens the editor on it, as Add does.
    void addEntry(const QString& text = {});
    [[nodiscard]] QListWidget* list() const { return m_list; }
    [[nodiscard]] QToolButton* addButton() const { return m_add; }
    [[nodiscard]] QToolButton* removeButton() const { return m_remove; }

Q_SIGNALS:
    void edited();
    void validityChanged(bool valid);

private:
    void check();
    void removeSelected();
    void removeEmptyEntries();
    void updateButtons();
    void updatePlaceholder();

    QListWidget* m_list;
    QToolButton* m_add;
    QToolButton* m_remove;
    QLabel* m_status;
    QLabel* m_placeholder;
    Validator m_validator;
    QStringList m_saved;
    QString m_problem;
    bool m_readOnly = false;
    bool m_checking = false;
};

} // namespace gatehouse::widgets
