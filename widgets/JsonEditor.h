#pragma once

#include <QJsonObject>
#include <QWidget>

class QLabel;
class QPlainTextEdit;

namespace gatehouse::widgets {

// Editable JSON for what is JSON by nature (a user's user_metadata and app_metadata): a
// monospaced editor that checks the text as it is typed and says where it is wrong ("line 3,
// column 7: missing comma"). Only an object is valid; isValid() and validityChanged() let the
// page keep Save disabled until it is.
class JsonEditor final : public QWidget {
    Q_OBJECT
    Q_PROPERTY(bool readOnly READ isReadOnly WRITE setReadOnly)

public:
    explicit JsonEditor(QWidget* parent = nullptr);

    void setObject(const QJsonObject& object);
    // The parsed object; empty when the text is not valid.
    [[nodiscard]] QJsonObject object() const;
    [[nodiscard]] bool isValid() const { return m_valid; }
    [[nodiscard]] QString problem() const;
    [[nodiscard]] bool isModified() const;
    [[nodiscard]] QPlainTextEdit* editor() const { return m_editor; }
    [[nodiscard]] bool isReadOnly() const;
    void setReadOnly(bool readOnly);

Q_SIGNALS:
    void validityChanged(bool valid);
    void edited();

private:
    void check();

    QPlainTextEdit* m_editor;
    QLabel* m_status;
    QJsonObject m_object;
    bool m_valid = true;
};

} // namespace gatehouse::widgets
