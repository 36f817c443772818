#pragma once

#include "support/ResultAssertions.h"

#include "store/Records.h"
#include "store/Store.h"

#include <QDateTime>
#include <QString>
#include <QTemporaryDir>
#include <gtest/gtest.h>
#include <memory>
#include <optional>
#include <ostream>

// Readable gtest output for Qt and store types.
void PrintTo(const QString& value, std::ostream* os);
void PrintTo(const QByteArray& value, std::ostream* os);
void PrintTo(const QDateTime& value, std::ostream* os);
void PrintTo(const QJsonObject& value, std::ostream* os);
void PrintTo(const QStringList& value, std::ostream* os);

namespace gatehouse {
void PrintTo(const Error& error, std::ostream* os);
}

namespace gatehouse::store {
void PrintTo(Engine engine, std::ostream* os);
void PrintTo(const TenantRecord& record, std::ostream* os);
void PrintTo(const ClientRecord& record, std::ostream* os);
void PrintTo(const ResourceServerRecord& record, std::ostream* os);
void PrintTo(const ClientGrantRecord& record, std::ostream* os);
void PrintTo(const SigningKeyRecord& record, std::ostream* os);
void PrintTo(const UserRecord& record, std::ostream* os);
void PrintTo(const ConnectionRecord& record, std::ostream* os);
void PrintTo(const IdentityRecord& record, std::ostream* os);
void PrintTo(const ChangeRecord& record, std::ostream* os);
} // namespace gatehouse::store

namespace gatehouse::store::test {

// An empty database of the given engine for one test: a file in a temporary directory for
// SQLite; a database of its own, created on the fixture's server and dropped afterwards, for
// PostgreSQL. The server's URL comes from the file named by $GATEHOUSE_TEST_POSTGRES_URL_FILE
// (tests/support/CMakeLists.txt); without it a PostgreSQL test fails rather than skips.
class TestDatabase final {
public:
    explicit TestDatabase(Engine engine);
    ~TestDatabase();
    TestDatabase(const TestDatabase&) = delete;
    TestDatabase& operator=(const TestDatabase&) = delete;

    // Empty when the database is ready; otherwise why not.
    [[nodiscard]] const QString& setupError() const { return m_error; }
    [[nodiscard]] const DatabaseConfig& config() const { return m_config; }
    [[nodiscard]] QString temporaryPath() const { return m_directory.path(); }

    // The URL of the fixture's server, or an explanation of why there is none.
    [[nodiscard]] static Result<DatabaseConfig> postgresServer();

private:
    void createPostgresDatabase();

    QTemporaryDir m_directory;
    DatabaseConfig m_config;
    QString m_adminConnection;
    QString m_error;
};

// A settable clock for timestamp tests.
class FakeClock final {
public:
    explicit FakeClock(QDateTime start)
        : m_now(std::make_shared<QDateTime>(std::move(start))) {}
    [[nodiscard]] Database::Clock function() const {
        return [now = m_now] {
            return *now;
        };
    }
    void advance(qint64 ms) { *m_now = m_now->addMSecs(ms); }
    [[nodiscard]] QDateTime now() const { return *m_now; }

private:
    std::shared_ptr<QDateTime> m_now;
};

// Base of every engine-parameterized suite: a fresh database and a Store opened on it.
class EngineTest : public ::testing::TestWithParam<Engine> {
protected:
    void SetUp() override;
    void TearDown() override;

    [[nodiscard]] Engine engine() const { return GetParam(); }
    [[nodiscard]] Store& store() { return *m_store; }
    [[nodiscard]] Database& db() { return m_store->database(); }
    [[nodiscard]] const DatabaseConfig& config() const { return m_database->config(); }

    // Opens another Store on the same database (another "process" as far as the store knows).
    [[nodiscard]] Result<Store> openAnother(Database::Clock clock = {}) const;
    // Replaces the fixture's store, e.g. to use a fake clock.
    void reopen(Database::Clock clock);

    // A tenant with a client, a resource server, a grant, a key, its database connection
    // (enabled for the client), a user in it and an identity linked to the user.
    void populateTenant(const QString& tenant);

    std::unique_ptr<TestDatabase> m_database;
    std::optional<Store> m_store;
};

std::string engineTestName(const ::testing::TestParamInfo<Engine>& info);

// Record builders with valid defaults.
[[nodiscard]] TenantRecord tenant(const QString& id);
[[nodiscard]] ClientRecord client(const QString& tenant, const QString& name);
[[nodiscard]] ResourceServerRecord resourceServer(const QString& tenant, const QString& identifier);
[[nodiscard]] ClientGrantRecord clientGrant(const QString& tenant, const QString& clientId,
                                            const QString& audience);
[[nodiscard]] SigningKeyRecord signingKey(const QString& tenant, const QString& kid,
                                          KeyStatus status);
[[nodiscard]] UserRecord user(const QString& tenant, const QString& email);
[[nodiscard]] ConnectionRecord connection(const QString& tenant, const QString& name,
                                          const QString& strategy = QStringLiteral("auth0"));
[[nodiscard]] IdentityRecord identity(const QString& tenant, const QString& connection,
                                      const QString& sub, const QString& userId);

// Rows in `table`, counted with the store's own connection.
[[nodiscard]] qint64 countRows(Database& db, const QString& table);

} // namespace gatehouse::store::test

#define GATEHOUSE_INSTANTIATE_ENGINES(suite)                                                       \
    INSTANTIATE_TEST_SUITE_P(Engines, suite,                                                       \
                             ::testing::Values(::gatehouse::store::Engine::Sqlite,                 \
                                               ::gatehouse::store::Engine::Postgres),              \
                             ::gatehouse::store::test::engineTestName)
