#include "app/pages/users/CreateUserDialog.h"

#include "models/api/ApiCall.h"
#include "models/users/UserService.h"
#include "widgets/MessageBar.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace gatehouse::app {

CreateUserDialog::CreateUserDialog(client::UserService& service, QWidget* parent)
    : QDialog(parent)
    , m_service(service)
    , m_connection(new QComboBox(this))
    , m_email(new QLineEdit(this))
    , m_usernameLabel(new QLabel(tr("&Username:"), this))
    , m_username(new QLineEdit(this))
    , m_password(new QLineEdit(this))
    , m_confirm(new QLineEdit(this))
    , m_problem(new QLabel(this))
    , m_messages(new widgets::MessageBar(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Cancel, this))
    , m_create(m_buttons->addButton(tr("&Create"), QDialogButtonBox::AcceptRole)) {
    setObjectName(QStringLiteral("createUserDialog"));
    setWindowTitle(tr("New User"));
    setMinimumWidth(460);
    m_email->setPlaceholderText(QStringLiteral("name@example.com"));
    m_password->setEchoMode(QLineEdit::Password);
    m_confirm->setEchoMode(QLineEdit::Password);
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: palette(mid)"));
    m_usernameLabel->setBuddy(m_username);
    m_create->setDefault(true);

    auto* intro = new QLabel(tr("The user logs in with this address (or username) and password. "
                                "The connection's password policy applies."),
                             this);
    intro->setWordWrap(true);
    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("Co&nnection:"), m_connection);
    form->addRow(tr("&Email:"), m_email);
    form->addRow(m_usernameLabel, m_username);
    form->addRow(tr("&Password:"), m_password);
    form->addRow(tr("Con&firm password:"), m_confirm);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_messages);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addStretch(1);
    layout->addWidget(m_buttons);

    connect(m_connection, &QComboBox::currentIndexChanged, this, &CreateUserDialog::updateState);
    for (QLineEdit* edit : {m_email, m_username, m_password, m_confirm})
        connect(edit, &QLineEdit::textChanged, this, &CreateUserDialog::updateState);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &CreateUserDialog::submit);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &CreateUserDialog::reject);
    loadConnections();
    updateState();
}

void CreateUserDialog::loadConnections() {
    m_connection->setEnabled(false);
    m_connection->addItem(tr("Loading…"));
    client::ApiCall* call = m_service.loadDatabaseConnections();
    m_pending = call;
    connect(call, &client::ApiCall::finished, this, [this, call] { showConnections(call); });
}

void CreateUserDialog::showConnections(client::ApiCall* call) {
    m_pending.clear();
    m_ready = true;
    m_connections = client::UserService::connectionsFrom(call->result());
    m_connection->clear();
    for (const client::DatabaseConnection& connection : m_connections)
        m_connection->addItem(connection.name);
    m_connection->setEnabled(!m_connections.isEmpty());
    if (!call->result().ok())
        m_messages->showError(*call->result().error, tr("Could not list the connections"));
    else if (m_connections.isEmpty())
        m_messages->showMessage(widgets::MessageBar::Kind::Warning,
                                tr("This tenant has no database connection"),
                                tr("Users are created in a database connection; add one on "
                                   "the Connections page first."));
    updateState();
}

bool CreateUserDialog::requiresUsername() const {
    const int index = m_connection->currentIndex();
    return index >= 0 && index < m_connections.size() && m_connections.at(index).requiresUsername;
}

QString CreateUserDialog::problem() const {
    const QString email = m_email->text().trimmed();
    if (m_connections.isEmpty())
        return tr("Choose a database connection.");
    if (email.isEmpty())
        return tr("Enter the user's e-mail address.");
    if (!email.contains(u'@') || email.startsWith(u'@') || email.endsWith(u'@') ||
        email.contains(u' '))
        return tr("“%1” is not an e-mail address.").arg(email);
    if (requiresUsername() && m_username->text().trimmed().isEmpty())
        return tr("This connection requires a username.");
    if (m_password->text().isEmpty())
        return tr("Enter a password.");
    if (m_confirm->text() != m_password->text())
        return tr("The two passwords differ.");
    return {};
}

void CreateUserDialog::updateState() {
    const bool usernames = requiresUsername();
    m_usernameLabel->setEnabled(usernames);
    m_username->setEnabled(usernames);
    m_username->setPlaceholderText(usernames ? tr("required by this connection")
                                             : tr("not used by this connection"));
    const QString why = problem();
    m_problem->setText(why);
    m_create->setEnabled(why.isEmpty() && m_pending.isNull());
}

void CreateUserDialog::submit() {
    if (!problem().isEmpty() || !m_pending.isNull())
        return;
    client::NewUser user;
    user.connection = m_connections.at(m_connection->currentIndex()).name;
    user.email = m_email->text().trimmed();
    user.password = m_password->text();
    if (requiresUsername())
        user.username = m_username->text().trimmed();
    client::ApiCall* call = m_service.create(user);
    m_pending = call;
    m_messages->hide();
    m_problem->setText(tr("Creating…"));
    m_create->setEnabled(false);
    connect(call, &client::ApiCall::finished, this, [this, call] { finish(call); });
}

void CreateUserDialog::finish(client::ApiCall* call) {
    m_pending.clear();
    const client::ApiResult& result = call->result();
    if (!result.ok()) {
        if (!result.error->isCancelled())
            m_messages->showError(*result.error, tr("The user was not created"));
        updateState();
        m_password->setFocus();
        return;
    }
    if (const std::optional<client::UserRecord> user = client::UserService::userFrom(result))
        Q_EMIT created(*user);
    accept();
}

void CreateUserDialog::reject() {
    if (m_pending)
        m_pending->cancel();
    QDialog::reject();
}

} // namespace gatehouse::app
