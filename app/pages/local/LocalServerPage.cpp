#include "app/pages/local/LocalServerPage.h"

#include "app/Dashboard.h"
#include "widgets/Icons.h"
#include "widgets/MessageBar.h"

#include <QClipboard>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

namespace gatehouse::app {

using State = client::LocalServer::State;

LocalServerPage::LocalServerPage(Dashboard& dashboard, QWidget* parent)
    : Page(dashboard.session(), parent)
    , m_dashboard(dashboard)
    , m_server(new client::LocalServer(this))
    , m_status(new QLabel(this))
    , m_description(new QLabel(this))
    , m_start(new QPushButton(widgets::icon(QStringLiteral("play")), tr("&Start"), this))
    , m_stop(new QPushButton(widgets::icon(QStringLiteral("stop")), tr("S&top"), this))
    , m_signIn(
          new QPushButton(widgets::icon(QStringLiteral("sign-in")), tr("Sign &in to it"), this))
    , m_console(new QPlainTextEdit(this)) {
    setObjectName(QStringLiteral("localServerPage"));
    m_status->setObjectName(QStringLiteral("localServerStatus"));
    m_start->setObjectName(QStringLiteral("startLocalServer"));
    m_stop->setObjectName(QStringLiteral("stopLocalServer"));
    m_signIn->setObjectName(QStringLiteral("signInToLocalServer"));
    m_start->setToolTip(tr("Start gatehoused; the first start creates its data directory"));
    m_stop->setToolTip(tr("Stop gatehoused (SIGTERM: requests in progress finish first)"));
    m_signIn->setToolTip(tr("Sign the dashboard in to this server, without a password"));

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(messageBar());
    layout->addLayout(buildHeader());
    layout->addWidget(buildAddresses());
    layout->addWidget(buildConsole(), 1);

    connect(m_start, &QPushButton::clicked, this, &LocalServerPage::startServer);
    connect(m_stop, &QPushButton::clicked, m_server, &client::LocalServer::stop);
    connect(m_signIn, &QPushButton::clicked, this, &LocalServerPage::signIn);
    connect(m_server, &client::LocalServer::output, m_console, &QPlainTextEdit::appendPlainText);
    connect(m_server, &client::LocalServer::stateChanged, this, &LocalServerPage::onStateChanged);
    client::Session& session = dashboard.session();
    connect(&session, &client::Session::stateChanged, this, [this](client::Session::State state) {
        if (state == client::Session::State::SignedIn)
            m_signingIn = false;
    });
    connect(&session, &client::Session::signInFailed, this, [this](const client::ApiError& error) {
        if (!std::exchange(m_signingIn, false))
            return;
        messageBar()->showError(error, tr("Signing in to the local server failed"));
    });
    updateStatus();
}

QLayout* LocalServerPage::buildHeader() {
    m_description->setWordWrap(true);
    m_description->setTextFormat(Qt::PlainText);
    m_description->setText(
        tr("Runs gatehoused, the Gatehouse server, on this computer: for trying Gatehouse out or "
           "hosting it yourself. The dashboard signs in to it by asking gatehoused for a token, "
           "so there is no password to copy. It stops when the dashboard closes."));

    auto* logo = new QLabel(this);
    logo->setPixmap(widgets::icon(QStringLiteral("server")).pixmap(40, 40));
    auto* heading = new QLabel(tr("<b>Gatehouse on this computer</b>"), this);
    auto* about = new QVBoxLayout;
    about->addWidget(heading);
    about->addWidget(m_description);
    auto* header = new QHBoxLayout;
    header->addWidget(logo, 0, Qt::AlignTop);
    header->addLayout(about, 1);

    auto* controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Status:"), this));
    controls->addWidget(m_status, 1);
    controls->addWidget(m_start);
    controls->addWidget(m_stop);
    controls->addWidget(m_signIn);
    auto* layout = new QVBoxLayout;
    layout->addLayout(header);
    layout->addLayout(controls);
    return layout;
}

QWidget* LocalServerPage::buildConsole() {
    m_console->setObjectName(QStringLiteral("localServerConsole"));
    m_console->setReadOnly(true);
    m_console->setMaximumBlockCount(kConsoleLines);
    // Wrapped: a self-hoster reads the long lines (init's summary, errors) without scrolling.
    m_console->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_console->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_console->setPlaceholderText(tr("What gatehoused writes appears here while it runs."));
    auto* consoleBox = new QGroupBox(tr("Console"), this);
    auto* consoleLayout = new QVBoxLayout(consoleBox);
    consoleLayout->addWidget(m_console);
    return consoleBox;
}

QWidget* LocalServerPage::buildAddresses() {
    auto* box = new QGroupBox(tr("Addresses"), this);
    auto* form = new QFormLayout(box);
    m_url = addAddressRow(form, tr("Server &URL:"), QStringLiteral("localServerUrl"));
    m_issuer = addAddressRow(form, tr("System &issuer:"), QStringLiteral("localServerIssuer"));
    m_fingerprint =
        addAddressRow(form, tr("TLS &fingerprint:"), QStringLiteral("localServerFingerprint"));
    m_dataDir = addAddressRow(form, tr("&Data directory:"), QStringLiteral("localServerDataDir"));
    m_url->setPlaceholderText(tr("known once the server runs"));
    m_issuer->setPlaceholderText(tr("known once the server runs"));
    m_fingerprint->setPlaceholderText(tr("made by the first start"));
    m_fingerprint->setToolTip(tr("SHA-256 of the certificate in the data directory; the "
                                 "dashboard trusts exactly this certificate for this server"));
    return box;
}

QLineEdit* LocalServerPage::addAddressRow(QFormLayout* form, const QString& label,
                                          const QString& name) {
    auto* edit = new QLineEdit(this);
    edit->setObjectName(name);
    edit->setReadOnly(true);
    auto* copy = new QToolButton(this);
    copy->setObjectName(name + QStringLiteral("Copy"));
    copy->setIcon(widgets::icon(QStringLiteral("copy")));
    copy->setAutoRaise(true);
    copy->setToolTip(tr("Copy to the clipboard"));
    connect(copy, &QToolButton::clicked, this,
            [edit] { QGuiApplication::clipboard()->setText(edit->text()); });
    auto* row = new QHBoxLayout;
    row->addWidget(edit, 1);
    row->addWidget(copy);
    auto* text = new QLabel(label, this);
    text->setBuddy(edit);
    form->addRow(text, row);
    m_copyButtons.append({edit, copy});
    return edit;
}

void LocalServerPage::activate() {
    updateStatus(); // the data directory may have been set since (gatehouse --local-data-dir)
}

// --- actions -------------------------------------------------------------------------------------

void LocalServerPage::refreshActionState(const ActionContext& context) {
    Q_UNUSED(context) // the local server needs no sign-in and is not the server's configuration
    const State state = m_server->state();
    m_start->setEnabled(!m_server->isActive());
    m_stop->setEnabled(state == State::Starting || state == State::Running);
    m_signIn->setEnabled(state == State::Running && !m_signingIn && !signedInHere());
    for (const auto& [edit, copy] : std::as_const(m_copyButtons))
        copy->setEnabled(!edit->text().isEmpty());
}

bool LocalServerPage::signedInHere() const {
    const client::ServerProfile& profile = m_dashboard.profile();
    return session().state() != client::Session::State::SignedOut && profile.localServer &&
           profile.primaryUrl == m_server->serverUrl();
}

void LocalServerPage::startAndSignIn() {
    m_signInWhenRunning = true;
    if (m_server->state() == State::Running)
        signIn();
    else
        startServer();
}

void LocalServerPage::startServer() {
    messageBar()->hide();
    // Signed in elsewhere: the person chooses with "Sign in to it" whether to leave that server.
    m_signInWhenRunning = m_signInWhenRunning || !session().isSignedIn();
    m_server->start();
}

void LocalServerPage::signIn() {
    if (m_server->state() != State::Running)
        return;
    messageBar()->hide();
    m_signingIn = true;
    // useProfile() makes the profile the one restored at the next start; the local server is
    // started on purpose each time, so the person's last remote server keeps that place.
    const QString lastUsed = m_dashboard.profiles().lastUsed();
    m_dashboard.useProfile(m_server->profile());
    m_dashboard.profiles().setLastUsed(lastUsed);
    m_dashboard.session().signInWithTokenProvider(
        [server = QPointer<client::LocalServer>(m_server)](QObject* context,
                                                           client::Session::ProvidedToken done) {
            if (server) {
                server->requestToken(context, std::move(done));
                return;
            }
            QMetaObject::invokeMethod(
                context,
                [done = std::move(done)] {
                    done({}, client::ApiError{0,
                                              QStringLiteral("local_server_stopped"),
                                              tr("The local server is gone."),
                                              {}});
                },
                Qt::QueuedConnection);
        });
    Q_EMIT actionStateChanged();
}

void LocalServerPage::onStateChanged(State state) {
    if (state == State::Running && std::exchange(m_signInWhenRunning, false))
        signIn();
    if (state == State::Stopping || state == State::Exited) {
        m_signInWhenRunning = false;
        // Its tokens are worthless once it is gone: sign out rather than fail every call.
        if (signedInHere())
            session().reset();
    }
    if (state == State::Exited)
        messageBar()->showMessage(widgets::MessageBar::Kind::Error,
                                  tr("The local server is not running"), m_server->problem());
    updateStatus();
    Q_EMIT actionStateChanged();
}

void LocalServerPage::updateStatus() {
    const State state = m_server->state();
    QString text;
    QString colour = QStringLiteral("#6b6b6b");
    switch (state) {
    case State::Stopped:
        text = tr("Stopped");
        break;
    case State::Initialising:
        text = tr("Creating the data directory…");
        colour = QStringLiteral("#9a6700");
        break;
    case State::Starting:
        text = tr("Starting…");
        colour = QStringLiteral("#9a6700");
        break;
    case State::Running:
        text = tr("Running (process %1)").arg(m_server->processId());
        colour = QStringLiteral("#1e7b34");
        break;
    case State::Stopping:
        text = tr("Stopping…");
        colour = QStringLiteral("#9a6700");
        break;
    case State::Exited:
        text = m_server->exitCode() >= 0 ? tr("Exited with code %1").arg(m_server->exitCode())
                                         : tr("Failed");
        colour = QStringLiteral("#b00020");
        break;
    }
    m_status->setText(
        QStringLiteral("<span style=\"color:%1\">●</span> %2").arg(colour, text.toHtmlEscaped()));
    m_url->setText(m_server->serverUrl().toString());
    m_issuer->setText(m_server->systemIssuer());
    m_fingerprint->setText(m_server->tlsFingerprint());
    m_dataDir->setText(m_server->dataDirectory());
}

} // namespace gatehouse::app
