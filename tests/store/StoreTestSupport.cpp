#include "StoreTestSupport.h"

#include "core/Json.h"

#include <QFile>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

using namespace Qt::StringLiterals;

void PrintTo(const QString& value, std::ostream* os) {
    *os << '"' << value.toStdString() << '"';
}

void PrintTo(const QByteArray& value, std::ostream* os) {
    *os << "QByteArray(" << value.toHex().toStdString() << ')';
}

void PrintTo(const QDateTime& value, std::ostream* os) {
    *os << (value.isValid() ? value.toString(Qt::ISODateWithMs).toStdString() : "(invalid)");
}

void PrintTo(const QJsonObject& value, std::ostream* os) {
    *os << gatehouse::json::compact(value).toStdString();
}

void PrintTo(const QStringList& value, std::ostream* os) {
    *os << '[' << value.join(u", "_s).toStdString() << ']';
}

namespace gatehouse {
void PrintTo(const Error& error, std::ostream* os) {
    *os << error.toString().toStdString();
}
} // namespace gatehouse

namespace gatehouse::store {

void PrintTo(Engine engine, std::ostream* os) {
    *os << engineName(engine).toStdString();
}

namespace {
template <typename Record> void printRecord(const Record& record, std::ostream* os) {
    *os << json::compact(record.toJson()).toStdString();
}
} // namespace

void PrintTo(const TenantRecord& record, std::ostream* os) {
    printRecord(record, os);
}
void PrintTo(const ClientRecord& record, std::ostream* os) {
    printRecord(record, os);
}
void PrintTo(const ResourceServerRecord& record, std::ostream* os) {
    printRecord(record, os);
}
void PrintTo(const ClientGrantRecord& record, std::ostream* os) {
    printRecord(record, os);
}
void PrintTo(const SigningKeyRecord& record, std::ostream* os) {
    printRecord(record, os);
}
void PrintTo(const UserRecord& record, std::ostream* os) {
    printRecord(record, os);
}
void PrintTo(const ConnectionRecord& record, std::ostream* os) {
    printRecord(record, os);
}
void PrintTo(const IdentityRecord& record, std::ostream* os) {
    printRecord(record, os);
}
void PrintTo(const ChangeRecord& record, std::ostream* os) {
    *os << record.sequence << ' ' << record.operation.toStdString() << ' '
        << record.entity.toStdString() << ' ' << record.tenant.toStdString() << '/'
        << record.entityId.toStdString();
}

} // namespace gatehouse::store

namespace gatehouse::store::test {

Result<DatabaseConfig> TestDatabase::postgresServer() {
    const QString urlFile = qEnvironmentVariable("GATEHOUSE_TEST_POSTGRES_URL_FILE");
    if (urlFile.isEmpty())
        return Error::internal(u"GATEHOUSE_TEST_POSTGRES_URL_FILE is not set: run the tests "
                               u"through ctest, which starts PostgreSQL (fixture 'postgres'), or "
                               u"run tests/support/postgres-fixture.sh start DIR and point the "
                               u"variable at DIR/url"_s);
    QFile file(urlFile);
    if (!file.open(QIODevice::ReadOnly))
        return Error::internal(u"cannot read the PostgreSQL URL from '%1': %2 (did the "
                               u"postgres.start fixture run?)"_s.arg(urlFile, file.errorString()));
    return DatabaseConfig::fromUrl(QString::fromUtf8(file.readAll()).trimmed());
}

TestDatabase::TestDatabase(Engine engine) {
    if (!m_directory.isValid()) {
        m_error = u"cannot create a temporary directory: "_s + m_directory.errorString();
        return;
    }
    if (engine == Engine::Sqlite)
        m_config = DatabaseConfig::sqlite(m_directory.filePath(u"gatehouse.db"_s));
    else
        createPostgresDatabase();
}

void TestDatabase::createPostgresDatabase() {
    Result<DatabaseConfig> server = postgresServer();
    if (!server) {
        m_error = server.error().toString();
        return;
    }
    m_config = *server;
    m_config.database = u"gh_"_s + QUuid::createUuid().toString(QUuid::Id128);
    m_adminConnection = u"gatehouse-test-admin-"_s + m_config.database;
    QSqlDatabase admin = QSqlDatabase::addDatabase(u"QPSQL"_s, m_adminConnection);
    admin.setHostName(server->host);
    admin.setPort(server->port);
    admin.setDatabaseName(server->database);
    admin.setUserName(server->user);
    admin.setPassword(server->password);
    if (!admin.open()) {
        m_error = u"cannot connect to the test server: "_s + admin.lastError().text();
        return;
    }
    QSqlQuery create(admin);
    if (!create.exec(u"CREATE DATABASE %1"_s.arg(m_config.database)))
        m_error = u"cannot create a test database: "_s + create.lastError().text();
}

TestDatabase::~TestDatabase() {
    if (m_adminConnection.isEmpty())
        return;
    {
        QSqlDatabase admin = QSqlDatabase::database(m_adminConnection, false);
        if (admin.isOpen()) {
            QSqlQuery drop(admin);
            if (!drop.exec(u"DROP DATABASE IF EXISTS %1 WITH (FORCE)"_s.arg(m_config.database)))
                ADD_FAILURE() << "cannot drop " << m_config.database.toStdString() << ": "
                              << drop.lastError().text().toStdString();
        }
    }
    QSqlDatabase::removeDatabase(m_adminConnection);
}

void EngineTest::SetUp() {
    m_database = std::make_unique<TestDatabase>(engine());
    ASSERT_TRUE(m_database->setupError().isEmpty()) << m_database->setupError().toStdString();
    Result<Store> opened = Store::open(m_database->config());
    ASSERT_OK(opened);
    m_store.emplace(std::move(opened).value());
}

void EngineTest::TearDown() {
    // The Database closes its connections before the test database is dropped.
    m_store.reset();
    m_database.reset();
}

Result<Store> EngineTest::openAnother(Database::Clock clock) const {
    return Store::open(m_database->config(), std::move(clock));
}

void EngineTest::reopen(Database::Clock clock) {
    m_store.reset();
    Result<Store> opened = openAnother(std::move(clock));
    ASSERT_OK(opened);
    m_store.emplace(std::move(opened).value());
}

void EngineTest::populateTenant(const QString& id) {
    ASSERT_OK(store().tenants().create(tenant(id)));
    const Result<ClientRecord> app = store().clients().create(client(id, u"app"_s));
    ASSERT_OK(app);
    ASSERT_OK(store().resourceServers().create(resourceServer(id, u"https://api.example.com"_s)));
    ASSERT_OK(store().clientGrants().create(
        clientGrant(id, app->clientId, u"https://api.example.com"_s)));
    ASSERT_OK(store().signingKeys().create(signingKey(id, u"key-1"_s, KeyStatus::Current)));
    ASSERT_OK(store().connections().create(
        ConnectionRepository::defaultDatabase(id, QStringList{app->clientId})));
    const Result<UserRecord> someone = store().users().create(user(id, u"someone@example.com"_s));
    ASSERT_OK(someone);
    ASSERT_OK(store().identities().link(
        identity(id, kDefaultDatabaseConnection, u"someone"_s, someone->userId)));
}

std::string engineTestName(const ::testing::TestParamInfo<Engine>& info) {
    return info.param == Engine::Sqlite ? "Sqlite" : "Postgres";
}

TenantRecord tenant(const QString& id) {
    TenantRecord record;
    record.id = id;
    record.displayName = u"Tenant "_s + id;
    record.settings = {{u"friendlyName"_s, id}};
    return record;
}

ClientRecord client(const QString& tenant, const QString& name) {
    ClientRecord record;
    record.tenant = tenant;
    record.name = name;
    record.description = u"The "_s + name + u" application"_s;
    record.appType = u"regular_web"_s;
    // Binary on purpose: NUL and high bytes must survive both engines.
    static const char hash[] = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA\0\xff";
    record.secretHash = QByteArray(hash, sizeof hash - 1);
    record.grantTypes = QStringList{u"authorization_code"_s, u"refresh_token"_s};
    record.callbacks = QStringList{u"https://app.example.com/callback"_s};
    record.metadata = {{u"team"_s, u"identity"_s}};
    return record;
}

ResourceServerRecord resourceServer(const QString& tenant, const QString& identifier) {
    ResourceServerRecord record;
    record.tenant = tenant;
    record.name = u"API "_s + identifier;
    record.identifier = identifier;
    record.scopes = QJsonArray{
        QJsonObject{{u"value"_s, u"read:things"_s}, {u"description"_s, u"Read things"_s}}};
    record.tokenLifetimeSeconds = 3600;
    return record;
}

ClientGrantRecord clientGrant(const QString& tenant, const QString& clientId,
                              const QString& audience) {
    ClientGrantRecord record;
    record.tenant = tenant;
    record.clientId = clientId;
    record.audience = audience;
    record.scope = QStringList{u"read:things"_s};
    return record;
}

SigningKeyRecord signingKey(const QString& tenant, const QString& kid, KeyStatus status) {
    SigningKeyRecord record;
    record.tenant = tenant;
    record.kid = kid;
    record.algorithm = u"RS256"_s;
    record.status = status;
    static const char sealed[] = "sealed\0\x01\x02\xfe\xff";
    record.sealedPrivateKey = QByteArray(sealed, sizeof sealed - 1);
    record.publicJwk = {{u"kty"_s, u"RSA"_s}, {u"kid"_s, kid}, {u"n"_s, u"AQAB"_s}};
    return record;
}

UserRecord user(const QString& tenant, const QString& email) {
    UserRecord record;
    record.tenant = tenant;
    record.email = email;
    record.passwordHash = QByteArrayLiteral("$argon2id$v=19$m=19456,t=2,p=1$salt$hash");
    record.userMetadata = {{u"theme"_s, u"dark"_s}};
    record.appMetadata = {{u"roles"_s, QJsonArray{u"admin"_s}}};
    return record;
}

ConnectionRecord connection(const QString& tenant, const QString& name, const QString& strategy) {
    ConnectionRecord record;
    record.tenant = tenant;
    record.name = name;
    record.strategy = strategy;
    if (strategy == u"oidc"_s) {
        record.options = {{u"issuer"_s, u"https://idp.example.com/"_s},
                          {u"client_id"_s, u"gatehouse"_s},
                          {u"scope"_s, u"openid profile email"_s}};
        static const char sealed[] = "sealed\0secret\xff";
        record.sealedSecret = QByteArray(sealed, sizeof sealed - 1);
    } else {
        record.options = {{u"brute_force_protection"_s, true}};
    }
    return record;
}

IdentityRecord identity(const QString& tenant, const QString& connection, const QString& sub,
                        const QString& userId) {
    IdentityRecord record;
    record.tenant = tenant;
    record.connection = connection;
    record.providerUserId = sub;
    record.userId = userId;
    record.profile = {{u"sub"_s, sub}, {u"email"_s, u"someone@idp.example.com"_s}};
    return record;
}

qint64 countRows(Database& db, const QString& table) {
    Result<QSqlQuery> query = db.exec(u"SELECT COUNT(*) FROM "_s + table);
    if (!query) {
        ADD_FAILURE() << query.error().toString().toStdString();
        return -1;
    }
    return query->next() ? query->value(0).toLongLong() : -1;
}

} // namespace gatehouse::store::test
