#include "widgets/JsonEditor.h"

#include <QFontDatabase>
#include <QJsonDocument>
#include <QLabel>
#include <QPlainTextEdit>
#include <QVBoxLayout>

namespace gatehouse::widgets {

namespace {

// QJsonParseError gives a character offset; people read lines and columns.
QString position(const QString& text, int offset) {
    int line = 1;
    int column = 1;
    for (int i = 0; i < offset && i < text.size(); ++i) {
        if (text.at(i) == QLatin1Char('\n')) {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return JsonEditor::tr("line %1, column %2").arg(line).arg(column);
}

} // namespace

JsonEditor::JsonEditor(QWidget* parent)
    : QWidget(parent)
    , m_editor(new QPlainTextEdit(this))
    , m_status(new QLabel(this)) {
    m_editor->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_editor->setTabChangesFocus(true);
    m_editor->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_status->setObjectName(QStringLiteral("jsonStatus"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_editor, 1);
    layout->addWidget(m_status);
    connect(m_editor, &QPlainTextEdit::textChanged, this, [this] {
        check();
        Q_EMIT edited();
    });
    setObject({});
}

void JsonEditor::setObject(const QJsonObject& object) {
    m_object = object;
    const QSignalBlocker blocker(m_editor);
    m_editor->setPlainText(
        QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Indented)));
    m_editor->document()->setModified(false);
    check();
}

QJsonObject JsonEditor::object() const {
    return m_valid ? m_object : QJsonObject();
}

QString JsonEditor::problem() const {
    return m_valid ? QString() : m_status->text();
}

bool JsonEditor::isModified() const {
    return m_editor->document()->isModified();
}

bool JsonEditor::isReadOnly() const {
    return m_editor->isReadOnly();
}

void JsonEditor::setReadOnly(bool readOnly) {
    m_editor->setReadOnly(readOnly);
}

void JsonEditor::check() {
    const QString text = m_editor->toPlainText();
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &error);
    bool valid = false;
    if (text.trimmed().isEmpty()) {
        m_object = {};
        valid = true;
        m_status->setText(tr("Empty: saved as {}"));
    } else if (error.error != QJsonParseError::NoError) {
        // The offset counts UTF-8 bytes; close enough for the ASCII that JSON syntax is.
        m_status->setText(
            tr("Not valid JSON at %1: %2").arg(position(text, error.offset), error.errorString()));
    } else if (!document.isObject()) {
        m_status->setText(tr("Must be a JSON object ({ … })"));
    } else {
        m_object = document.object();
        valid = true;
        m_status->setText(tr("Valid JSON"));
    }
    m_status->setStyleSheet(valid ? QString() : QStringLiteral("color:#b00020"));
    if (valid != m_valid) {
        m_valid = valid;
        Q_EMIT validityChanged(valid);
    }
}

} // namespace gatehouse::widgets
