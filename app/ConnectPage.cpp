#include "app/ConnectPage.h"

#include "app/Dashboard.h"
#include "widgets/CertificateTrustDialog.h"
#include "widgets/Icons.h"
#include "widgets/MessageBar.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace gatehouse::app {

ConnectPage::ConnectPage(Dashboard& dashboard, QWidget* parent)
    : QWidget(parent)
    , m_dashboard(dashboard)
    , m_profiles(new QComboBox(this))
    , m_name(new QLineEdit(this))
    , m_primary(new QLineEdit(this))
    , m_secondary(new QLineEdit(this))
    , m_signIn(new QPushButton(widgets::icon(QStringLiteral("sign-in")),
                               tr("Sign in with your browser"), this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
    , m_status(new QLabel(this))
    , m_link(new QLabel(this))
    , m_messages(new widgets::MessageBar(this)) {
    setObjectName(QStringLiteral("connectPage"));
    auto* logo = new QLabel(this);
    logo->setPixmap(widgets::icon(QStringLiteral("gatehouse")).pixmap(56, 56));
    auto* heading = new QLabel(tr("<h2>Connect to a Gatehouse server</h2>"
                                  "<p>Your browser opens the server's login page; after you log "
                                  "in, the dashboard continues on its own.</p>"),
                               this);
    heading->setWordWrap(true);
    m_primary->setPlaceholderText(QStringLiteral("https://auth.example.com:8443"));
    m_secondary->setPlaceholderText(tr("optional: the secondary datacenter's URL"));
    m_name->setPlaceholderText(tr("e.g. Production"));
    m_status->setWordWrap(true);
    m_link->setWordWrap(true);
    m_link->setOpenExternalLinks(true);
    m_link->setTextInteractionFlags(Qt::TextBrowserInteraction);
    m_signIn->setDefault(true);
    m_cancel->hide();

    auto* form = new QFormLayout;
    form->addRow(tr("&Server:"), m_profiles);
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Primary URL:"), m_primary);
    form->addRow(tr("S&econdary URL:"), m_secondary);
    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_signIn);

    auto* card = new QWidget(this);
    card->setMinimumWidth(520);
    card->setMaximumWidth(600);
    auto* cardLayout = new QVBoxLayout(card);
    auto* top = new QHBoxLayout;
    top->addWidget(logo, 0, Qt::AlignTop);
    top->addWidget(heading, 1);
    cardLayout->addLayout(top);
    cardLayout->addWidget(m_messages);
    cardLayout->addLayout(form);
    cardLayout->addLayout(buttons);
    cardLayout->addWidget(m_status);
    cardLayout->addWidget(m_link);
    auto* layout = new QVBoxLayout(this);
    layout->addStretch(1);
    layout->addWidget(card, 0, Qt::AlignHCenter);
    layout->addStretch(2);

    client::BrowserSignIn& signIn = m_dashboard.browserSignIn();
    connect(m_profiles, &QComboBox::currentIndexChanged, this, &ConnectPage::showProfile);
    connect(m_signIn, &QPushButton::clicked, this, &ConnectPage::startSignIn);
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        m_dashboard.browserSignIn().cancel();
        setBusy(false, tr("Sign-in cancelled."));
    });
    connect(&signIn, &client::BrowserSignIn::browserOpened, this,
            [this](const QUrl& url, bool opened) {
                setBusy(true, opened ? tr("Log in in the browser window that opened; the "
                                          "dashboard is waiting for it.")
                                     : tr("The browser could not be opened. Open this link "
                                          "yourself to log in:"));
                m_link->setText(QStringLiteral("<a href=\"%1\">%2</a>")
                                    .arg(url.toString(QUrl::FullyEncoded).toHtmlEscaped(),
                                         url.adjusted(QUrl::RemoveQuery).toString()));
                m_link->show();
            });
    connect(&signIn, &client::BrowserSignIn::callbackRefused, this, [this](const QString& text) {
        m_messages->showMessage(widgets::MessageBar::Kind::Warning, text,
                                tr("The sign-in goes on; finish it in the browser."));
    });
    connect(&signIn, &client::BrowserSignIn::succeeded, this,
            [this] { setBusy(true, tr("Signed in; loading your permissions…")); });
    connect(&signIn, &client::BrowserSignIn::failed, this, &ConnectPage::onFailure);
    connect(&m_dashboard.session(), &client::Session::signInFailed, this, &ConnectPage::onFailure);
    connect(&m_dashboard.session(), &client::Session::stateChanged, this,
            [this](client::Session::State state) {
                if (state == client::Session::State::SignedIn)
                    setBusy(false);
            });
    reloadProfiles();
}

void ConnectPage::reloadProfiles() {
    const QSignalBlocker blocker(m_profiles);
    m_profiles->clear();
    const QString last = m_dashboard.profiles().lastUsed();
    int select = -1;
    for (const client::ServerProfile& profile : m_dashboard.profiles().all()) {
        if (profile.name == last)
            select = m_profiles->count();
        m_profiles->addItem(widgets::icon(QStringLiteral("server")), profile.name, profile.name);
    }
    m_profiles->addItem(tr("New server…"));
    m_profiles->setCurrentIndex(select >= 0 ? select : 0);
    showProfile(m_profiles->currentIndex());
}

void ConnectPage::showProfile(int index) {
    const QString name = m_profiles->itemData(index).toString();
    const std::optional<client::ServerProfile> profile = m_dashboard.profiles().find(name);
    m_name->setText(profile ? profile->name : QString());
    m_primary->setText(profile ? profile->primaryUrl.toString() : QString());
    m_secondary->setText(profile ? profile->secondaryUrl.toString() : QString());
}

void ConnectPage::restoreLastSession() {
    const std::optional<client::ServerProfile> profile =
        m_dashboard.profiles().find(m_dashboard.profiles().lastUsed());
    if (!profile)
        return;
    m_dashboard.useProfile(*profile);
    setBusy(true, tr("Signing in to %1 as last time…").arg(profile->name));
    connect(
        &m_dashboard.session(), &client::Session::restoreFinished, this,
        [this](bool signedIn) {
            if (!signedIn)
                setBusy(false, tr("Sign in to continue."));
        },
        Qt::SingleShotConnection);
    m_dashboard.session().restore();
}

void ConnectPage::startSignIn() {
    m_messages->hide();
    client::ServerProfile profile;
    if (const std::optional<client::ServerProfile> known =
            m_dashboard.profiles().find(m_name->text().trimmed()))
        profile = *known;
    profile.name = m_name->text().trimmed();
    profile.primaryUrl = QUrl::fromUserInput(m_primary->text().trimmed());
    profile.secondaryUrl = m_secondary->text().trimmed().isEmpty()
                               ? QUrl()
                               : QUrl::fromUserInput(m_secondary->text().trimmed());
    if (const QString problem = profile.validationError(); !problem.isEmpty()) {
        m_messages->showMessage(widgets::MessageBar::Kind::Error, problem);
        return;
    }
    m_dashboard.profiles().save(profile);
    m_dashboard.useProfile(profile);
    setBusy(true, tr("Asking %1 for its login page…").arg(profile.primaryUrl.host()));
    m_dashboard.browserSignIn().start();
}

void ConnectPage::onFailure(const client::ApiError& error) {
    setBusy(false);
    if (error.code == QLatin1String(client::ApiError::kUntrustedCertificate))
        return; // MainWindow asks about the certificate (it sees every untrusted one)
    m_messages->showError(error, tr("Sign-in failed"));
}

void ConnectPage::setBusy(bool busy, const QString& status) {
    m_signIn->setEnabled(!busy);
    m_cancel->setVisible(busy);
    m_profiles->setEnabled(!busy);
    m_name->setEnabled(!busy);
    m_primary->setEnabled(!busy);
    m_secondary->setEnabled(!busy);
    m_status->setText(status);
    if (!busy)
        m_link->hide();
}

} // namespace gatehouse::app
