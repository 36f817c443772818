#include "StoreTestSupport.h"

#include "store/DatabaseConfig.h"

#include <QDir>

using namespace Qt::StringLiterals;
using gatehouse::store::DatabaseConfig;
using gatehouse::store::Engine;

namespace {

// The error for a URL that must be refused, failing the test if it was accepted.
gatehouse::Error refused(const QString& url) {
    const auto config = DatabaseConfig::fromUrl(url);
    if (config.ok()) {
        ADD_FAILURE() << "accepted " << url.toStdString();
        return {};
    }
    EXPECT_EQ(config.error().code, QByteArrayLiteral("invalid_database_url"));
    return config.error();
}

TEST(DatabaseConfigTest, ParsesSqliteUrlsAndPlainPaths) {
    const auto url = DatabaseConfig::fromUrl(u"sqlite:///var/lib/gatehouse/gatehouse.db"_s);
    ASSERT_OK(url);
    EXPECT_EQ(url->engine, Engine::Sqlite);
    EXPECT_EQ(url->path, u"/var/lib/gatehouse/gatehouse.db"_s);

    const auto encoded = DatabaseConfig::fromUrl(u"sqlite:///tmp/my%20data/g.db"_s);
    ASSERT_OK(encoded);
    EXPECT_EQ(encoded->path, u"/tmp/my data/g.db"_s);

    const auto absolute = DatabaseConfig::fromUrl(u"/srv/gatehouse.db"_s);
    ASSERT_OK(absolute);
    EXPECT_EQ(absolute->engine, Engine::Sqlite);
    EXPECT_EQ(absolute->path, u"/srv/gatehouse.db"_s);

    const auto relative = DatabaseConfig::fromUrl(u"data/gatehouse.db"_s);
    ASSERT_OK(relative);
    EXPECT_EQ(relative->path, QDir::current().absoluteFilePath(u"data/gatehouse.db"_s));
}

TEST(DatabaseConfigTest, ParsesPostgresUrls) {
    const auto config = DatabaseConfig::fromUrl(
        u"postgres://gate%40house:p%40ss%3Aw%2Frd%25@db.example.com:6543/gatehouse?sslmode=verify-full&connect_timeout=3"_s);
    ASSERT_OK(config);
    EXPECT_EQ(config->engine, Engine::Postgres);
    EXPECT_EQ(config->user, u"gate@house"_s);
    EXPECT_EQ(config->password, u"p@ss:w/rd%"_s);
    EXPECT_EQ(config->host, u"db.example.com"_s);
    EXPECT_EQ(config->port, 6543);
    EXPECT_EQ(config->database, u"gatehouse"_s);
    EXPECT_EQ(config->options.value(u"sslmode"_s), u"verify-full"_s);
    EXPECT_EQ(config->options.value(u"connect_timeout"_s), u"3"_s);

    const auto defaults = DatabaseConfig::fromUrl(u"postgresql://gatehouse@10.0.0.5/auth"_s);
    ASSERT_OK(defaults);
    EXPECT_EQ(defaults->engine, Engine::Postgres);
    EXPECT_EQ(defaults->port, 5432);
    EXPECT_TRUE(defaults->password.isEmpty());
    EXPECT_TRUE(defaults->options.isEmpty());

    const auto socket =
        DatabaseConfig::fromUrl(u"postgres://gatehouse@/auth?host=/run/postgresql"_s);
    ASSERT_OK(socket);
    EXPECT_EQ(socket->host, u"/run/postgresql"_s);
}

TEST(DatabaseConfigTest, UrlRoundTripsAndRedactsThePassword) {
    const QString text = u"postgres://gate:s%40cret%2F1@db.example.com:6543/gh?sslmode=require"_s;
    const auto config = DatabaseConfig::fromUrl(text);
    ASSERT_OK(config);
    const auto again = DatabaseConfig::fromUrl(config->url());
    ASSERT_OK(again);
    EXPECT_EQ(again->password, u"s@cret/1"_s);
    EXPECT_EQ(again->url(), config->url());

    const QString redacted = config->redactedUrl();
    EXPECT_FALSE(redacted.contains(u"cret"_s)) << redacted.toStdString();
    EXPECT_TRUE(redacted.contains(u"gate:***@db.example.com:6543/gh"_s)) << redacted.toStdString();

    const auto socket = DatabaseConfig::fromUrl(u"postgres://gate@/gh?host=/run/postgresql"_s);
    ASSERT_OK(socket);
    const auto socketAgain = DatabaseConfig::fromUrl(socket->url());
    ASSERT_OK(socketAgain);
    EXPECT_EQ(socketAgain->host, u"/run/postgresql"_s);

    EXPECT_EQ(DatabaseConfig::sqlite(u"/a/b.db"_s).redactedUrl(), u"sqlite:///a/b.db"_s);
    const auto spaced = DatabaseConfig::fromUrl(DatabaseConfig::sqlite(u"/my data/b.db"_s).url());
    ASSERT_OK(spaced);
    EXPECT_EQ(spaced->path, u"/my data/b.db"_s);
}

TEST(DatabaseConfigTest, RefusesBadUrlsSayingWhatIsWrong) {
    EXPECT_TRUE(refused(u""_s).message.contains(u"empty"_s));
    EXPECT_TRUE(refused(u"mysql://root@localhost/gh"_s).message.contains(u"'mysql'"_s));
    EXPECT_TRUE(refused(u"postgres://gate@db.example.com"_s).message.contains(u"database name"_s));
    EXPECT_TRUE(refused(u"postgres://db.example.com/gh"_s).message.contains(u"user"_s));
    EXPECT_TRUE(refused(u"postgres://gate@db.example.com:99999/gh"_s).message.contains(u"port"_s));
    EXPECT_TRUE(refused(u"postgres://gate@db/gh?sslmod=require"_s).message.contains(u"'sslmod'"_s));
    EXPECT_TRUE(
        refused(u"postgres://gate@db/gh?sslmode=sometimes"_s).message.contains(u"sslmode"_s));
    EXPECT_TRUE(refused(u"postgres://gate@db/gh?application_name=a;b"_s)
                    .message.contains(u"application_name"_s));
    EXPECT_TRUE(refused(u"postgres://gate@db/gh?connect_timeout=soon"_s)
                    .message.contains(u"connect_timeout"_s));
    EXPECT_TRUE(refused(u"sqlite://host/x.db"_s).message.contains(u"no host"_s));
    EXPECT_TRUE(refused(u"sqlite:relative.db"_s).message.contains(u"absolute"_s));
    EXPECT_TRUE(refused(u":memory:"_s).message.contains(u"in-memory"_s));
    EXPECT_TRUE(refused(u"sqlite:///tmp/"_s).message.contains(u"directory"_s));
}

TEST(DatabaseConfigTest, ErrorsNeverEchoThePassword) {
    const gatehouse::Error error = refused(u"postgres://gate:hunter2@db:notaport/gh"_s);
    EXPECT_FALSE(error.message.contains(u"hunter2"_s)) << error.message.toStdString();
    const gatehouse::Error other = refused(u"postgres://gate:hunter2@db/gh?sslmode=x"_s);
    EXPECT_FALSE(other.message.contains(u"hunter2"_s)) << other.message.toStdString();
}

} // namespace
