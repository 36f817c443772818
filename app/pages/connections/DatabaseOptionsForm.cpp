#include "app/pages/connections/DatabaseOptionsForm.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QLabel>
#include <QSpinBox>

namespace gatehouse::app {

using namespace Qt::StringLiterals;

DatabaseOptionsForm::DatabaseOptionsForm(QWidget* parent)
    : QWidget(parent)
    , m_signup(new QCheckBox(tr("Allow &sign-ups"), this))
    , m_username(new QCheckBox(tr("Require a &username"), this))
    , m_minLength(new QSpinBox(this)) {
    m_signup->setObjectName(u"signupAllowed"_s);
    m_username->setObjectName(u"requiresUsername"_s);
    m_signup->setToolTip(tr("People may create an account on the login page"));
    m_username->setToolTip(tr("People sign in with a username as well as an e-mail address"));
    m_minLength->setObjectName(u"minPasswordLength"_s);
    m_minLength->setRange(client::DatabaseOptions::kMinPasswordLength,
                          client::DatabaseOptions::kMaxPasswordLength);
    m_minLength->setSuffix(tr(" characters"));
    m_minLength->setToolTip(tr("NIST SP 800-63B asks at least 8. Common passwords and the "
                               "user's own e-mail address or username are always refused."));
    auto* lengthLabel = new QLabel(tr("Minimum password &length:"), this);
    lengthLabel->setBuddy(m_minLength);
    auto* form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    form->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
    form->addRow(tr("Sign-up:"), m_signup);
    form->addRow(tr("Username:"), m_username);
    form->addRow(lengthLabel, m_minLength);
    connect(m_signup, &QCheckBox::toggled, this, &DatabaseOptionsForm::changed);
    connect(m_username, &QCheckBox::toggled, this, &DatabaseOptionsForm::changed);
    connect(m_minLength, &QSpinBox::valueChanged, this, &DatabaseOptionsForm::changed);
    setOptions({});
}

void DatabaseOptionsForm::setOptions(const client::DatabaseOptions& options) {
    m_saved = options;
    const QSignalBlocker signup(m_signup);
    const QSignalBlocker username(m_username);
    const QSignalBlocker length(m_minLength);
    m_signup->setChecked(!options.disableSignup);
    m_username->setChecked(options.requiresUsername);
    m_minLength->setValue(options.minPasswordLength);
}

client::DatabaseOptions DatabaseOptionsForm::options() const {
    client::DatabaseOptions options;
    options.disableSignup = !m_signup->isChecked();
    options.requiresUsername = m_username->isChecked();
    options.minPasswordLength = m_minLength->value();
    return options;
}

bool DatabaseOptionsForm::isModified() const {
    const client::DatabaseOptions now = options();
    return now.disableSignup != m_saved.disableSignup ||
           now.requiresUsername != m_saved.requiresUsername ||
           now.minPasswordLength != m_saved.minPasswordLength;
}

void DatabaseOptionsForm::setEditable(bool editable) {
    m_signup->setEnabled(editable);
    m_username->setEnabled(editable);
    m_minLength->setReadOnly(!editable);
}

} // namespace gatehouse::app
