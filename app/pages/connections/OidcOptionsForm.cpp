#include "app/pages/connections/OidcOptionsForm.h"

#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>

namespace gatehouse::app {

using namespace Qt::StringLiterals;

namespace {

QLineEdit* lineEdit(const QString& name, const QString& placeholder, QWidget* parent) {
    auto* edit = new QLineEdit(parent);
    edit->setObjectName(name);
    edit->setPlaceholderText(placeholder);
    return edit;
}

} // namespace

OidcOptionsForm::OidcOptionsForm(QWidget* parent)
    : QWidget(parent)
    , m_issuer(lineEdit(u"issuer"_s, u"https://login.example.com/"_s, this))
    , m_discovery(
          lineEdit(u"discoveryUrl"_s, tr("The issuer's /.well-known/openid-configuration"), this))
    , m_clientId(lineEdit(u"clientId"_s, tr("Gatehouse's client ID at the provider"), this))
    , m_secret(lineEdit(u"clientSecret"_s, {}, this))
    , m_scopes(lineEdit(u"scopes"_s, u"openid profile email"_s, this))
    , m_displayName(lineEdit(u"displayName"_s, tr("The login button's text"), this))
    , m_problem(new QLabel(this)) {
    m_secret->setEchoMode(QLineEdit::Password);
    m_scopes->setToolTip(tr("Separated by spaces; openid is required."));
    m_problem->setObjectName(u"problem"_s);
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(u"color:#b00020"_s);
    m_problem->hide();
    auto* form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    const std::pair<QString, QLineEdit*> rows[] = {
        {tr("&Issuer:"), m_issuer},      {tr("&Discovery URL:"), m_discovery},
        {tr("Client I&D:"), m_clientId}, {tr("Client &secret:"), m_secret},
        {tr("S&copes:"), m_scopes},      {tr("Display &name:"), m_displayName}};
    for (const auto& [text, edit] : rows) {
        auto* label = new QLabel(text, this);
        label->setBuddy(edit);
        form->addRow(label, edit);
        connect(edit, &QLineEdit::textChanged, this, [this] {
            check();
            Q_EMIT changed();
        });
    }
    form->addRow(QString(), m_problem);
    setOptions({}, false);
}

void OidcOptionsForm::setOptions(const client::OidcOptions& options, bool existing) {
    m_saved = options;
    m_saved.clientSecret.clear();
    const QSignalBlocker blocker(this);
    m_issuer->setText(options.issuer);
    m_discovery->setText(options.discoveryUrl);
    m_clientId->setText(options.clientId);
    m_secret->clear();
    m_secret->setPlaceholderText(existing ? tr("Unchanged: the server never shows it")
                                          : tr("Optional for a public client"));
    m_scopes->setText(
        (options.scopes.isEmpty() ? client::ConnectionRecord::defaultScopes() : options.scopes)
            .join(u' '));
    m_displayName->setText(options.displayName);
    check();
}

QStringList OidcOptionsForm::scopes() const {
    return m_scopes->text().split(u' ', Qt::SkipEmptyParts);
}

client::OidcOptions OidcOptionsForm::options() const {
    client::OidcOptions options;
    options.issuer = m_issuer->text().trimmed();
    options.discoveryUrl = m_discovery->text().trimmed();
    options.clientId = m_clientId->text().trimmed();
    options.clientSecret = m_secret->text();
    options.scopes = scopes();
    options.displayName = m_displayName->text().trimmed();
    return options;
}

bool OidcOptionsForm::isModified() const {
    const client::OidcOptions now = options();
    return now.issuer != m_saved.issuer || now.discoveryUrl != m_saved.discoveryUrl ||
           now.clientId != m_saved.clientId || !now.clientSecret.isEmpty() ||
           now.scopes != (m_saved.scopes.isEmpty() ? client::ConnectionRecord::defaultScopes()
                                                   : m_saved.scopes) ||
           now.displayName != m_saved.displayName;
}

QString OidcOptionsForm::problem() const {
    if (const QString issuer = client::ConnectionRecord::checkUpstreamUrl(m_issuer->text());
        !issuer.isEmpty())
        return tr("Issuer: %1").arg(issuer);
    if (!m_discovery->text().trimmed().isEmpty()) {
        if (const QString url = client::ConnectionRecord::checkUpstreamUrl(m_discovery->text());
            !url.isEmpty())
            return tr("Discovery URL: %1").arg(url);
    }
    if (m_clientId->text().trimmed().isEmpty())
        return tr("Client ID: enter the ID Gatehouse has at the provider.");
    if (const QString scopes = client::ConnectionRecord::checkScopes(this->scopes());
        !scopes.isEmpty())
        return tr("Scopes: %1").arg(scopes);
    return {};
}

void OidcOptionsForm::check() {
    // Nothing typed yet is not yet an error worth red text.
    const bool empty = m_issuer->text().isEmpty() && m_clientId->text().isEmpty();
    const QString text = empty ? QString() : problem();
    m_problem->setText(text);
    m_problem->setVisible(!text.isEmpty());
}

void OidcOptionsForm::setEditable(bool editable) {
    for (QLineEdit* edit : {m_issuer, m_discovery, m_clientId, m_secret, m_scopes, m_displayName})
        edit->setReadOnly(!editable);
}

} // namespace gatehouse::app
