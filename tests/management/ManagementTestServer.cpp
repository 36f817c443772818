#include "ManagementTestServer.h"

#include "crypto/Jwt.h"
#include "crypto/SecretHash.h"
#include "store/DatabaseConfig.h"
#include "tenancy/IssuerPolicy.h"
#include "tenancy/ManagementApi.h"

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTest>
#include <QUrlQuery>
#include <gtest/gtest.h>

namespace gatehouse::management::test {

QByteArray Reply::header(QByteArrayView name) const {
    for (const auto& [key, value] : headers) {
        if (QByteArrayView(key).compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QJsonObject Reply::object() const {
    return QJsonDocument::fromJson(body).object();
}

QJsonArray Reply::array() const {
    return QJsonDocument::fromJson(body).array();
}

QString Reply::error() const {
    return object().value(QLatin1String("error")).toString();
}

QString Reply::description() const {
    return object().value(QLatin1String("error_description")).toString();
}

std::ostream& operator<<(std::ostream& os, const Reply& reply) {
    return os << reply.status << ' ' << reply.body.toStdString();
}

void expectApiError(const Reply& reply, int status, const char* code, const char* mention) {
    EXPECT_EQ(reply.status, status) << reply;
    EXPECT_EQ(reply.error(), QLatin1String(code)) << reply;
    EXPECT_TRUE(reply.description().contains(QLatin1String(mention)))
        << reply << " does not mention " << mention;
}

ManagementServer::ManagementServer(const WriteGate* writeGate)
    : m_sealer(crypto::Sealer::generateKey()) {
    // Every test makes a fresh store; its migrations are not news.
    QLoggingCategory::setFilterRules(QStringLiteral("gatehouse.store.migrations.info=false"));
    EXPECT_TRUE(m_dir.isValid());
    auto store = store::Store::open(
        store::DatabaseConfig::sqlite(m_dir.filePath(QStringLiteral("gatehouse.db"))));
    if (!store.ok())
        ADD_FAILURE() << store.error().toString().toStdString();
    m_store.emplace(std::move(store).value());

    // The server first: the issuers name its port. Requests wait for m_ready.
    http::HttpServerOptions options;
    options.address = QHostAddress::LocalHost;
    options.workerThreads = 2;
    m_server = std::make_unique<http::HttpServer>(
        options, [this](http::HttpRequest request, http::Responder responder) {
            handle(std::move(request), std::move(responder));
        });
    const auto started = m_server->start();
    EXPECT_TRUE(started.ok()) << started.error().toString().toStdString();

    m_keys = std::make_unique<tenancy::SigningKeyService>(*m_store, m_sealer);
    m_provisioner = std::make_unique<tenancy::TenantProvisioner>(*m_store, *m_keys);
    m_catalog = std::make_unique<tenancy::TenantCatalog>(*m_store, m_sealer,
                                                         tenancy::IssuerPolicy{base(), QString()});
    m_resolver = std::make_unique<tenancy::TenantResolver>(*m_catalog);
    m_pool = std::make_unique<oidc::SigningPool>(2, 64);
    m_tokenEndpoint = std::make_unique<oidc::TokenEndpoint>(*m_resolver, *m_pool, m_metrics);
    m_jwks = std::make_unique<oidc::JwksEndpoint>(*m_resolver);
    m_api = std::make_unique<ManagementApi>(
        ManagementDependencies{*m_store, *m_catalog, *m_resolver, *m_keys, *m_provisioner,
                               m_verifier, m_sealer, writeGate});
    m_router.add(http::Method::Post, "/oauth/token", m_tokenEndpoint->handler());
    m_router.add(http::Method::Get, "/.well-known/jwks.json", m_jwks->handler());
    m_api->registerRoutes(m_router);

    provisionTenant(QStringLiteral("system"), QStringLiteral("ES256"));
    provisionTenant(QStringLiteral("acme"), QStringLiteral("RS256"));
    provisionTenant(QStringLiteral("globex"), QStringLiteral("ES256"));
    addClient(QStringLiteral("system"), QString::fromLatin1(kSystemClient),
              tenancy::ManagementApi::scopes(true));
    addClient(QStringLiteral("acme"), QStringLiteral("admin"),
              tenancy::ManagementApi::scopes(false));
    addClient(QStringLiteral("acme"), QStringLiteral("reader"), {QStringLiteral("read:clients")});
    addClient(QStringLiteral("globex"), QStringLiteral("admin"),
              tenancy::ManagementApi::scopes(false));
    const auto loaded = m_catalog->loadAll();
    EXPECT_TRUE(loaded.ok()) << loaded.error().toString().toStdString();
    m_ready = true;
}

ManagementServer::~ManagementServer() {
    m_server.reset(); // no more requests into the objects below
    m_api.reset();
    m_pool->waitForDone();
}

void ManagementServer::handle(http::HttpRequest request, http::Responder responder) const {
    if (!m_ready) {
        responder.send(http::HttpResponse::error(503, "starting", QStringLiteral("not ready")));
        return;
    }
    // The daemon's Gateway in small: tenant requests go to the tenant router with the path
    // inside the tenant.
    const std::optional<tenancy::TenantRoute> route = m_resolver->resolve(request);
    if (!route) {
        responder.send(http::HttpResponse::error(404, "not_found", QStringLiteral("no tenant")));
        return;
    }
    const QByteArray tenantPath = route->tenantPath;
    m_router.dispatch(std::move(request), tenantPath, responder);
}

QString ManagementServer::base() const {
    return QStringLiteral("http://127.0.0.1:%1").arg(m_server->port());
}

QString ManagementServer::issuer(const QString& tenant) const {
    return base() + QStringLiteral("/t/") + tenant + u'/';
}

QString ManagementServer::audience(const QString& tenant) const {
    return issuer(tenant) + QStringLiteral("api/v2/");
}

void ManagementServer::provisionTenant(const QString& id, const QString& algorithm) {
    store::TenantRecord tenant;
    tenant.id = id;
    tenant.displayName = id;
    tenant.signingAlgorithm = algorithm;
    const auto created = m_provisioner->create(tenant, tenancy::SystemTenantId::Allow);
    ASSERT_TRUE(created.ok()) << created.error().toString().toStdString();
}

void ManagementServer::addClient(const QString& tenant, const QString& clientId,
                                 const QStringList& scopes) {
    store::ClientRecord client;
    client.tenant = tenant;
    client.clientId = clientId;
    client.name = clientId;
    client.appType = QStringLiteral("non_interactive");
    client.grantTypes = {QStringLiteral("client_credentials")};
    client.secretHash = crypto::SecretHash::hash(QByteArray(kSecret));
    const auto created = m_store->clients().create(client);
    ASSERT_TRUE(created.ok()) << created.error().toString().toStdString();
    store::ClientGrantRecord grant;
    grant.tenant = tenant;
    grant.clientId = clientId;
    grant.audience = tenancy::ManagementApi::kIdentifier;
    grant.scope = scopes;
    const auto granted = m_store->clientGrants().create(grant);
    ASSERT_TRUE(granted.ok()) << granted.error().toString().toStdString();
    if (m_ready) {
        EXPECT_TRUE(m_catalog->refresh().ok());
    }
}

Reply ManagementServer::wait(QNetworkReply* reply) {
    EXPECT_TRUE(QTest::qWaitFor([reply] { return reply->isFinished(); }, 20000));
    Reply result;
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.body = reply->readAll();
    result.headers = reply->rawHeaderPairs();
    reply->deleteLater();
    return result;
}

Reply ManagementServer::callRaw(const QByteArray& method, const QString& url,
                                const QByteArray& token, const QByteArray& body,
                                const QByteArray& contentType) {
    QNetworkRequest request{QUrl(url)};
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    if (!token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token);
    if (!contentType.isEmpty())
        request.setRawHeader("Content-Type", contentType);
    return wait(m_network.sendCustomRequest(request, method, body));
}

Reply ManagementServer::call(const QByteArray& method, const QString& tenant, const QString& path,
                             const QByteArray& token, const std::optional<QJsonObject>& body) {
    const QString url = base() + QStringLiteral("/t/") + tenant + path;
    if (!body)
        return callRaw(method, url, token, {}, {});
    return callRaw(method, url, token, QJsonDocument(*body).toJson(QJsonDocument::Compact),
                   "application/json");
}

Reply ManagementServer::requestToken(const QString& tenant, const QString& clientId,
                                     const QString& secret, const QString& audience) {
    QUrlQuery form;
    form.addQueryItem(QStringLiteral("grant_type"), QStringLiteral("client_credentials"));
    form.addQueryItem(QStringLiteral("client_id"), clientId);
    form.addQueryItem(QStringLiteral("client_secret"), secret);
    form.addQueryItem(QStringLiteral("audience"),
                      audience.isEmpty() ? this->audience(tenant) : audience);
    return callRaw("POST", issuer(tenant) + QStringLiteral("oauth/token"), {},
                   form.toString(QUrl::FullyEncoded).toLatin1(),
                   "application/x-www-form-urlencoded");
}

QByteArray ManagementServer::token(const QString& tenant, const QString& clientId,
                                   const QString& secret, const QString& audience) {
    const Reply reply = requestToken(tenant, clientId, secret, audience);
    EXPECT_EQ(reply.status, 200) << reply;
    return reply.object().value(QLatin1String("access_token")).toString().toLatin1();
}

QByteArray ManagementServer::adminToken(const QString& tenant) {
    if (tenant == QLatin1String("system"))
        return systemToken();
    return token(tenant, QStringLiteral("admin"));
}

QByteArray ManagementServer::systemToken() {
    return token(QStringLiteral("system"), QString::fromLatin1(kSystemClient));
}

std::pair<crypto::KeyPair, QByteArray> ManagementServer::currentKey(const QString& tenant) {
    const auto record = m_store->signingKeys().findCurrent(tenant);
    EXPECT_TRUE(record.ok() && record->has_value());
    const auto key = tenancy::SigningKeyService::unseal(m_sealer, **record);
    EXPECT_TRUE(key.ok());
    return {*key, (*record)->kid.toLatin1()};
}

qint64 ManagementServer::latestChange() {
    const auto latest = m_store->changeLog().latestSequence();
    EXPECT_TRUE(latest.ok());
    return latest.ok() ? *latest : -1;
}

} // namespace gatehouse::management::test
