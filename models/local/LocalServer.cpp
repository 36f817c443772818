#include "models/local/LocalServer.h"

#include "models/api/CertificateInfo.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSslCertificate>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTimer>

#ifdef Q_OS_LINUX
#include <csignal>
#include <sys/prctl.h>
#endif

namespace gatehouse::client {

using namespace Qt::StringLiterals;

namespace {

// `gatehoused token` reads the database and signs: well under a second, unless something hangs.
constexpr int kTokenTimeoutMs = 30000;
// A line longer than this without a newline is shown in pieces rather than held forever.
constexpr qsizetype kLongestLine = 64 * 1024;

// The line `gatehoused run` writes once it serves (daemon/Gatehoused.cpp; the integration tests'
// GatehousedProcess reads it with the same expression).
const QRegularExpression& readyLine() {
    static const QRegularExpression ready(
        uR"(serving (\S+) \(listening on port (\d+).*\) ready in (\d+) ms)"_s);
    return ready;
}

// A loopback port nobody listens on now; init writes it into the config, so the server keeps
// its URL (and the issuer of every token) from one start to the next.
quint16 freeLoopbackPort() {
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

ApiError localError(const QString& code, const QString& message) {
    return ApiError{0, code, message, {}};
}

// The last non-empty line of a process's standard error: gatehoused's reason for failing.
QString lastLine(const QByteArray& text) {
    const QList<QByteArray> lines = text.trimmed().split('\n');
    return QString::fromUtf8(lines.isEmpty() ? QByteArray() : lines.constLast().trimmed());
}

// The token's client_id claim, for the status bar only: the dashboard decides nothing on it.
QString clientIdOf(const QByteArray& accessToken) {
    const QList<QByteArray> parts = accessToken.split('.');
    if (parts.size() != 3)
        return {};
    const QByteArray payload = QByteArray::fromBase64(
        parts.at(1), QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    return QJsonDocument::fromJson(payload).object().value("client_id"_L1).toString();
}

} // namespace

LocalServer::LocalServer(QObject* parent)
    : QObject(parent)
    , m_dataDir(defaultDataDirectory())
    , m_environment(QProcessEnvironment::systemEnvironment()) {
    readFingerprint();
}

LocalServer::~LocalServer() {
    // Nobody listens any more (the page is going away): stop what we started and wait for it, so
    // that closing the dashboard never leaves a server behind. A running init is let finish: a
    // half-made data directory would need removing by hand.
    blockSignals(true);
    for (QProcess* process : {m_init.data(), m_server.data()}) {
        if (process == nullptr || process->state() == QProcess::NotRunning)
            continue;
        process->disconnect(this);
        if (process == m_server)
            process->terminate();
        if (!process->waitForFinished(m_stopTimeoutMs)) {
            process->kill();
            process->waitForFinished(3000);
        }
    }
}

QString LocalServer::defaultDataDirectory() {
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation))
        .filePath(u"server"_s);
}

QString LocalServer::locateExecutable() {
    const QDir here(QCoreApplication::applicationDirPath());
    QStringList candidates{here.filePath(u"gatehoused"_s),
                           here.filePath(u"../server/gatehoused/gatehoused"_s)};
#ifdef GATEHOUSE_BUILT_GATEHOUSED
    candidates.append(QStringLiteral(GATEHOUSE_BUILT_GATEHOUSED));
#endif
    for (const QString& candidate : std::as_const(candidates)) {
        const QFileInfo info(candidate);
        if (info.isFile() && info.isExecutable())
            return info.canonicalFilePath();
    }
    return QStandardPaths::findExecutable(u"gatehoused"_s);
}

void LocalServer::setDataDirectory(const QString& path) {
    if (isActive())
        return;
    m_dataDir = QDir::cleanPath(QDir(path).absolutePath());
    m_serverUrl.clear();
    readFingerprint();
}

QString LocalServer::executable() const {
    return m_executable.isEmpty() ? locateExecutable() : m_executable;
}

bool LocalServer::isActive() const {
    return m_state != State::Stopped && m_state != State::Exited;
}

bool LocalServer::isInitialised() const {
    // What daemon::DataDirectory::isInitialized() checks: init writes the config last.
    const QDir dir(m_dataDir);
    return QFileInfo::exists(dir.filePath(u"gatehoused.ini"_s)) &&
           QFileInfo::exists(dir.filePath(u"master.key"_s));
}

qint64 LocalServer::processId() const {
    return m_server ? m_server->processId() : 0;
}

QString LocalServer::systemIssuer() const {
    if (m_serverUrl.isEmpty())
        return {};
    return m_serverUrl.adjusted(QUrl::StripTrailingSlash).toString() + u"/t/system/"_s;
}

ServerProfile LocalServer::profile() const {
    ServerProfile profile;
    profile.name = tr("Local server");
    profile.primaryUrl = m_serverUrl;
    profile.pinnedFingerprint = m_fingerprint;
    profile.localServer = true;
    return profile;
}

// --- starting and stopping -----------------------------------------------------------------------

void LocalServer::start() {
    if (isActive())
        return;
    m_problem.clear();
    m_exitCode = 0;
    if (executable().isEmpty())
        return fail(tr("gatehoused was not found beside the dashboard, in its build tree or on "
                       "PATH. Install it, or start the dashboard with --gatehoused PATH."));
    if (isInitialised())
        runServer();
    else
        runInit();
}

void LocalServer::stop() {
    if (m_state != State::Starting && m_state != State::Running)
        return;
    setState(State::Stopping);
    Q_EMIT output(tr("Stopping gatehoused (SIGTERM)…"));
    m_server->terminate();
    QTimer::singleShot(m_stopTimeoutMs, m_server.data(), [server = m_server] {
        if (server && server->state() != QProcess::NotRunning)
            server->kill();
    });
}

QProcess* LocalServer::newProcess(const QStringList& arguments) {
    auto* process = new QProcess(this);
    process->setProgram(executable());
    process->setArguments(arguments);
    process->setProcessEnvironment(m_environment);
    process->setStandardInputFile(QProcess::nullDevice());
    return process;
}

void LocalServer::runInit() {
    // The data directory itself is made by init (mode 0700, refused when not empty).
    QDir().mkpath(QFileInfo(m_dataDir).absolutePath());
    const quint16 port = freeLoopbackPort();
    if (port == 0)
        return fail(tr("No free port on 127.0.0.1 was found for the local server."));
    setState(State::Initialising);
    Q_EMIT output(tr("Creating the data directory %1 (gatehoused init)…").arg(m_dataDir));
    m_init = newProcess({u"init"_s, u"--data-dir"_s, m_dataDir, u"--listen"_s,
                         u"127.0.0.1:%1"_s.arg(port), u"--json"_s});
    connect(m_init, &QProcess::finished, this, &LocalServer::onInitFinished);
    connect(m_init, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error != QProcess::FailedToStart)
            return;
        const QString reason = m_init->errorString();
        m_init->deleteLater();
        fail(tr("gatehoused could not be started: %1").arg(reason));
    });
    m_init->start();
}

void LocalServer::onInitFinished(int exitCode, QProcess::ExitStatus status) {
    // Standard output is init's JSON with the owner's password and the clients' secrets: it is
    // read for the URL only and never shown. Standard error is init's own messages.
    const QJsonObject made = QJsonDocument::fromJson(m_init->readAllStandardOutput()).object();
    const QByteArray messages = m_init->readAllStandardError();
    m_init->deleteLater();
    for (const QByteArray& line : messages.trimmed().split('\n')) {
        if (!line.isEmpty())
            Q_EMIT output(QString::fromUtf8(line));
    }
    if (status != QProcess::NormalExit || exitCode != 0 || made.isEmpty()) {
        m_exitCode = status == QProcess::NormalExit ? exitCode : -1;
        m_problem = tr("gatehoused init failed: %1")
                        .arg(lastLine(messages).isEmpty() ? tr("exit code %1").arg(m_exitCode)
                                                          : lastLine(messages));
        setState(State::Exited);
        return;
    }
    Q_EMIT output(tr("Created %1 for %2: the system tenant and the tenant \"%3\", owner %4.")
                      .arg(m_dataDir, made.value("public_url"_L1).toString(),
                           made.value("tenant"_L1).toString(),
                           made.value("admin"_L1).toObject().value("email"_L1).toString()));
    Q_EMIT output(tr("The owner's password and the clients' secrets were not kept: the dashboard "
                     "signs in with `gatehoused token`. To log in with a browser, set the "
                     "owner's password on the Users page of the system tenant."));
    runServer();
}

void LocalServer::runServer() {
    setState(State::Starting);
    readFingerprint();
    m_partialLine[0].clear();
    m_partialLine[1].clear();
    Q_EMIT output(tr("Starting gatehoused run --data-dir %1…").arg(m_dataDir));
    m_server = newProcess({u"run"_s, u"--data-dir"_s, m_dataDir});
#ifdef Q_OS_LINUX
    // A dashboard that dies without closing (killed, crashed) runs no destructor: the kernel
    // sends the server SIGTERM then, so that it drains and exits rather than outliving us. (Not
    // for init, which is let finish: a half-made data directory would need removing by hand.)
    m_server->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
#endif
    connect(m_server, &QProcess::readyReadStandardOutput, this,
            [this] { onServerOutput(QProcess::StandardOutput); });
    connect(m_server, &QProcess::readyReadStandardError, this,
            [this] { onServerOutput(QProcess::StandardError); });
    connect(m_server, &QProcess::finished, this, &LocalServer::onServerFinished);
    connect(m_server, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error != QProcess::FailedToStart)
            return;
        const QString reason = m_server->errorString();
        m_server->deleteLater();
        fail(tr("gatehoused could not be started: %1").arg(reason));
    });
    m_server->start();
}

void LocalServer::readFingerprint() {
    // The certificate init made, which run serves ([tls] certificate by default).
    const QList<QSslCertificate> chain =
        QSslCertificate::fromPath(QDir(m_dataDir).filePath(u"tls/server.crt"_s), QSsl::Pem);
    m_fingerprint = chain.isEmpty() ? QString() : CertificateInfo::fingerprintOf(chain.first());
}

void LocalServer::onServerOutput(QProcess::ProcessChannel channel) {
    QByteArray& pending = m_partialLine[channel == QProcess::StandardError ? 1 : 0];
    pending += channel == QProcess::StandardError ? m_server->readAllStandardError()
                                                  : m_server->readAllStandardOutput();
    for (;;) {
        qsizetype end = pending.indexOf('\n');
        if (end < 0 && pending.size() < kLongestLine)
            break;
        if (end < 0)
            end = kLongestLine;
        const QString line = QString::fromUtf8(pending.left(end));
        pending.remove(0, end + 1);
        Q_EMIT output(line);
        if (m_state != State::Starting)
            continue;
        if (const QRegularExpressionMatch ready = readyLine().match(line); ready.hasMatch()) {
            m_serverUrl = QUrl(ready.captured(1));
            setState(State::Running);
        }
    }
}

void LocalServer::onServerFinished(int exitCode, QProcess::ExitStatus status) {
    for (QByteArray& pending : m_partialLine) {
        if (!pending.isEmpty())
            Q_EMIT output(QString::fromUtf8(std::exchange(pending, {})));
    }
    m_server->deleteLater();
    m_exitCode = status == QProcess::NormalExit ? exitCode : -1;
    if (m_state == State::Stopping) {
        Q_EMIT output(m_exitCode == 0 ? tr("gatehoused stopped.")
                                      : tr("gatehoused was killed: it did not stop in time."));
        setState(State::Stopped);
        return;
    }
    m_problem = status == QProcess::NormalExit
                    ? tr("gatehoused exited with code %1; the console shows why.").arg(exitCode)
                    : tr("gatehoused crashed; the console shows its last words.");
    setState(State::Exited);
}

void LocalServer::fail(const QString& problem) {
    m_problem = problem;
    m_exitCode = -1;
    Q_EMIT output(problem);
    setState(State::Exited);
}

void LocalServer::setState(State state) {
    if (state == m_state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

// --- signing in ----------------------------------------------------------------------------------

void LocalServer::requestToken(QObject* context, TokenReady ready) {
    // Always answered later, and only while the asker exists (Session::TokenProvider).
    auto answer = [guard = QPointer<QObject>(context), ready = std::move(ready)](
                      const TokenSet& tokens, const std::optional<ApiError>& error) {
        if (!guard)
            return;
        QMetaObject::invokeMethod(
            guard.data(),
            [guard, ready, tokens, error] {
                if (guard)
                    ready(tokens, error);
            },
            Qt::QueuedConnection);
    };
    if (m_state != State::Running)
        return answer({}, localError(u"local_server_stopped"_s,
                                     tr("The local server is not running; start it on the Local "
                                        "server page.")));
    QProcess* process = newProcess({u"token"_s, u"--data-dir"_s, m_dataDir});
    connect(process, &QProcess::finished, this,
            [process, answer](int exitCode, QProcess::ExitStatus status) {
                process->deleteLater();
                const QByteArray printed = process->readAllStandardOutput();
                const QByteArray messages = process->readAllStandardError();
                if (status != QProcess::NormalExit || exitCode != 0)
                    return answer({}, localError(u"local_token_failed"_s,
                                                 tr("gatehoused token failed: %1")
                                                     .arg(lastLine(messages).isEmpty()
                                                              ? tr("no answer in time")
                                                              : lastLine(messages))));
                TokenSet tokens = TokenSet::fromResponse(QJsonDocument::fromJson(printed).object(),
                                                         QDateTime::currentDateTimeUtc());
                tokens.name = clientIdOf(tokens.accessToken);
                answer(tokens, std::nullopt);
            });
    connect(
        process, &QProcess::errorOccurred, this, [process, answer](QProcess::ProcessError error) {
            if (error != QProcess::FailedToStart)
                return;
            process->deleteLater();
            answer({}, localError(
                           u"local_token_failed"_s,
                           tr("gatehoused could not be started: %1").arg(process->errorString())));
        });
    QTimer::singleShot(kTokenTimeoutMs, process, [process] { process->kill(); });
    process->start();
}

} // namespace gatehouse::client
