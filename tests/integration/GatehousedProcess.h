#pragma once

#include "HttpClient.h"

#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QSslConfiguration>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>
#include <string>

namespace gatehouse::integration {

// The gatehoused executable under test (its build path, from CMake).
[[nodiscard]] QString gatehousedExecutable();

// The test's environment without any GATEHOUSE_ variable (a developer's GATEHOUSE_LIMITS_... or
// GATEHOUSE_DATA_DIR must not change what a test sees), except the test fixtures' own
// GATEHOUSE_TEST_ ones, which the server ignores.
[[nodiscard]] QProcessEnvironment gatehousedEnvironment();

struct CommandResult {
    bool finished = false; // within the timeout
    bool crashed = false;
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    [[nodiscard]] std::string describe() const;
};

// Runs gatehoused to completion (init, --help, a run that must refuse to start, ...).
[[nodiscard]] CommandResult
runGatehoused(const QStringList& arguments,
              const QProcessEnvironment& environment = gatehousedEnvironment(),
              int timeoutMs = 60000);

struct ClientCredentials {
    QString clientId;
    QString clientSecret;
    QString audience;
    [[nodiscard]] static ClientCredentials fromJson(const QJsonObject& json);
};

struct InitOptions {
    QString tenant = {};   // --tenant when set (the daemon's default is `default`)
    bool http = false;     // --http: no certificate, and `run` serves plain HTTP
    QString database = {}; // --database URL when set
    // The signing algorithm of the tenants init makes ([tokens] signing_algorithm through the
    // environment). ES256 unless a test needs RSA: RSA-2048 key generation takes most of a
    // second, EC keys a millisecond, and init makes a key pair and its successor per tenant.
    QString signingAlgorithm = QStringLiteral("ES256");
};

// One gatehoused instance of one test: a data directory in a temporary directory, `init` into it,
// `run` on 127.0.0.1 with a port the kernel picks, standard error captured, SIGTERM to stop.
// Helpers that cannot do their job add a gtest failure and return an empty value, so callers
// ASSERT on the result.
class GatehousedProcess final {
public:
    GatehousedProcess();
    ~GatehousedProcess(); // a server still running is killed
    GatehousedProcess(const GatehousedProcess&) = delete;
    GatehousedProcess& operator=(const GatehousedProcess&) = delete;

    // `gatehoused init --data-dir DIR --listen 127.0.0.1:0 --json ...`; keeps the JSON.
    bool init(const InitOptions& options = {});
    // A copy of another instance's data directory and credentials (a second node of a cluster).
    bool initFromCopyOf(const GatehousedProcess& other);

    [[nodiscard]] const QJsonObject& credentials() const { return m_credentials; }
    [[nodiscard]] QString tenant() const;
    [[nodiscard]] ClientCredentials managementClient() const;
    [[nodiscard]] ClientCredentials systemClient() const;
    [[nodiscard]] QString dataDir() const { return m_dataDir; }
    // A path in the test's temporary directory, outside the data directory.
    [[nodiscard]] QString temporaryPath(const QString& name) const;

    // Environment of the next start(), on top of gatehousedEnvironment().
    void setEnvironment(const QString& name, const QString& value);

    // `gatehoused run --data-dir DIR --listen 127.0.0.1:0 [--http] extra...`, then waits for the
    // ready line on standard error and takes the port from it.
    bool start(const QStringList& extraArguments = {}, int timeoutMs = 30000);
    // SIGTERM, then waits for the exit; the exit code, or -1 for a crash or no exit in time.
    int stop(int timeoutMs = 30000);
    void terminate(); // SIGTERM without waiting
    [[nodiscard]] bool waitForExit(int timeoutMs);
    [[nodiscard]] bool isRunning() const;
    [[nodiscard]] QProcess& process() { return *m_process; }

    // Everything the server wrote to standard error so far.
    [[nodiscard]] QByteArray standardError();
    [[nodiscard]] bool waitForStandardError(QByteArrayView needle,
                                            int timeoutMs = kAnswerTimeoutMs);
    [[nodiscard]] qint64 reportedReadyMillis() const { return m_reportedReadyMs; }
    [[nodiscard]] qint64 measuredReadyMillis() const { return m_measuredReadyMs; }
    [[nodiscard]] QString servingUrl() const { return m_servingUrl; }

    [[nodiscard]] quint16 port() const { return m_port; }
    [[nodiscard]] bool isHttps() const { return !m_http; }
    // Trusts exactly the certificate in the data directory (tls/server.crt).
    [[nodiscard]] QSslConfiguration tlsConfiguration() const;
    [[nodiscard]] ServerAddress address() const;

    Reply call(const QByteArray& method, const QByteArray& target, const Headers& headers = {},
               const QByteArray& body = {});
    Reply get(const QByteArray& target, const Headers& headers = {});

    // The issuer from the tenant's discovery document ("https://host:port/t/T/").
    [[nodiscard]] QString issuer(const QString& tenant);
    [[nodiscard]] QString managementAudience(const QString& tenant);
    // client_credentials with HTTP Basic authentication.
    Reply requestToken(const QString& tenant, const ClientCredentials& client,
                       const QString& audience);
    [[nodiscard]] QString token(const QString& tenant, const ClientCredentials& client,
                                const QString& audience);
    [[nodiscard]] QString managementToken(); // the first tenant's Management API
    [[nodiscard]] QString systemToken();     // the system tenant's, for every tenant
    // Waits until the tenant's catalog (refreshed from the change log about once a second) knows
    // the client: a token request that names it, and lacks a code so that nothing is issued, is
    // refused with a 400 (the missing code, or a grant type the client does not have) rather than
    // 401 invalid_client (or a 404 for a tenant not yet known). The catalog applies changes in
    // order, so everything written before the client is known too. False after `timeoutMs`.
    [[nodiscard]] bool waitForClient(const QString& tenant, const QString& clientId,
                                     const QString& clientSecret = {},
                                     int timeoutMs = kAnswerTimeoutMs);
    // `/t/{tenant}/api/v2/{path}` with a Bearer token and a JSON body when given.
    Reply management(const QByteArray& method, const QString& tenant, const QString& path,
                     const QString& token, const QJsonObject& body = {});

private:
    void readStandardError();

    std::unique_ptr<QTemporaryDir> m_temporary;
    QString m_dataDir;
    QJsonObject m_credentials;
    bool m_http = false;
    QProcessEnvironment m_environment;
    std::unique_ptr<QProcess> m_process;
    QByteArray m_stderr;
    quint16 m_port = 0;
    QString m_servingUrl;
    qint64 m_reportedReadyMs = -1;
    qint64 m_measuredReadyMs = -1;
};

} // namespace gatehouse::integration
