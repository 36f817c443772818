#include "widgets/StringListEditor.h"

#include "widgets/Icons.h"

#include <QAbstractItemDelegate>
#include <QAction>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace gatehouse::widgets {

using namespace Qt::StringLiterals;

namespace {

constexpr Qt::ItemFlags kEntryFlags = Qt::ItemIsSelectable | Qt::ItemIsEnabled | Qt::ItemIsEditable;
const QColor kErrorColor(0xb0, 0x00, 0x20);

// The list, telling whether an entry's editor is open (QAbstractItemView::state() is protected).
class EntryList final : public QListWidget {
public:
    using QListWidget::QListWidget;
    [[nodiscard]] bool isEditing() const { return state() == EditingState; }
};

} // namespace

StringListEditor::StringListEditor(QWidget* parent)
    : QWidget(parent)
    , m_list(new EntryList(this))
    , m_add(new QToolButton(this))
    , m_remove(new QToolButton(this))
    , m_status(new QLabel(this))
    , m_placeholder(new QLabel(m_list->viewport())) {
    m_list->setObjectName(u"entries"_s);
    m_list->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_list->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed |
                            QAbstractItemView::SelectedClicked);
    m_list->setUniformItemSizes(true);
    // Room for four entries: enough to see a short list without scrolling, small in a form.
    const int row = m_list->fontMetrics().height() + 6;
    m_list->setMinimumHeight(row * 3 + 2 * m_list->frameWidth());
    m_list->setMaximumHeight(row * 5 + 2 * m_list->frameWidth());
    m_placeholder->setEnabled(false);
    m_placeholder->move(6, 4);
    m_add->setObjectName(u"addEntry"_s);
    m_add->setIcon(icon(u"add"_s));
    m_add->setToolTip(tr("Add an entry"));
    m_add->setAccessibleName(tr("Add"));
    m_remove->setObjectName(u"removeEntry"_s);
    m_remove->setIcon(icon(u"remove"_s));
    m_remove->setToolTip(tr("Remove the selected entries"));
    m_remove->setAccessibleName(tr("Remove"));
    m_status->setObjectName(u"entriesStatus"_s);
    m_status->setWordWrap(true);
    m_status->setStyleSheet(u"color:#b00020"_s);
    m_status->hide();

    auto* buttons = new QVBoxLayout;
    buttons->setContentsMargins(0, 0, 0, 0);
    buttons->addWidget(m_add);
    buttons->addWidget(m_remove);
    buttons->addStretch(1);
    auto* row1 = new QHBoxLayout;
    row1->setContentsMargins(0, 0, 0, 0);
    row1->addWidget(m_list, 1);
    row1->addLayout(buttons);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(row1);
    layout->addWidget(m_status);
    setFocusProxy(m_list);
    auto* removeKey = new QAction(tr("Remove"), m_list);
    removeKey->setShortcut(QKeySequence::Delete);
    removeKey->setShortcutContext(Qt::WidgetShortcut);
    m_list->addAction(removeKey);
    connect(removeKey, &QAction::triggered, this, &StringListEditor::removeSelected);

    connect(m_add, &QToolButton::clicked, this, [this] { addEntry(); });
    connect(m_remove, &QToolButton::clicked, this, &StringListEditor::removeSelected);
    connect(m_list, &QListWidget::itemChanged, this, [this] {
        if (m_checking)
            return;
        check();
        Q_EMIT edited();
    });
    connect(m_list, &QListWidget::itemSelectionChanged, this, &StringListEditor::updateButtons);
    // An entry left empty (Add, then Escape or Enter without text) is no entry.
    connect(m_list->itemDelegate(), &QAbstractItemDelegate::closeEditor, this,
            &StringListEditor::removeEmptyEntries, Qt::QueuedConnection);
    updateButtons();
    updatePlaceholder();
}

void StringListEditor::setValidator(Validator validator) {
    m_validator = std::move(validator);
    check();
}

void StringListEditor::setPlaceholderText(const QString& text) {
    m_placeholder->setText(text);
    m_placeholder->adjustSize();
    updatePlaceholder();
}

void StringListEditor::setValues(const QStringList& values) {
    m_checking = true;
    m_list->clear();
    for (const QString& value : values) {
        auto* item = new QListWidgetItem(value, m_list);
        item->setFlags(kEntryFlags);
    }
    m_checking = false;
    m_saved = this->values();
    check();
    updateButtons();
}

QStringList StringListEditor::values() const {
    QStringList values;
    for (int row = 0; row < m_list->count(); ++row) {
        const QString text = m_list->item(row)->text().trimmed();
        if (!text.isEmpty())
            values.append(text);
    }
    return values;
}

bool StringListEditor::isModified() const {
    return values() != m_saved;
}

void StringListEditor::setReadOnly(bool readOnly) {
    m_readOnly = readOnly;
    m_list->setEditTriggers(readOnly ? QAbstractItemView::NoEditTriggers
                                     : QAbstractItemView::DoubleClicked |
                                           QAbstractItemView::EditKeyPressed |
                                           QAbstractItemView::SelectedClicked);
    updateButtons();
}

void StringListEditor::addEntry(const QString& text) {
    if (m_readOnly)
        return;
    m_checking = true;
    auto* item = new QListWidgetItem(text.trimmed(), m_list);
    item->setFlags(kEntryFlags);
    m_checking = false;
    m_list->setCurrentItem(item);
    updatePlaceholder();
    if (text.trimmed().isEmpty()) {
        m_list->editItem(item);
        return;
    }
    check();
    Q_EMIT edited();
}

void StringListEditor::removeSelected() {
    if (m_readOnly)
        return;
    const QList<QListWidgetItem*> selected = m_list->selectedItems();
    if (selected.isEmpty())
        return;
    qDeleteAll(selected);
    check();
    updateButtons();
    Q_EMIT edited();
}

void StringListEditor::removeEmptyEntries() {
    // An entry whose editor is open is being typed, even if this comes from another editor
    // closing (focus moving from one to the next).
    const QListWidgetItem* editing =
        static_cast<EntryList*>(m_list)->isEditing() ? m_list->currentItem() : nullptr;
    bool removed = false;
    for (int row = m_list->count() - 1; row >= 0; --row) {
        QListWidgetItem* item = m_list->item(row);
        if (item != editing && item->text().trimmed().isEmpty()) {
            delete m_list->takeItem(row);
            removed = true;
        }
    }
    if (!removed)
        return;
    check();
    updateButtons();
    Q_EMIT edited();
}

void StringListEditor::check() {
    QString first;
    m_checking = true;
    for (int row = 0; row < m_list->count(); ++row) {
        QListWidgetItem* item = m_list->item(row);
        const QString text = item->text().trimmed();
        // An empty entry is being typed; it is dropped when its editor closes.
        const QString problem = m_validator && !text.isEmpty() ? m_validator(text) : QString();
        item->setToolTip(problem);
        item->setIcon(problem.isEmpty() ? QIcon() : icon(u"error"_s));
        item->setForeground(problem.isEmpty() ? palette().text() : QBrush(kErrorColor));
        if (first.isEmpty() && !problem.isEmpty())
            first = tr("Entry %1: %2").arg(row + 1).arg(problem);
    }
    m_checking = false;
    m_status->setText(first);
    m_status->setVisible(!first.isEmpty());
    updatePlaceholder();
    const bool wasValid = m_problem.isEmpty();
    m_problem = first;
    if (wasValid != m_problem.isEmpty())
        Q_EMIT validityChanged(m_problem.isEmpty());
}

void StringListEditor::updateButtons() {
    m_add->setEnabled(!m_readOnly);
    m_remove->setEnabled(!m_readOnly && !m_list->selectedItems().isEmpty());
}

void StringListEditor::updatePlaceholder() {
    m_placeholder->setVisible(m_list->count() == 0 && !m_placeholder->text().isEmpty());
}

} // namespace gatehouse::widgets
