#include "GatehousedProcess.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSslCertificate>
#include <QTest>

#include <gtest/gtest.h>

namespace gatehouse::integration {

QString gatehousedExecutable() {
    return QStringLiteral(GATEHOUSED_EXECUTABLE);
}

QProcessEnvironment gatehousedEnvironment() {
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    const QStringList names = environment.keys();
    for (const QString& name : names) {
        if (name.startsWith(QLatin1String("GATEHOUSE_")) &&
            !name.startsWith(QLatin1String("GATEHOUSE_TEST_")))
            environment.remove(name);
    }
    return environment;
}

std::string CommandResult::describe() const {
    QByteArray text = "exit " + QByteArray::number(exitCode) + (crashed ? " (crashed)" : "") +
                      (finished ? "" : " (did not finish)") + "\nstdout: " + out.left(4000) +
                      "\nstderr: " + err.left(4000);
    return text.toStdString();
}

CommandResult runGatehoused(const QStringList& arguments, const QProcessEnvironment& environment,
                            int timeoutMs) {
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(gatehousedExecutable(), arguments);
    CommandResult result;
    result.finished = process.waitForFinished(timeoutMs);
    if (!result.finished) {
        process.kill();
        process.waitForFinished(5000);
    }
    result.crashed = process.exitStatus() == QProcess::CrashExit;
    result.exitCode = result.finished && !result.crashed ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

ClientCredentials ClientCredentials::fromJson(const QJsonObject& json) {
    return {json.value(QStringLiteral("client_id")).toString(),
            json.value(QStringLiteral("client_secret")).toString(),
            json.value(QStringLiteral("audience")).toString()};
}

GatehousedProcess::GatehousedProcess()
    : m_temporary(std::make_unique<QTemporaryDir>())
    , m_environment(gatehousedEnvironment())
    , m_process(std::make_unique<QProcess>()) {
    if (!m_temporary->isValid())
        ADD_FAILURE() << "no temporary directory: " << str(m_temporary->errorString());
    m_dataDir = m_temporary->filePath(QStringLiteral("data"));
    QObject::connect(m_process.get(), &QProcess::readyReadStandardError, m_process.get(),
                     [this] { readStandardError(); });
}

GatehousedProcess::~GatehousedProcess() {
    if (m_process->state() != QProcess::NotRunning) {
        m_process->kill();
        m_process->waitForFinished(5000);
    }
}

bool GatehousedProcess::init(const InitOptions& options) {
    QStringList arguments{
        QStringLiteral("init"),     QStringLiteral("--data-dir"),  m_dataDir,
        QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--json")};
    if (!options.tenant.isEmpty())
        arguments << QStringLiteral("--tenant") << options.tenant;
    if (options.http)
        arguments << QStringLiteral("--http");
    if (!options.database.isEmpty())
        arguments << QStringLiteral("--database") << options.database;
    QProcessEnvironment environment = gatehousedEnvironment();
    environment.insert(QStringLiteral("GATEHOUSE_TOKENS_SIGNING_ALGORITHM"),
                       options.signingAlgorithm);
    const CommandResult result = runGatehoused(arguments, environment);
    if (result.exitCode != 0) {
        ADD_FAILURE() << "gatehoused init failed: " << result.describe();
        return false;
    }
    QJsonParseError error{};
    m_credentials = QJsonDocument::fromJson(result.out, &error).object();
    if (error.error != QJsonParseError::NoError || m_credentials.isEmpty()) {
        ADD_FAILURE() << "init --json printed no JSON object: " << result.describe();
        return false;
    }
    m_http = options.http;
    return true;
}

bool GatehousedProcess::initFromCopyOf(const GatehousedProcess& other) {
    const QDir source(other.m_dataDir);
    QDirIterator it(other.m_dataDir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString from = it.next();
        const QString to = QDir(m_dataDir).filePath(source.relativeFilePath(from));
        QDir().mkpath(QFileInfo(to).absolutePath());
        if (!QFile::copy(from, to)) {
            ADD_FAILURE() << "cannot copy " << str(from) << " to " << str(to);
            return false;
        }
        QFile::setPermissions(to, QFile(from).permissions());
    }
    QFile::setPermissions(m_dataDir,
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    m_credentials = other.m_credentials;
    m_http = other.m_http;
    return true;
}

QString GatehousedProcess::tenant() const {
    return m_credentials.value(QStringLiteral("tenant")).toString();
}

ClientCredentials GatehousedProcess::managementClient() const {
    return ClientCredentials::fromJson(
        m_credentials.value(QStringLiteral("management_client")).toObject());
}

ClientCredentials GatehousedProcess::systemClient() const {
    return ClientCredentials::fromJson(
        m_credentials.value(QStringLiteral("system_management_client")).toObject());
}

QString GatehousedProcess::temporaryPath(const QString& name) const {
    return m_temporary->filePath(name);
}

void GatehousedProcess::setEnvironment(const QString& name, const QString& value) {
    m_environment.insert(name, value);
}

void GatehousedProcess::readStandardError() {
    m_stderr += m_process->readAllStandardError();
}

QByteArray GatehousedProcess::standardError() {
    readStandardError();
    return m_stderr;
}

bool GatehousedProcess::waitForStandardError(QByteArrayView needle, int timeoutMs) {
    return QTest::qWaitFor(
        [&] {
            readStandardError();
            return m_stderr.contains(needle);
        },
        timeoutMs);
}

bool GatehousedProcess::start(const QStringList& extraArguments, int timeoutMs) {
    QStringList arguments{QStringLiteral("run"), QStringLiteral("--data-dir"), m_dataDir};
    // A port of the kernel's choosing unless the test names one.
    if (!extraArguments.contains(QStringLiteral("--listen")))
        arguments << QStringLiteral("--listen") << QStringLiteral("127.0.0.1:0");
    if (m_http && !extraArguments.contains(QStringLiteral("--http")))
        arguments << QStringLiteral("--http");
    arguments << extraArguments;
    m_stderr.clear();
    m_port = 0;
    m_process->setProcessEnvironment(m_environment);
    QElapsedTimer timer;
    timer.start();
    m_process->start(gatehousedExecutable(), arguments);
    static const QRegularExpression ready(
        QStringLiteral(R"(serving (\S+) \(listening on port (\d+).*\) ready in (\d+) ms)"));
    QRegularExpressionMatch match;
    const bool started = QTest::qWaitFor(
        [&] {
            readStandardError();
            match = ready.match(QString::fromUtf8(m_stderr));
            return match.hasMatch() || m_process->state() == QProcess::NotRunning;
        },
        timeoutMs);
    if (!started || !match.hasMatch()) {
        ADD_FAILURE() << "gatehoused run did not become ready"
                      << (m_process->state() == QProcess::NotRunning
                              ? " (exited with " + std::to_string(m_process->exitCode()) + ")"
                              : std::string(" in time"))
                      << "; stderr:\n"
                      << str(standardError());
        return false;
    }
    m_measuredReadyMs = timer.elapsed();
    m_servingUrl = match.captured(1);
    m_port = quint16(match.captured(2).toUInt());
    m_reportedReadyMs = match.captured(3).toLongLong();
    return m_port != 0;
}

void GatehousedProcess::terminate() {
    m_process->terminate();
}

bool GatehousedProcess::waitForExit(int timeoutMs) {
    return QTest::qWaitFor([&] { return m_process->state() == QProcess::NotRunning; }, timeoutMs);
}

bool GatehousedProcess::isRunning() const {
    return m_process->state() != QProcess::NotRunning;
}

int GatehousedProcess::stop(int timeoutMs) {
    if (m_process->state() == QProcess::NotRunning)
        return m_process->exitStatus() == QProcess::NormalExit ? m_process->exitCode() : -1;
    m_process->terminate();
    if (!waitForExit(timeoutMs)) {
        m_process->kill();
        m_process->waitForFinished(5000);
        return -1;
    }
    readStandardError();
    return m_process->exitStatus() == QProcess::NormalExit ? m_process->exitCode() : -1;
}

QSslConfiguration GatehousedProcess::tlsConfiguration() const {
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setCaCertificates(QSslCertificate::fromPath(
        QDir(m_dataDir).filePath(QStringLiteral("tls/server.crt")), QSsl::Pem));
    tls.setPeerVerifyMode(QSslSocket::VerifyPeer);
    tls.setProtocol(QSsl::TlsV1_2OrLater);
    return tls;
}

ServerAddress GatehousedProcess::address() const {
    ServerAddress address;
    address.port = m_port;
    if (!m_http)
        address.tls = tlsConfiguration();
    return address;
}

Reply GatehousedProcess::call(const QByteArray& method, const QByteArray& target,
                              const Headers& headers, const QByteArray& body) {
    return httpRequest(address(), method, target, headers, body);
}

Reply GatehousedProcess::get(const QByteArray& target, const Headers& headers) {
    return call("GET", target, headers);
}

QString GatehousedProcess::issuer(const QString& tenant) {
    const Reply reply = get("/t/" + tenant.toUtf8() + "/.well-known/openid-configuration");
    if (reply.status != 200) {
        ADD_FAILURE() << "no discovery document for " << str(tenant) << ": " << reply.describe();
        return {};
    }
    return reply.json().value(QStringLiteral("issuer")).toString();
}

QString GatehousedProcess::managementAudience(const QString& tenant) {
    const QString base = issuer(tenant);
    return base.isEmpty() ? QString() : QString(base + QStringLiteral("api/v2/"));
}

Reply GatehousedProcess::requestToken(const QString& tenant, const ClientCredentials& client,
                                      const QString& audience) {
    return call("POST", "/t/" + tenant.toUtf8() + "/oauth/token",
                {{"Authorization", basicAuthorization(client.clientId, client.clientSecret)},
                 {"Content-Type", "application/x-www-form-urlencoded"}},
                formBody({{QStringLiteral("grant_type"), QStringLiteral("client_credentials")},
                          {QStringLiteral("audience"), audience}}));
}

bool GatehousedProcess::waitForClient(const QString& tenant, const QString& clientId,
                                      const QString& clientSecret, int timeoutMs) {
    QList<QPair<QString, QString>> form{
        {QStringLiteral("grant_type"), QStringLiteral("authorization_code")},
        {QStringLiteral("client_id"), clientId}};
    if (!clientSecret.isEmpty())
        form.append({QStringLiteral("client_secret"), clientSecret});
    const QByteArray body = formBody(form);
    return QTest::qWaitFor(
        [&] {
            const Reply reply = call("POST", "/t/" + tenant.toUtf8() + "/oauth/token",
                                     {{"Content-Type", "application/x-www-form-urlencoded"}}, body);
            // 400: known (invalid_request for the missing code, or unauthorized_client);
            // an unknown client is 401 invalid_client, an unknown tenant 404.
            return reply.status == 400;
        },
        timeoutMs);
}

QString GatehousedProcess::token(const QString& tenant, const ClientCredentials& client,
                                 const QString& audience) {
    const Reply reply = requestToken(tenant, client, audience);
    const QString accessToken = reply.json().value(QStringLiteral("access_token")).toString();
    if (reply.status != 200 || accessToken.isEmpty()) {
        ADD_FAILURE() << "no token for " << str(client.clientId) << " in " << str(tenant) << " for "
                      << str(audience) << ": " << reply.describe();
        return {};
    }
    return accessToken;
}

QString GatehousedProcess::managementToken() {
    return token(tenant(), managementClient(), managementAudience(tenant()));
}

QString GatehousedProcess::systemToken() {
    const QString system = QStringLiteral("system");
    return token(system, systemClient(), managementAudience(system));
}

Reply GatehousedProcess::management(const QByteArray& method, const QString& tenant,
                                    const QString& path, const QString& token,
                                    const QJsonObject& body) {
    Headers headers{{"Authorization", bearer(token)}};
    QByteArray bytes;
    if (!body.isEmpty() || method == "POST" || method == "PATCH" || method == "PUT") {
        headers.append({QByteArray("Content-Type"), QByteArray("application/json")});
        bytes = jsonBytes(body);
    }
    return call(method, "/t/" + tenant.toUtf8() + "/api/v2/" + path.toUtf8(), headers, bytes);
}

} // namespace gatehouse::integration
