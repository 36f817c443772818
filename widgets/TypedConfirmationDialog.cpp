#include "widgets/TypedConfirmationDialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace gatehouse::widgets {

TypedConfirmationDialog::TypedConfirmationDialog(const QString& title, const QString& consequence,
                                                 const QString& expected, const QString& actionText,
                                                 QWidget* parent)
    : QDialog(parent)
    , m_input(new QLineEdit(this)) {
    setWindowTitle(title);
    auto* text = new QLabel(consequence, this);
    text->setWordWrap(true);
    auto* prompt = new QLabel(tr("Type <b>%1</b> to confirm:").arg(expected.toHtmlEscaped()), this);
    prompt->setBuddy(m_input);
    m_input->setObjectName(QStringLiteral("confirmationInput"));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_confirm = buttons->addButton(actionText, QDialogButtonBox::DestructiveRole);
    m_confirm->setEnabled(false);
    m_confirm->setAutoDefault(false);
    buttons->button(QDialogButtonBox::Cancel)->setDefault(true);
    connect(m_input, &QLineEdit::textChanged, this,
            [this, expected](const QString& typed) { m_confirm->setEnabled(typed == expected); });
    connect(m_confirm, &QPushButton::clicked, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(text);
    layout->addWidget(prompt);
    layout->addWidget(m_input);
    layout->addWidget(buttons);
    setMinimumWidth(420);
}

bool TypedConfirmationDialog::confirm(QWidget* parent, const QString& title,
                                      const QString& consequence, const QString& expected,
                                      const QString& actionText) {
    TypedConfirmationDialog dialog(title, consequence, expected, actionText, parent);
    return dialog.exec() == QDialog::Accepted;
}

} // namespace gatehouse::widgets
