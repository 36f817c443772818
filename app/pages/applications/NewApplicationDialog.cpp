#include "app/pages/applications/NewApplicationDialog.h"

#include "app/pages/applications/ApplicationTypeIcons.h"

#include <QButtonGroup>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

namespace gatehouse::app {

using namespace Qt::StringLiterals;

NewApplicationDialog::NewApplicationDialog(QWidget* parent)
    : QDialog(parent)
    , m_name(new QLineEdit(this))
    , m_description(new QLineEdit(this))
    , m_types(new QButtonGroup(this))
    , m_problem(new QLabel(this))
    , m_busy(new QProgressBar(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Cancel, this)) {
    setObjectName(u"newApplicationDialog"_s);
    setWindowTitle(tr("New Application"));
    m_name->setObjectName(u"name"_s);
    m_name->setMaxLength(255);
    m_name->setPlaceholderText(tr("My App"));
    m_description->setObjectName(u"description"_s);
    m_description->setMaxLength(140);
    m_description->setPlaceholderText(tr("Optional; at most 140 characters"));

    auto* typeBox = new QGroupBox(tr("Application type"), this);
    auto* typeLayout = new QVBoxLayout(typeBox);
    for (const client::AppTypeInfo& info : client::AppTypeInfo::all()) {
        auto* button = new QRadioButton(info.name, typeBox);
        button->setObjectName(u"type-"_s + info.code);
        button->setIcon(applicationTypeIcon(info.code));
        button->setIconSize(QSize(20, 20));
        auto* text = new QLabel(info.description, typeBox);
        text->setWordWrap(true);
        text->setContentsMargins(button->iconSize().width() + 28, 0, 0, 6);
        text->setForegroundRole(QPalette::PlaceholderText);
        typeLayout->addWidget(button);
        typeLayout->addWidget(text);
        m_types->addButton(button, int(info.type));
        m_typeButtons.insert(info.type, button);
    }
    m_typeButtons.value(client::AppType::RegularWeb)->setChecked(true);

    m_problem->setObjectName(u"problem"_s);
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(u"color:#b00020"_s);
    m_problem->hide();
    m_busy->setRange(0, 0);
    m_busy->setMaximumHeight(12);
    m_busy->setTextVisible(false);
    m_busy->hide();
    m_create = m_buttons->addButton(tr("Create"), QDialogButtonBox::AcceptRole);
    m_create->setObjectName(u"create"_s);
    m_create->setDefault(true);

    auto* form = new QFormLayout;
    auto* nameLabel = new QLabel(tr("&Name:"), this);
    nameLabel->setBuddy(m_name);
    form->addRow(nameLabel, m_name);
    auto* descriptionLabel = new QLabel(tr("&Description:"), this);
    descriptionLabel->setBuddy(m_description);
    form->addRow(descriptionLabel, m_description);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(typeBox);
    layout->addWidget(m_problem);
    layout->addWidget(m_busy);
    layout->addStretch(1);
    layout->addWidget(m_buttons);
    setMinimumWidth(520);
    // The descriptions wrap: size the dialog for its width, not for the labels' narrow hints.
    resize(540, layout->totalHeightForWidth(540));

    connect(m_name, &QLineEdit::textChanged, this, &NewApplicationDialog::validate);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_create, &QPushButton::clicked, this, [this] {
        if (m_create->isEnabled())
            Q_EMIT createRequested();
    });
    validate();
}

QString NewApplicationDialog::name() const {
    return m_name->text().trimmed();
}

client::AppType NewApplicationDialog::type() const {
    return client::AppType(m_types->checkedId());
}

QString NewApplicationDialog::description() const {
    return m_description->text().trimmed();
}

QRadioButton* NewApplicationDialog::typeButton(client::AppType type) const {
    return m_typeButtons.value(type);
}

void NewApplicationDialog::setBusy(bool busy) {
    m_busy->setVisible(busy);
    m_name->setEnabled(!busy);
    m_description->setEnabled(!busy);
    for (QRadioButton* button : m_typeButtons)
        button->setEnabled(!busy);
    if (busy)
        m_problem->hide();
    validate();
}

void NewApplicationDialog::showError(const QString& message) {
    m_problem->setText(message);
    m_problem->show();
}

void NewApplicationDialog::validate() {
    m_create->setEnabled(!name().isEmpty() && m_busy->isHidden());
}

} // namespace gatehouse::app
