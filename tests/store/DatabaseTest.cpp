#include "StoreTestSupport.h"

#include "store/Migrations.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QThread>
#include <latch>
#include <memory>
#include <mutex>
#include <stdexcept>

using namespace Qt::StringLiterals;

namespace gatehouse::store::test {
namespace {

class DatabaseTest : public EngineTest {};

// Runs `body(index)` on `count` QThreads started together, and joins them.
template <typename Body> void onThreads(int count, Body body) {
    std::latch start(count);
    std::vector<std::unique_ptr<QThread>> threads;
    for (int i = 0; i < count; ++i) {
        threads.emplace_back(QThread::create([&start, &body, i] {
            start.arrive_and_wait();
            body(i);
        }));
        threads.back()->start();
    }
    for (const auto& thread : threads)
        ASSERT_TRUE(thread->wait(QDeadlineTimer(60'000)));
}

QList<int> appliedVersions(Database& db) {
    QList<int> versions;
    Result<QSqlQuery> query = db.exec(u"SELECT version FROM schema_migrations ORDER BY version"_s);
    if (query) {
        while (query->next())
            versions << query->value(0).toInt();
    }
    return versions;
}

QList<int> allVersions() {
    QList<int> versions;
    for (const Migrations::Step& step : Migrations::steps())
        versions << step.version;
    return versions;
}

TEST_P(DatabaseTest, OpeningAppliesEveryMigrationAndRecordsIt) {
    EXPECT_EQ(appliedVersions(db()), allVersions());
    const Result<int> version = Migrations(db()).appliedVersion();
    ASSERT_OK(version);
    EXPECT_EQ(*version, Migrations::latestVersion());
    Result<QSqlQuery> names =
        db().exec(u"SELECT name, applied_at FROM schema_migrations WHERE version = 1"_s);
    ASSERT_OK(names);
    ASSERT_TRUE(names->next());
    EXPECT_EQ(names->value(0).toString(), Migrations::steps().front().name);
    EXPECT_GT(names->value(1).toLongLong(), 0);
}

TEST_P(DatabaseTest, MigratingAgainChangesNothing) {
    Result<QSqlQuery> before = db().exec(u"SELECT SUM(applied_at) FROM schema_migrations"_s);
    ASSERT_OK(before);
    ASSERT_TRUE(before->next());
    const qint64 stamps = before->value(0).toLongLong();
    before->finish();

    ASSERT_OK(Migrations(db()).apply());
    const Result<Store> again = openAnother();
    ASSERT_OK(again);

    EXPECT_EQ(appliedVersions(db()), allVersions());
    Result<QSqlQuery> after = db().exec(u"SELECT SUM(applied_at) FROM schema_migrations"_s);
    ASSERT_OK(after);
    ASSERT_TRUE(after->next());
    EXPECT_EQ(after->value(0).toLongLong(), stamps);
}

TEST_P(DatabaseTest, TwoProcessesOpeningAnEmptyDatabaseMigrateItOnce) {
    const TestDatabase fresh(engine());
    ASSERT_TRUE(fresh.setupError().isEmpty()) << fresh.setupError().toStdString();
    std::vector<std::optional<Result<std::shared_ptr<Database>>>> opened(2);
    onThreads(2, [&](int i) { opened[i].emplace(Database::open(fresh.config())); });
    for (const auto& result : opened) {
        ASSERT_TRUE(result.has_value());
        ASSERT_OK(*result);
    }
    EXPECT_EQ(appliedVersions(*opened[0]->value()), allVersions());
    opened.clear();
}

TEST_P(DatabaseTest, ASchemaNewerThanTheBinaryIsRefused) {
    const int future = Migrations::latestVersion() + 1;
    ASSERT_OK(db().exec(u"INSERT INTO schema_migrations (version, name, applied_at) "
                        u"VALUES (?, 'from the future', 0)"_s,
                        {future}));
    const Result<Store> newer = openAnother();
    ASSERT_FALSE(newer.ok());
    EXPECT_EQ(newer.error().code, QByteArrayLiteral("schema_too_new"));
    EXPECT_TRUE(newer.error().message.contains(QString::number(future)))
        << newer.error().message.toStdString();
    EXPECT_TRUE(newer.error().message.contains(QString::number(Migrations::latestVersion())));
}

TEST_P(DatabaseTest, EveryThreadWritesThroughItsOwnConnection) {
    constexpr int kThreads = 4;
    constexpr int kPerThread = 25;
    const Result<qint64> start = store().changeLog().latestSequence();
    ASSERT_OK(start);
    std::mutex mutex;
    QStringList failures;
    onThreads(kThreads, [&](int t) {
        for (int i = 0; i < kPerThread; ++i) {
            const Result<TenantRecord> created =
                store().tenants().create(tenant(u"t%1-%2"_s.arg(t).arg(i)));
            if (!created) {
                const std::lock_guard lock(mutex);
                failures << created.error().toString();
            }
        }
    });
    EXPECT_TRUE(failures.isEmpty()) << failures.join(u"\n"_s).toStdString();
    EXPECT_EQ(countRows(db(), u"tenants"_s), kThreads * kPerThread);
    const Result<QList<ChangeRecord>> changes = store().changeLog().since(*start, 1000);
    ASSERT_OK(changes);
    EXPECT_EQ(changes->size(), kThreads * kPerThread);
    // The threads have finished, and their connections with them; only the main thread's is left.
    EXPECT_EQ(db().connectionCount(), 1);
}

TEST_P(DatabaseTest, AConnectionIsConfiguredOnEveryThread) {
    // SQLite: WAL and foreign keys (per connection); PostgreSQL: quiet NOTICEs, a named client.
    const QStringList statements =
        engine() == Engine::Sqlite
            ? QStringList{u"PRAGMA journal_mode"_s, u"PRAGMA foreign_keys"_s}
            : QStringList{u"SHOW client_min_messages"_s, u"SHOW application_name"_s};
    const QStringList expected = engine() == Engine::Sqlite
                                     ? QStringList{u"wal"_s, u"1"_s}
                                     : QStringList{u"warning"_s, u"gatehoused"_s};
    QStringList values;
    onThreads(1, [&](int) {
        for (const QString& statement : statements) {
            Result<QSqlQuery> query = db().exec(statement);
            values << (query && query->next() ? query->value(0).toString() : u"(failed)"_s);
        }
    });
    EXPECT_EQ(values, expected);
}

TEST_P(DatabaseTest, AFailureRollsBackEveryWriteAndItsChangeRecords) {
    const Result<qint64> before = store().changeLog().latestSequence();
    ASSERT_OK(before);
    const Result<void> outcome = store().transaction([&]() -> Result<void> {
        if (Result<TenantRecord> first = store().tenants().create(tenant(u"first"_s)); !first)
            return first.error();
        if (Result<TenantRecord> again = store().tenants().create(tenant(u"first"_s)); !again)
            return again.error();
        return {};
    });
    ASSERT_FALSE(outcome.ok());
    EXPECT_EQ(outcome.error().code, QByteArrayLiteral("conflict"));
    const Result<std::optional<TenantRecord>> first = store().tenants().find(u"first"_s);
    ASSERT_OK(first);
    EXPECT_FALSE(first->has_value());
    const Result<qint64> after = store().changeLog().latestSequence();
    ASSERT_OK(after);
    EXPECT_EQ(*after, *before);
    EXPECT_FALSE(db().inTransaction());
}

TEST_P(DatabaseTest, NestedTransactionsJoinTheOuterOne) {
    const Result<void> outcome = store().transaction([&]() -> Result<void> {
        const Result<void> inner = store().transaction([&]() -> Result<void> {
            EXPECT_TRUE(db().inTransaction());
            const Result<TenantRecord> created = store().tenants().create(tenant(u"inner"_s));
            if (!created)
                return created.error();
            return {};
        });
        EXPECT_OK(inner);
        EXPECT_TRUE(db().inTransaction());
        // The inner "commit" committed nothing: the outer failure takes its work along.
        return Error::badRequest(QByteArrayLiteral("changed_my_mind"), u"roll back"_s);
    });
    ASSERT_FALSE(outcome.ok());
    EXPECT_EQ(outcome.error().code, QByteArrayLiteral("changed_my_mind"));
    EXPECT_FALSE(db().inTransaction());
    const Result<std::optional<TenantRecord>> inner = store().tenants().find(u"inner"_s);
    ASSERT_OK(inner);
    EXPECT_FALSE(inner->has_value());
    EXPECT_EQ(countRows(db(), u"change_log"_s), 0);
}

TEST_P(DatabaseTest, AnIgnoredInnerFailureStillDoomsTheTransaction) {
    ASSERT_OK(store().tenants().create(tenant(u"taken"_s)));
    const Result<void> outcome = store().transaction([&]() -> Result<void> {
        EXPECT_OK(store().tenants().create(tenant(u"kept-if-committed"_s)));
        const Result<TenantRecord> duplicate = store().tenants().create(tenant(u"taken"_s));
        EXPECT_FALSE(duplicate.ok());
        // Carrying on is refused on both engines, as PostgreSQL would.
        const Result<TenantRecord> more = store().tenants().create(tenant(u"more"_s));
        EXPECT_FALSE(more.ok());
        if (!more.ok()) {
            EXPECT_EQ(more.error().code, QByteArrayLiteral("transaction_aborted"));
        }
        return {};
    });
    ASSERT_FALSE(outcome.ok());
    EXPECT_EQ(outcome.error().code, QByteArrayLiteral("conflict"));
    const Result<QList<TenantRecord>> tenants = store().tenants().list();
    ASSERT_OK(tenants);
    ASSERT_EQ(tenants->size(), 1);
    EXPECT_EQ(tenants->front().id, u"taken"_s);
    // The connection is usable again.
    EXPECT_OK(store().tenants().create(tenant(u"after"_s)));
}

TEST_P(DatabaseTest, ReadsInsideATransactionDoNotBlockItsCommit) {
    ASSERT_OK(store().tenants().create(tenant(u"a"_s)));
    ASSERT_OK(store().tenants().create(tenant(u"b"_s)));
    const Result<void> outcome = store().transaction([&]() -> Result<void> {
        const Result<QList<TenantRecord>> listed = store().tenants().list();
        if (!listed)
            return listed.error();
        Result<QSqlQuery> partlyRead = db().exec(u"SELECT id FROM tenants ORDER BY id"_s);
        if (!partlyRead)
            return partlyRead.error();
        partlyRead->next();
        partlyRead->finish();
        const Result<TenantRecord> created = store().tenants().create(tenant(u"c"_s));
        if (!created)
            return created.error();
        return {};
    });
    EXPECT_OK(outcome);
    EXPECT_EQ(countRows(db(), u"tenants"_s), 3);
}

TEST_P(DatabaseTest, WorkThatThrowsIsRolledBack) {
    EXPECT_THROW((void)store().transaction([&]() -> Result<void> {
        (void)store().tenants().create(tenant(u"thrown"_s));
        throw std::runtime_error("boom");
    }),
                 std::runtime_error);
    EXPECT_FALSE(db().inTransaction());
    EXPECT_EQ(countRows(db(), u"tenants"_s), 0);
    EXPECT_OK(store().tenants().create(tenant(u"next"_s)));
}

TEST_P(DatabaseTest, PingAnswersOnEveryThread) {
    EXPECT_OK(db().ping());
    std::optional<Result<void>> fromThread;
    onThreads(1, [&](int) { fromThread.emplace(db().ping()); });
    ASSERT_TRUE(fromThread.has_value());
    EXPECT_OK(*fromThread);
}

TEST_P(DatabaseTest, UnexpectedSqlErrorsAreValuesNamingTheEngine) {
    const Result<QSqlQuery> bad = db().exec(u"SELECT nothing FROM nowhere"_s);
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().code, QByteArrayLiteral("database_error"));
    EXPECT_EQ(bad.error().httpStatus, 500);
    EXPECT_TRUE(bad.error().message.startsWith(engineName(engine())))
        << bad.error().message.toStdString();
    EXPECT_OK(db().ping());
}

GATEHOUSE_INSTANTIATE_ENGINES(DatabaseTest);

// Opening errors, which need no working database.

TEST(DatabaseOpenTest, AMissingSqliteDirectoryIsNamed) {
    const Result<std::shared_ptr<Database>> db =
        Database::open(DatabaseConfig::sqlite(u"/nonexistent/gatehouse/g.db"_s));
    ASSERT_FALSE(db.ok());
    EXPECT_EQ(db.error().code, QByteArrayLiteral("database_unavailable"));
    EXPECT_EQ(db.error().httpStatus, 503);
    EXPECT_TRUE(
        db.error().message.contains(u"the directory '/nonexistent/gatehouse' does not exist"_s))
        << db.error().message.toStdString();
}

TEST(DatabaseOpenTest, ARefusedPostgresConnectionIsExplainedWithoutThePassword) {
    const Result<DatabaseConfig> config =
        DatabaseConfig::fromUrl(u"postgres://gate:hunter2@127.0.0.1:1/gh?connect_timeout=2"_s);
    ASSERT_OK(config);
    const Result<std::shared_ptr<Database>> db = Database::open(*config);
    ASSERT_FALSE(db.ok());
    EXPECT_EQ(db.error().code, QByteArrayLiteral("database_unavailable"));
    EXPECT_TRUE(db.error().message.contains(
        u"cannot connect to PostgreSQL at postgres://gate:***@127.0.0.1:1/gh"_s))
        << db.error().message.toStdString();
    EXPECT_TRUE(db.error().message.contains(u"refused"_s)) << db.error().message.toStdString();
    EXPECT_FALSE(db.error().message.contains(u"hunter2"_s));
}

TEST(DatabaseOpenTest, AnUnknownPostgresDatabaseIsNamed) {
    Result<DatabaseConfig> server = TestDatabase::postgresServer();
    ASSERT_OK(server);
    server->database = u"no_such_database"_s;
    const Result<std::shared_ptr<Database>> db = Database::open(*server);
    ASSERT_FALSE(db.ok());
    EXPECT_EQ(db.error().code, QByteArrayLiteral("database_unavailable"));
    EXPECT_TRUE(db.error().message.contains(u"\"no_such_database\" does not exist"_s))
        << db.error().message.toStdString();
}

} // namespace
} // namespace gatehouse::store::test
