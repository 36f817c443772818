#include "daemon/ServerRunner.h"

#include "crypto/Sealer.h"
#include "daemon/DataDirectory.h"
#include "daemon/Gateway.h"
#include "daemon/LoginRuntime.h"
#include "http/AccessLogWriter.h"
#include "http/HttpServer.h"
#include "http/Router.h"
#include "management/ManagementApi.h"
#include "monitoring/HealthEndpoints.h"
#include "monitoring/Metrics.h"
#include "oidc/AccessTokenVerifier.h"
#include "oidc/Cors.h"
#include "oidc/DiscoveryEndpoint.h"
#include "oidc/JwksEndpoint.h"
#include "oidc/SigningPool.h"
#include "oidc/TokenEndpoint.h"
#include "store/DatabaseConfig.h"
#include "store/Store.h"
#include "tenancy/IssuerPolicy.h"
#include "tenancy/SigningKeyService.h"
#include "tenancy/TenantCatalog.h"
#include "tenancy/TenantProvisioner.h"
#include "tenancy/TenantResolver.h"

#include <QFile>
#include <QSslCertificate>
#include <QSslKey>

#include <cstdio>

namespace gatehouse::daemon {

using namespace std::chrono_literals;

// Declared in the order they are built; destroyed in reverse, so the HTTP server stops before
// anything its handlers use goes away, and the store closes last.
struct ServerRunner::Parts {
    monitoring::Metrics metrics;
    std::optional<store::Store> store;
    std::optional<crypto::Sealer> sealer;
    std::unique_ptr<tenancy::TenantCatalog> catalog;
    std::unique_ptr<tenancy::TenantResolver> resolver;
    std::unique_ptr<tenancy::SigningKeyService> keys;
    std::unique_ptr<tenancy::TenantProvisioner> provisioner;
    std::unique_ptr<oidc::SigningPool> signingPool;
    std::unique_ptr<oidc::AccessTokenVerifier> verifier;
    std::unique_ptr<oidc::DiscoveryEndpoint> discovery;
    std::unique_ptr<oidc::JwksEndpoint> jwks;
    std::unique_ptr<LoginRuntime> login;
    std::unique_ptr<oidc::TokenEndpoint> token;
    std::unique_ptr<management::ManagementApi> management;
    std::unique_ptr<monitoring::HealthEndpoints> health;
    http::Router operations;
    http::Router tenantRoutes;
    std::unique_ptr<Gateway> gateway;
    FILE* accessLogFile = nullptr;
    std::unique_ptr<http::AccessLogWriter> accessLog;
    std::unique_ptr<http::HttpServer> server;

    ~Parts() {
        server.reset();
        accessLog.reset();
        if (accessLogFile != nullptr && accessLogFile != stderr)
            std::fclose(accessLogFile);
    }
};

namespace {

Result<QSslConfiguration> loadTls(const config::ServerConfig& config) {
    const QString certificatePath = config.resolvePath(config.tlsCertificate);
    const QString keyPath = config.resolvePath(config.tlsKey);
    const QList<QSslCertificate> chain = QSslCertificate::fromPath(certificatePath, QSsl::Pem);
    if (chain.isEmpty())
        return Error::internal(
            QStringLiteral("%1: no PEM certificate could be read ([tls] certificate)")
                .arg(certificatePath));
    QFile keyFile(keyPath);
    if (!keyFile.open(QIODevice::ReadOnly))
        return Error::internal(
            QStringLiteral("%1: %2 ([tls] key)").arg(keyPath, keyFile.errorString()));
    const QByteArray pem = keyFile.readAll();
    QSslKey key(pem, QSsl::Rsa, QSsl::Pem);
    if (key.isNull())
        key = QSslKey(pem, QSsl::Ec, QSsl::Pem);
    if (key.isNull())
        return Error::internal(
            QStringLiteral("%1: not an unencrypted RSA or EC private key in PEM ([tls] key)")
                .arg(keyPath));
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificateChain(chain);
    tls.setPrivateKey(key);
    tls.setProtocol(QSsl::TlsV1_2OrLater);
    tls.setPeerVerifyMode(
        QSslSocket::VerifyNone); // clients authenticate with OAuth, not certificates
    return tls;
}

Result<FILE*> openAccessLog(const config::ServerConfig& config) {
    if (config.accessLog == QLatin1String("off"))
        return static_cast<FILE*>(nullptr);
    if (config.accessLog == QLatin1String("stderr"))
        return stderr;
    const QString path = config.resolvePath(config.accessLog);
    FILE* file = std::fopen(QFile::encodeName(path).constData(), "a");
    if (file == nullptr)
        return Error::internal(
            QStringLiteral("%1: cannot open the access log ([log] access_log)").arg(path));
    return file;
}

} // namespace

ServerRunner::ServerRunner(config::ServerConfig config, QObject* parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_parts(std::make_unique<Parts>()) {
    m_refreshTimer.setInterval(1s);
    connect(&m_refreshTimer, &QTimer::timeout, this, &ServerRunner::refreshCatalog);
}

ServerRunner::~ServerRunner() = default;

quint16 ServerRunner::port() const {
    return m_parts->server ? m_parts->server->port() : 0;
}

Result<void> ServerRunner::start(const DataDirectory& dataDir) {
    // Bind first: with port 0 the real port is known only then, and issuers and the discovery
    // documents the catalog pre-serialises contain it. Connections wait in the backlog meanwhile.
    if (auto bound = listen(); !bound)
        return bound;
    if (auto opened = openStore(dataDir); !opened)
        return opened;
    if (auto built = buildRoutes(); !built)
        return built;
    if (auto started = m_parts->server->start(); !started)
        return started;
    m_refreshTimer.start();
    return {};
}

Result<void> ServerRunner::openStore(const DataDirectory& dataDir) {
    auto masterKey = dataDir.readMasterKey();
    if (!masterKey)
        return masterKey.error();
    auto sealer = crypto::Sealer::fromKey(*masterKey);
    if (!sealer)
        return sealer.error();
    m_parts->sealer = *sealer;
    auto databaseConfig = store::DatabaseConfig::fromUrl(m_config.resolvedDatabaseUrl());
    if (!databaseConfig)
        return databaseConfig.error();
    auto store = store::Store::open(*databaseConfig);
    if (!store)
        return store.error();
    m_parts->store = *store;

    const tenancy::IssuerPolicy issuers{m_config.publicBaseUrl(), m_config.domain};
    m_parts->catalog =
        std::make_unique<tenancy::TenantCatalog>(*m_parts->store, *m_parts->sealer, issuers);
    if (auto loaded = m_parts->catalog->loadAll(); !loaded)
        return loaded;
    m_parts->resolver = std::make_unique<tenancy::TenantResolver>(*m_parts->catalog);
    m_parts->keys = std::make_unique<tenancy::SigningKeyService>(*m_parts->store, *m_parts->sealer);
    m_parts->provisioner =
        std::make_unique<tenancy::TenantProvisioner>(*m_parts->store, *m_parts->keys);
    return {};
}

Result<void> ServerRunner::buildRoutes() {
    Parts& p = *m_parts;
    p.signingPool = std::make_unique<oidc::SigningPool>(m_config.cryptoThreads);
    p.verifier = std::make_unique<oidc::AccessTokenVerifier>();
    p.discovery = std::make_unique<oidc::DiscoveryEndpoint>(*p.resolver);
    p.jwks = std::make_unique<oidc::JwksEndpoint>(*p.resolver);
    const config::MailConfig mail = m_config.resolvedMail();
    const crypto::PasswordCost passwordCost{
        static_cast<unsigned long long>(m_config.passwordIterations),
        static_cast<size_t>(m_config.passwordMemoryKib) * 1024};
    LoginRuntime::Dependencies loginParts{*p.resolver,    *p.store,  *p.sealer,
                                          *p.signingPool, p.metrics, m_config.cryptoThreads,
                                          passwordCost,   mail};
    Result<std::unique_ptr<LoginRuntime>> login = LoginRuntime::create(std::move(loginParts));
    if (!login)
        return login.error();
    p.login = std::move(login).value();
    p.token = std::make_unique<oidc::TokenEndpoint>(*p.resolver, *p.signingPool, p.metrics,
                                                    tenancy::systemClock(), &p.login->userGrants(),
                                                    p.login->passwordGrant());
    management::ManagementDependencies managementParts{
        *p.store, *p.catalog, *p.resolver, *p.keys, *p.provisioner, *p.verifier, *p.sealer};
    managementParts.passwordCost = passwordCost;
    managementParts.sendMail = [&login = *p.login](mail::MailMessage message) {
        login.postMail(std::move(message), "verification_email");
    };
    p.management = std::make_unique<management::ManagementApi>(std::move(managementParts));

    p.tenantRoutes.add(http::Method::Get, "/.well-known/openid-configuration",
                       p.discovery->handler());
    p.tenantRoutes.add(http::Method::Get, "/.well-known/jwks.json", p.jwks->handler());
    // Single-page applications redeem codes and refresh tokens from the browser (oidc/Cors).
    const oidc::Cors cors(*p.resolver);
    p.tenantRoutes.add(http::Method::Post, "/oauth/token",
                       cors.wrap(p.token->handler(), oidc::Cors::Scope::RequestingClient));
    p.tenantRoutes.add(http::Method::Options, "/oauth/token", cors.preflight("POST"));
    p.login->registerRoutes(p.tenantRoutes);
    p.management->registerRoutes(p.tenantRoutes);

    store::Store& store = *p.store;
    p.health = std::make_unique<monitoring::HealthEndpoints>(
        p.metrics, QStringLiteral("primary"),
        QList<monitoring::ReadinessProbe>{{QStringLiteral("store"), [&store] {
                                               return store.database().ping();
                                           }}});
    p.health->registerRoutes(p.operations);
    p.gateway = std::make_unique<Gateway>(*p.resolver, p.operations, p.tenantRoutes);
    return {};
}

Result<void> ServerRunner::listen() {
    Parts& p = *m_parts;
    http::HttpServerOptions options;
    options.address = m_config.listenAddress;
    options.port = m_config.listenPort;
    options.workerThreads = m_config.workers;
    options.limits.headerBytes = m_config.headerBytes;
    options.limits.headerCount = m_config.headerCount;
    options.limits.urlBytes = m_config.urlBytes;
    options.limits.bodyBytes = m_config.bodyBytes;
    options.limits.maxConnections = m_config.maxConnections;
    options.timeouts.read = m_config.readTimeout;
    options.timeouts.idle = m_config.idleTimeout;
    options.timeouts.drain = m_config.drainTimeout;
    if (!m_config.plainHttp) {
        auto tls = loadTls(m_config);
        if (!tls)
            return tls.error();
        options.tls = *tls;
    }
    auto logFile = openAccessLog(m_config);
    if (!logFile)
        return logFile.error();
    p.accessLogFile = *logFile;
    if (p.accessLogFile != nullptr)
        p.accessLog = std::make_unique<http::AccessLogWriter>(p.accessLogFile);

    // The gateway is built after the port is known; no request reaches this handler before
    // HttpServer::start(), which comes after buildRoutes().
    p.server = std::make_unique<http::HttpServer>(
        options, [&p](http::HttpRequest request, http::Responder responder) {
            p.gateway->handle(std::move(request), std::move(responder));
        });
    monitoring::Metrics& metrics = p.metrics;
    http::AccessLogWriter* accessLog = p.accessLog.get();
    p.server->setRequestObserver([&metrics, accessLog](const http::RequestRecord& record) {
        metrics.recordRequest(record.route, record.status, record.durationMicros);
        if (accessLog != nullptr)
            accessLog->write(record);
    });
    connect(p.server.get(), &http::HttpServer::drained, this, &ServerRunner::stopped);
    if (auto bound = p.server->listen(); !bound)
        return bound;
    m_config.listenPort = p.server->port();
    return {};
}

void ServerRunner::refreshCatalog() {
    if (auto refreshed = m_parts->catalog->refresh(); !refreshed)
        std::fprintf(stderr, "gatehoused: tenant refresh failed: %s\n",
                     qPrintable(refreshed.error().toString()));
    // Retiring expired keys is a write; once a minute is plenty for expiry measured in hours.
    if (++m_refreshTicks % 60 == 0) {
        if (auto pruned = m_parts->keys->pruneAll(); !pruned)
            std::fprintf(stderr, "gatehoused: key pruning failed: %s\n",
                         qPrintable(pruned.error().toString()));
    }
}

void ServerRunner::stop() {
    if (m_stopping)
        return;
    m_stopping = true;
    m_refreshTimer.stop();
    if (m_parts->server)
        m_parts->server->drain();
    else
        Q_EMIT stopped();
}

} // namespace gatehouse::daemon
