#include "identity/UserQuerySql.h"

#include "support/ResultAssertions.h"

#include <QFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <QUrl>
#include <QUuid>
#include <gtest/gtest.h>
#include <optional>
#include <ostream>

using gatehouse::Result;
using gatehouse::identity::SqlDialect;
using gatehouse::identity::toSql;
using gatehouse::identity::UserQuery;
using gatehouse::identity::UserQuerySql;
using namespace Qt::StringLiterals;

namespace gatehouse::identity {
void PrintTo(SqlDialect dialect, std::ostream* os) {
    *os << (dialect == SqlDialect::Sqlite ? "SQLite" : "PostgreSQL");
}
} // namespace gatehouse::identity

namespace {

// The users table as the store will have it (docs/login.md), types per engine.
QString createTable(SqlDialect dialect) {
    const bool sqlite = dialect == SqlDialect::Sqlite;
    const QString int64 = sqlite ? u"INTEGER"_s : u"BIGINT"_s;
    const QString boolean = sqlite ? u"INTEGER"_s : u"BOOLEAN"_s;
    return (sqlite ? u"CREATE TABLE users ("_s : u"CREATE TEMPORARY TABLE users ("_s) +
           u"tenant TEXT NOT NULL, user_id TEXT NOT NULL, connection TEXT NOT NULL, "
           u"email TEXT, username TEXT, name TEXT, given_name TEXT, family_name TEXT, "
           u"nickname TEXT, picture TEXT, email_verified "_s +
           boolean + u" NOT NULL, blocked "_s + boolean +
           u" NOT NULL, app_metadata TEXT NOT NULL, user_metadata TEXT NOT NULL, created_at "_s +
           int64 + u" NOT NULL, updated_at "_s + int64 + u" NOT NULL, last_login "_s + int64 +
           u", logins_count "_s + int64 + u" NOT NULL, PRIMARY KEY (tenant, user_id))"_s;
}

struct Row {
    const char* tenant;
    const char* userId;
    const char* connection;
    const char* email;
    const char* username;
    const char* name;
    const char* nickname;
    bool emailVerified;
    bool blocked;
    const char* appMetadata;
    const char* userMetadata;
    qint64 createdAt;
    std::optional<qint64> lastLogin;
    qint64 loginsCount;
};

const char* const kDb = "Username-Password-Authentication";

// Short ids: "1" is auth0|1 and so on. u11 lives in another tenant and must never match.
const Row kRows[] = {
    {"t1", "1", kDb, "alice@example.com", "alice", "Alice Smith", "ali", true, false,
     R"({"plan":"pro","seats":5,"admin":true})", R"({"prefs":{"theme":"dark"}})", 1000, 3000, 5},
    {"t1",
     "2",
     kDb,
     "bob@example.com",
     "bob",
     "Bob Jones",
     "bobby",
     false,
     false,
     R"({"plan":"free"})",
     R"({"prefs":{"theme":"light","lang":"de"}})",
     1001,
     {},
     0},
    {"t1", "3", kDb, "joanna@example.org", "joanna", "Joanna Smith", "jo", true, true,
     R"({"plan":"pro","admin":false})", "{}", 1002, 3002, 12},
    {"t1", "4", kDb, "john@example.org", nullptr, "John", "johnny", true, false, R"({"seats":10})",
     R"({"x":{"y":1}})", 1003, 3003, 1},
    {"t1",
     "5",
     "google",
     "jo@gmail.com",
     nullptr,
     "Jo Bloggs",
     nullptr,
     true,
     false,
     "{}",
     R"({"x":{"y":"1"}})",
     1004,
     {},
     3},
    {"t1",
     "6",
     kDb,
     "100%@example.com",
     "hundred",
     "100% Real",
     "under_score",
     false,
     false,
     R"({"plan":"pro_plus"})",
     "{}",
     1005,
     {},
     2},
    {"t1",
     "7",
     kDb,
     "a_b@example.com",
     "ab",
     "1000 Real",
     "underXscore",
     true,
     false,
     R"({"plan":"pro"})",
     R"({"note":"O'Brien \\ back"})",
     1006,
     {},
     4},
    {"t1", "8", kDb, nullptr, "noemail", nullptr, "Alice", false, false, "{}", "{}", 1007, {}, 6},
    {"t1",
     "9",
     kDb,
     "o'brien@example.com",
     "sean",
     "Seán O'Brien",
     "seán",
     true,
     false,
     "{}",
     "{}",
     1008,
     {},
     7},
    {"t1",
     "10",
     kDb,
     "bob@example.net",
     "bob2",
     "Bob Jones",
     "bob",
     true,
     true,
     R"({"plan":null})",
     "{}",
     1009,
     {},
     8},
    {"t2", "11", kDb, "alice@example.com", "alice", "Alice Smith", "ali", true, false,
     R"({"plan":"pro"})", "{}", 1000, 3000, 5},
};

QVariant text(const char* value) {
    return value ? QVariant(QString::fromUtf8(value)) : QVariant(QMetaType(QMetaType::QString));
}

// The URL the `postgres` fixture wrote (tests/support/CMakeLists.txt), as a connection.
Result<QSqlDatabase> openPostgres(const QString& name) {
    const QString urlFile = qEnvironmentVariable("GATEHOUSE_TEST_POSTGRES_URL_FILE");
    if (urlFile.isEmpty())
        return gatehouse::Error::internal(u"GATEHOUSE_TEST_POSTGRES_URL_FILE is not set: run "
                                          u"the tests through ctest (fixture 'postgres')"_s);
    QFile file(urlFile);
    if (!file.open(QIODevice::ReadOnly))
        return gatehouse::Error::internal(u"cannot read "_s + urlFile);
    const QUrl url(QString::fromUtf8(file.readAll()).trimmed());
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QPSQL"_s, name);
    db.setHostName(url.host());
    db.setPort(url.port(5432));
    db.setDatabaseName(url.path().mid(1));
    db.setUserName(url.userName());
    db.setPassword(url.password());
    return db;
}

class UserQuerySqlTest : public ::testing::TestWithParam<SqlDialect> {
protected:
    void SetUp() override {
        m_connection = u"identity-test-"_s + QUuid::createUuid().toString(QUuid::Id128);
        if (GetParam() == SqlDialect::Sqlite) {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connection);
            db.setDatabaseName(u":memory:"_s);
        } else {
            Result<QSqlDatabase> db = openPostgres(m_connection);
            ASSERT_OK(db);
        }
        QSqlDatabase db = database();
        ASSERT_TRUE(db.open()) << db.lastError().text().toStdString();
        // A temporary table on PostgreSQL: private to this connection, gone when it closes.
        QSqlQuery create(db);
        ASSERT_TRUE(create.exec(createTable(GetParam())))
            << create.lastError().text().toStdString();
        for (const Row& row : kRows)
            ASSERT_NO_FATAL_FAILURE(insert(row));
    }

    void TearDown() override {
        QSqlDatabase::database(m_connection, false).close();
        QSqlDatabase::removeDatabase(m_connection);
    }

    [[nodiscard]] QSqlDatabase database() const {
        return QSqlDatabase::database(m_connection, false);
    }

    void insert(const Row& row) {
        QSqlQuery query(database());
        ASSERT_TRUE(query.prepare(
            u"INSERT INTO users (tenant, user_id, connection, email, username, name, given_name, "
            u"family_name, nickname, picture, email_verified, blocked, app_metadata, "
            u"user_metadata, created_at, updated_at, last_login, logins_count) VALUES "
            u"(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s));
        const QString name = QString::fromUtf8(row.name ? row.name : "");
        QVariantList values;
        values << text(row.tenant) << QVariant(u"auth0|"_s + QString::fromLatin1(row.userId))
               << text(row.connection) << text(row.email) << text(row.username) << text(row.name)
               << (row.name ? QVariant(name.section(u' ', 0, 0)) : text(nullptr))
               << (row.name ? QVariant(name.section(u' ', 1)) : text(nullptr)) << text(row.nickname)
               << QVariant(u"https://img.example/"_s + QString::fromLatin1(row.userId) + u".png"_s)
               << QVariant(row.emailVerified) << QVariant(row.blocked) << text(row.appMetadata)
               << text(row.userMetadata) << QVariant(row.createdAt) << QVariant(row.createdAt + 1)
               << (row.lastLogin ? QVariant(*row.lastLogin)
                                 : QVariant(QMetaType(QMetaType::LongLong)))
               << QVariant(row.loginsCount);
        for (const QVariant& value : values)
            query.addBindValue(value);
        ASSERT_TRUE(query.exec()) << query.lastError().text().toStdString();
    }

    // The short ids of tenant t1's users that `q` finds, in id order, e.g. "1 3 7"; or the
    // parse error's message.
    std::string matching(const char* q) {
        const Result<UserQuery> query = UserQuery::parse(QString::fromUtf8(q));
        if (!query)
            return "error: " + query.error().message.toStdString();
        const UserQuerySql sql = toSql(*query, GetParam());
        QSqlQuery select(database());
        select.setForwardOnly(true);
        const QString statement = u"SELECT user_id FROM users WHERE tenant = ? AND "_s + sql.where +
                                  u" ORDER BY CAST(SUBSTR(user_id, 7) AS INTEGER)"_s;
        if (!select.prepare(statement)) {
            ADD_FAILURE() << q << ": " << select.lastError().text().toStdString();
            return "prepare failed";
        }
        select.addBindValue(u"t1"_s);
        for (const QVariant& value : sql.bindings)
            select.addBindValue(value);
        if (!select.exec()) {
            ADD_FAILURE() << q << ": " << statement.toStdString() << ": "
                          << select.lastError().text().toStdString();
            return "exec failed";
        }
        QStringList ids;
        while (select.next())
            ids << select.value(0).toString().mid(6);
        return ids.join(u' ').toStdString();
    }

private:
    QString m_connection;
};

std::string dialectName(const ::testing::TestParamInfo<SqlDialect>& info) {
    return info.param == SqlDialect::Sqlite ? "Sqlite" : "Postgres";
}

} // namespace

TEST_P(UserQuerySqlTest, FieldEquality) {
    EXPECT_EQ(matching("email:alice@example.com"), "1");
    EXPECT_EQ(matching("email:ALICE@Example.COM"), "1");
    EXPECT_EQ(matching(R"(name:"Alice Smith")"), "1");
    EXPECT_EQ(matching(R"(name:Alice\ Smith)"), "1");
    EXPECT_EQ(matching(R"(name:"alice smith")"), ""); // only e-mail ignores case
    EXPECT_EQ(matching(R"(user_id:"auth0|7")"), "7");
    EXPECT_EQ(matching("identities.connection:google"), "5");
    EXPECT_EQ(matching("picture:https://img.example/1.png"), "1");
    EXPECT_EQ(matching("given_name:Joanna"), "3");
    EXPECT_EQ(matching("family_name:Jones"), "2 10");
}

TEST_P(UserQuerySqlTest, TypedFields) {
    EXPECT_EQ(matching("email_verified:false"), "2 6 8");
    EXPECT_EQ(matching("blocked:true"), "3 10");
    EXPECT_EQ(matching("logins_count:0"), "2");
    EXPECT_EQ(matching("created_at:1000"), "1");
    EXPECT_EQ(matching("last_login:3002"), "3");
}

TEST_P(UserQuerySqlTest, PrefixWildcards) {
    EXPECT_EQ(matching("email:jo*"), "3 4 5");
    EXPECT_EQ(matching("email:JOA*"), "3");
    EXPECT_EQ(matching("name:Jo*"), "3 4 5");
    EXPECT_EQ(matching("name:jo*"), "3 4 5"); // prefixes ignore case
    EXPECT_EQ(matching("name:Seán*"), "9");
    // The value's own LIKE metacharacters are literal.
    EXPECT_EQ(matching("nickname:under_*"), "6");
    EXPECT_EQ(matching("name:100%*"), "6");
    EXPECT_EQ(matching("email:a_*"), "7");
    EXPECT_EQ(matching(R"(user_metadata.note:O'Brien\ \\*)"), "7");
}

TEST_P(UserQuerySqlTest, BareTerms) {
    EXPECT_EQ(matching("bob"), "2 10"); // username bob, nickname bob
    EXPECT_EQ(matching("alice"), "1");  // username; the nickname "Alice" differs in case
    EXPECT_EQ(matching("Alice"), "8");
    EXPECT_EQ(matching("alice@EXAMPLE.com"), "1");
    EXPECT_EQ(matching("bob*"), "2 10");
    EXPECT_EQ(matching(R"("Bob Jones")"), "2 10");
}

TEST_P(UserQuerySqlTest, Metadata) {
    EXPECT_EQ(matching("app_metadata.plan:pro"), "1 3 7");
    EXPECT_EQ(matching("app_metadata.plan:pro*"), "1 3 6 7");
    EXPECT_EQ(matching("app_metadata.seats:5"), "1");
    EXPECT_EQ(matching("app_metadata.seats:10"), "4");
    EXPECT_EQ(matching("app_metadata.admin:true"), "1");
    EXPECT_EQ(matching("app_metadata.admin:false"), "3");
    EXPECT_EQ(matching("user_metadata.prefs.theme:dark"), "1");
    EXPECT_EQ(matching("user_metadata.x.y:1"), "4 5"); // the number 1 and the string "1"
    EXPECT_EQ(matching(R"(user_metadata.note:"O'Brien \\ back")"), "7");
}

TEST_P(UserQuerySqlTest, Existence) {
    EXPECT_EQ(matching("_exists_:last_login"), "1 3 4");
    EXPECT_EQ(matching("NOT _exists_:last_login"), "2 5 6 7 8 9 10");
    EXPECT_EQ(matching("_exists_:username"), "1 2 3 6 7 8 9 10");
    EXPECT_EQ(matching("email:*"), "1 2 3 4 5 6 7 9 10");
    EXPECT_EQ(matching("_exists_:app_metadata.plan"), "1 2 3 6 7"); // JSON null is absent
    EXPECT_EQ(matching("_exists_:user_metadata.prefs"), "1 2");
}

TEST_P(UserQuerySqlTest, BooleanCombinations) {
    EXPECT_EQ(matching("email_verified:true AND NOT blocked:true"), "1 4 5 7 9");
    EXPECT_EQ(matching("email_verified:true NOT blocked:true"), "1 4 5 7 9");
    EXPECT_EQ(matching("(email:jo* OR username:bob) AND NOT blocked:true"), "2 4 5");
    EXPECT_EQ(matching("email:jo* OR username:bob AND blocked:true"), "3 4 5");
    EXPECT_EQ(matching("connection:Username-Password-Authentication AND logins_count:0"), "2");
    // A user without a name is "not named Bob Jones", as in Lucene, not unknown as in SQL.
    EXPECT_EQ(matching(R"(NOT name:"Bob Jones")"), "1 3 4 5 6 7 8 9");
    EXPECT_EQ(matching("NOT (app_metadata.plan:pro OR app_metadata.plan:free)"), "4 5 6 8 9 10");
    EXPECT_EQ(matching("NOT NOT blocked:true"), "3 10");
}

TEST_P(UserQuerySqlTest, ValuesAreBoundNotSpliced) {
    EXPECT_EQ(matching(R"(name:"x' OR '1'='1")"), "");
    EXPECT_EQ(matching(R"(email:"o'brien@example.com")"), "9");
    EXPECT_EQ(matching(R"(name:"Seán O'Brien")"), "9");
    EXPECT_EQ(matching(R"(name:"x'); DROP TABLE users; --")"), "");
    EXPECT_EQ(matching("email:alice@example.com"), "1"); // the table is still there

    const Result<UserQuery> query =
        UserQuery::parse(u"name:\"Robert'); --\" OR app_metadata.plan:pro*"_s);
    ASSERT_OK(query);
    const UserQuerySql sql = toSql(*query, GetParam());
    EXPECT_FALSE(sql.where.contains(u"Robert"_s)) << sql.where.toStdString();
    EXPECT_FALSE(sql.where.contains(u"plan"_s)) << sql.where.toStdString();
    EXPECT_EQ(sql.where.count(u'?'), sql.bindings.size());
}

TEST_P(UserQuerySqlTest, NeverMatchesAnotherTenant) {
    EXPECT_EQ(matching("user_id:auth0|11"), "");
    EXPECT_EQ(matching("alice"), "1");
}

INSTANTIATE_TEST_SUITE_P(Engines, UserQuerySqlTest,
                         ::testing::Values(SqlDialect::Sqlite, SqlDialect::Postgres), dialectName);

TEST(UserQuerySqlTextTest, ShapesPerDialect) {
    const Result<UserQuery> query =
        UserQuery::parse(u"app_metadata.plan:pro AND email:Jo* AND NOT blocked:true"_s);
    ASSERT_OK(query);
    const UserQuerySql sqlite = toSql(*query, SqlDialect::Sqlite);
    EXPECT_EQ(sqlite.where.toStdString(),
              "(((CASE json_type(app_metadata, ?) WHEN 'true' THEN 'true' WHEN 'false' THEN "
              "'false' ELSE CAST(json_extract(app_metadata, ?) AS TEXT) END) = ?) AND (email "
              "LIKE ? ESCAPE '\\') AND (NOT COALESCE((blocked = ?), FALSE)))");
    EXPECT_EQ(sqlite.bindings, (QVariantList{u"$.plan"_s, u"$.plan"_s, u"pro"_s, u"jo%"_s, true}));
    const UserQuerySql postgres = toSql(*query, SqlDialect::Postgres);
    EXPECT_EQ(postgres.where.toStdString(),
              "(((CAST(app_metadata AS jsonb) #>> ?) = ?) AND (email ILIKE ? ESCAPE '\\') AND "
              "(NOT COALESCE((blocked = ?), FALSE)))");
    EXPECT_EQ(postgres.bindings, (QVariantList{u"{plan}"_s, u"pro"_s, u"jo%"_s, true}));
}
