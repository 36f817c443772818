#pragma once

#include "models/api/ApiError.h"
#include "models/api/ServerProfile.h"
#include "models/auth/TokenSet.h"

#include <QObject>
#include <QPointer>
#include <QProcess>
#include <QProcessEnvironment>
#include <QUrl>
#include <functional>
#include <optional>

namespace gatehouse::client {

// The bundled gatehoused that the dashboard runs for a self-hoster, in a data directory of the
// user's (QStandardPaths::AppLocalDataLocation/server unless told otherwise):
//  - start(): `gatehoused init --data-dir DIR --listen 127.0.0.1:PORT --json` the first time (a
//    free loopback port, kept in the config so that the URL stays the same), then
//    `gatehoused run --data-dir DIR`; Running once run prints its ready line.
//  - stop(): SIGTERM (run drains and exits), SIGKILL if it has not exited after a while.
//    Destroying the object stops a server it started and waits for it.
//  - requestToken(): `gatehoused token --data-dir DIR`, the sign-in without a password: whoever
//    can read the data directory owns that server (see daemon/TokenCommand.h).
// Every line the processes write goes out through output(). init's JSON holds the owner's
// password and the clients' secrets: only the URL and the TLS fingerprint are taken from it,
// nothing is shown or kept.
class LocalServer final : public QObject {
    Q_OBJECT

public:
    enum class State { Stopped, Initialising, Starting, Running, Stopping, Exited };
    Q_ENUM(State)

    using TokenReady =
        std::function<void(const TokenSet& tokens, const std::optional<ApiError>& error)>;

    explicit LocalServer(QObject* parent = nullptr);
    ~LocalServer() override;

    // AppLocalDataLocation + "/server".
    [[nodiscard]] static QString defaultDataDirectory();
    // gatehoused beside this program (installed together), in the build tree's layout
    // (<build>/app/gatehouse and <build>/server/gatehoused/gatehoused), where this build made it,
    // or on PATH; empty when there is none.
    [[nodiscard]] static QString locateExecutable();

    // Settings, taken by the next start().
    [[nodiscard]] QString dataDirectory() const { return m_dataDir; }
    void setDataDirectory(const QString& path);
    // The gatehoused to run; empty: locateExecutable().
    [[nodiscard]] QString executable() const;
    void setExecutable(const QString& path) { m_executable = path; }
    void setEnvironment(const QProcessEnvironment& environment) { m_environment = environment; }
    // How long stop() waits for the drain before it kills; 15 s by default.
    void setStopTimeout(int milliseconds) { m_stopTimeoutMs = milliseconds; }

    [[nodiscard]] State state() const { return m_state; }
    [[nodiscard]] bool isActive() const; // a process of ours is running (any state but two)
    [[nodiscard]] int exitCode() const { return m_exitCode; } // when Exited; -1 for a crash
    [[nodiscard]] bool isInitialised() const; // init has finished in the data directory
    [[nodiscard]] qint64 processId() const;
    // The URL from the last ready line and the system tenant's issuer under it (empty until the
    // server has run), and the SHA-256 fingerprint of the certificate in the data directory
    // (empty until init made it). The profile pins that fingerprint: the dashboard started this
    // server from this directory, so the certificate is its own.
    [[nodiscard]] QUrl serverUrl() const { return m_serverUrl; }
    [[nodiscard]] QString systemIssuer() const;
    [[nodiscard]] QString tlsFingerprint() const { return m_fingerprint; }
    [[nodiscard]] ServerProfile profile() const;
    // Why the last start failed or the server exited, for a person.
    [[nodiscard]] QString problem() const { return m_problem; }

    void start();
    void stop();
    // Runs `gatehoused token` and calls `ready` once, later, unless `context` is gone by then.
    void requestToken(QObject* context, TokenReady ready);

Q_SIGNALS:
    void stateChanged(gatehouse::client::LocalServer::State state);
    void output(const QString& line);

private:
    void runInit();
    void onInitFinished(int exitCode, QProcess::ExitStatus status);
    void runServer();
    void onServerOutput(QProcess::ProcessChannel channel);
    void onServerFinished(int exitCode, QProcess::ExitStatus status);
    void fail(const QString& problem);
    void setState(State state);
    void readFingerprint();
    [[nodiscard]] QProcess* newProcess(const QStringList& arguments);

    QString m_dataDir;
    QString m_executable;
    QProcessEnvironment m_environment;
    int m_stopTimeoutMs = 15000;
    State m_state = State::Stopped;
    int m_exitCode = 0;
    QString m_problem;
    QPointer<QProcess> m_init;
    QPointer<QProcess> m_server;
    QByteArray m_partialLine[2]; // of standard output and standard error
    QUrl m_serverUrl;
    QString m_fingerprint;
};

} // namespace gatehouse::client
