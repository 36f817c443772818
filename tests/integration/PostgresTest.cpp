// PostgreSQL: init and run against a database of the `postgres` fixture's server, and two
// gatehoused processes sharing it (two nodes of one datacenter): a change made through one is
// served by the other within about two seconds (the catalog refresh reads the change log).
#include "GatehousedProcess.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QUrl>
#include <QUuid>

#include <gtest/gtest.h>

#include <cstdio>

namespace gatehouse::integration {
namespace {

constexpr char kApi[] = "https://shared.example/";
// The catalog refreshes every second; two seconds plus the time a loaded machine adds.
constexpr int kPropagationMs = 3000;

// A database of its own on the fixture's server, dropped afterwards.
class PostgresDatabase final {
public:
    PostgresDatabase() {
        const QString urlFile = qEnvironmentVariable("GATEHOUSE_TEST_POSTGRES_URL_FILE");
        if (urlFile.isEmpty()) {
            m_error = QStringLiteral(
                "GATEHOUSE_TEST_POSTGRES_URL_FILE is not set: run through ctest (fixture "
                "'postgres') or tests/support/postgres-fixture.sh start DIR");
            return;
        }
        QFile file(urlFile);
        if (!file.open(QIODevice::ReadOnly)) {
            m_error = QStringLiteral("cannot read %1: %2 (did postgres.start run?)")
                          .arg(urlFile, file.errorString());
            return;
        }
        m_server = QUrl(QString::fromUtf8(file.readAll()).trimmed());
        const QString name =
            QStringLiteral("gh_integ_") + QUuid::createUuid().toString(QUuid::Id128);
        m_connection = QStringLiteral("integration-admin-") + name;
        QSqlDatabase admin = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), m_connection);
        admin.setHostName(m_server.host());
        admin.setPort(m_server.port(5432));
        admin.setUserName(m_server.userName());
        admin.setPassword(m_server.password());
        admin.setDatabaseName(m_server.path().mid(1));
        if (!admin.open()) {
            m_error = QStringLiteral("cannot connect to the fixture's server: ") +
                      admin.lastError().text();
            return;
        }
        QSqlQuery create(admin);
        if (!create.exec(QStringLiteral("CREATE DATABASE ") + name)) {
            m_error = QStringLiteral("cannot create a database: ") + create.lastError().text();
            return;
        }
        m_name = name;
    }

    ~PostgresDatabase() {
        if (m_connection.isEmpty())
            return;
        {
            QSqlDatabase admin = QSqlDatabase::database(m_connection, false);
            if (admin.isOpen() && !m_name.isEmpty()) {
                QSqlQuery drop(admin);
                if (!drop.exec(
                        QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(m_name)))
                    ADD_FAILURE() << "cannot drop " << str(m_name) << ": "
                                  << str(drop.lastError().text());
            }
        }
        QSqlDatabase::removeDatabase(m_connection);
    }

    [[nodiscard]] const QString& error() const { return m_error; }
    [[nodiscard]] QString url() const {
        QUrl url = m_server;
        url.setPath(QLatin1Char('/') + m_name);
        return url.toString();
    }

private:
    QUrl m_server;
    QString m_connection;
    QString m_name;
    QString m_error;
};

// Tokens from `server` for `client` succeed (or, with `expectOk` false, fail with 401) within
// the propagation time; returns how long it took, or -1.
qint64 waitForTokenOutcome(GatehousedProcess& server, const QString& tenant,
                           const ClientCredentials& client, bool expectOk, Reply& last) {
    QElapsedTimer timer;
    timer.start();
    const bool reached = QTest::qWaitFor(
        [&] {
            last = server.requestToken(tenant, client, QLatin1String(kApi));
            return expectOk ? last.status == 200 : last.status == 401;
        },
        kPropagationMs);
    return reached ? timer.elapsed() : -1;
}

TEST(Postgres, TwoNodesShareOneDatabase) {
    PostgresDatabase database;
    ASSERT_TRUE(database.error().isEmpty()) << str(database.error());

    GatehousedProcess first;
    ASSERT_TRUE(first.init({.database = database.url()}));
    EXPECT_FALSE(QFileInfo::exists(QDir(first.dataDir()).filePath(QStringLiteral("gatehouse.db"))))
        << "init --database also made a SQLite database";
    first.setEnvironment(QStringLiteral("GATEHOUSE_LOG_ACCESS_LOG"), QStringLiteral("off"));
    ASSERT_TRUE(first.start());
    EXPECT_TRUE(first.standardError().contains("PostgreSQL")) << str(first.standardError());
    EXPECT_EQ(first.get("/health/ready").status, 200);

    const QString tenant = first.tenant();
    const QString token = first.managementToken();
    ASSERT_FALSE(token.isEmpty());
    const Reply api = first.management(
        "POST", tenant, QStringLiteral("resource-servers"), token,
        {{QStringLiteral("name"), QStringLiteral("Shared")},
         {QStringLiteral("identifier"), QLatin1String(kApi)},
         {QStringLiteral("scopes"),
          QJsonArray{QJsonObject{{QStringLiteral("value"), QStringLiteral("use")}}}}});
    ASSERT_EQ(api.status, 201) << api.describe();

    // The second node: a copy of the data directory (same master key, same database URL).
    GatehousedProcess second;
    ASSERT_TRUE(second.initFromCopyOf(first));
    second.setEnvironment(QStringLiteral("GATEHOUSE_LOG_ACCESS_LOG"), QStringLiteral("off"));
    ASSERT_TRUE(second.start());
    ASSERT_NE(second.port(), first.port());
    EXPECT_FALSE(second.managementToken().isEmpty())
        << "the second node cannot issue the first tenant's tokens";

    // A client made through the first node...
    const Reply created =
        first.management("POST", tenant, QStringLiteral("clients"), token,
                         {{QStringLiteral("name"), QStringLiteral("worker")},
                          {QStringLiteral("app_type"), QStringLiteral("non_interactive")}});
    ASSERT_EQ(created.status, 201) << created.describe();
    const ClientCredentials client{created.json().value(QStringLiteral("client_id")).toString(),
                                   created.json().value(QStringLiteral("client_secret")).toString(),
                                   QLatin1String(kApi)};
    const Reply grant =
        first.management("POST", tenant, QStringLiteral("client-grants"), token,
                         {{QStringLiteral("client_id"), client.clientId},
                          {QStringLiteral("audience"), QLatin1String(kApi)},
                          {QStringLiteral("scope"), QJsonArray{QStringLiteral("use")}}});
    ASSERT_EQ(grant.status, 201) << grant.describe();
    EXPECT_EQ(first.requestToken(tenant, client, QLatin1String(kApi)).status, 200);

    // ...gets tokens from the second.
    Reply last;
    const qint64 seen = waitForTokenOutcome(second, tenant, client, true, last);
    std::printf("[ MEASURE  ] new client usable on the second node after %lld ms\n",
                static_cast<long long>(seen));
    EXPECT_GE(seen, 0) << "the second node did not see the new client within " << kPropagationMs
                       << " ms: " << last.describe();

    // A secret rotated through the second node stops working on the first.
    const QString secondToken = second.managementToken();
    ASSERT_FALSE(secondToken.isEmpty());
    const Reply rotated = second.management("POST", tenant,
                                            QStringLiteral("clients/") + client.clientId +
                                                QStringLiteral("/rotate-secret"),
                                            secondToken);
    ASSERT_EQ(rotated.status, 200) << rotated.describe();
    const qint64 retired = waitForTokenOutcome(first, tenant, client, false, last);
    EXPECT_GE(retired, 0) << "the first node still accepts the rotated-out secret: "
                          << last.describe();
    const ClientCredentials rotatedClient{
        client.clientId, rotated.json().value(QStringLiteral("client_secret")).toString(),
        QLatin1String(kApi)};
    EXPECT_GE(waitForTokenOutcome(first, tenant, rotatedClient, true, last), 0) << last.describe();

    // A client deleted through the first node is refused by the second.
    ASSERT_EQ(
        first.management("DELETE", tenant, QStringLiteral("clients/") + client.clientId, token)
            .status,
        204);
    const qint64 revoked = waitForTokenOutcome(second, tenant, rotatedClient, false, last);
    std::printf("[ MEASURE  ] deleted client refused by the second node after %lld ms\n",
                static_cast<long long>(revoked));
    EXPECT_GE(revoked, 0) << "the second node still issues tokens to a deleted client: "
                          << last.describe();

    EXPECT_EQ(second.stop(), 0) << str(second.standardError());
    EXPECT_EQ(first.stop(), 0) << str(first.standardError());
}

TEST(Postgres, RestartKeepsEverything) {
    PostgresDatabase database;
    ASSERT_TRUE(database.error().isEmpty()) << str(database.error());
    GatehousedProcess server;
    ASSERT_TRUE(server.init({.database = database.url()}));
    server.setEnvironment(QStringLiteral("GATEHOUSE_LOG_ACCESS_LOG"), QStringLiteral("off"));
    ASSERT_TRUE(server.start());
    const QString tenant = server.tenant();
    const Reply created =
        server.management("POST", tenant, QStringLiteral("clients"), server.managementToken(),
                          {{QStringLiteral("name"), QStringLiteral("survivor")}});
    ASSERT_EQ(created.status, 201) << created.describe();
    const QString id = created.json().value(QStringLiteral("client_id")).toString();
    const QByteArray jwksBefore =
        server.get("/t/" + tenant.toUtf8() + "/.well-known/jwks.json").body;
    ASSERT_EQ(server.stop(), 0);

    ASSERT_TRUE(server.start());
    const Reply found =
        server.management("GET", tenant, QStringLiteral("clients/") + id, server.managementToken());
    EXPECT_EQ(found.status, 200) << found.describe();
    EXPECT_EQ(server.get("/t/" + tenant.toUtf8() + "/.well-known/jwks.json").body, jwksBefore)
        << "the signing keys changed across a restart";
    EXPECT_EQ(server.stop(), 0);
}

} // namespace
} // namespace gatehouse::integration
