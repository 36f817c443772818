// Schema version 8: clients gain `allowed_logout_urls` (existing clients get their callbacks,
// which logout accepted until then) and `web_origins` (empty); password_resets rows gain a
// purpose, and existing ones are password resets.
#include "StoreTestSupport.h"

#include "store/Migrations.h"

using namespace Qt::StringLiterals;

namespace gatehouse::store::test {
namespace {

class ClientUrlsMigrationTest : public EngineTest {};

// The rows a version 6 database can hold, written in SQL: the repositories write later columns.
void insertVersion6Rows(Database& db) {
    ASSERT_OK(db.exec(u"INSERT INTO tenants (id, display_name, domain, signing_algorithm, "
                      u"settings, created_at, updated_at) VALUES ('acme', 'Acme', NULL, 'RS256', "
                      u"'{}', 1000, 1000)"_s));
    ASSERT_OK(db.exec(u"INSERT INTO clients (tenant, client_id, name, description, app_type, "
                      u"secret_hash, grant_types, callbacks, is_first_party, metadata, "
                      u"created_at, updated_at) VALUES ('acme', 'web', 'web', '', 'regular_web', "
                      u"NULL, '[]', ?, ?, '{}', 1000, 1000)"_s,
                      {u"[\"https://app.example/cb\",\"https://app.example/bye\"]"_s, true}));
    ASSERT_OK(db.exec(u"INSERT INTO users (tenant, user_id, connection, email, email_verified, "
                      u"app_metadata, user_metadata, created_at, updated_at) VALUES ('acme', "
                      u"'auth0|old', 'Username-Password-Authentication', 'old@example.com', ?, "
                      u"'{}', '{}', 1000, 1000)"_s,
                      {false}));
    ASSERT_OK(db.exec(
        u"INSERT INTO password_resets (token_hash, tenant, user_id, created_at, "
        u"expires_at, used_at) VALUES (?, 'acme', 'auth0|old', 1000, ?, NULL)"_s,
        {QByteArray(32, 'o'), QDateTime::currentDateTimeUtc().addDays(1).toMSecsSinceEpoch()}));
}

// From version 6 and from version 7 (the two schemas a version 8 Gatehouse may find).
void migrateFrom(Engine engine, int version) {
    SCOPED_TRACE(version);
    TestDatabase old(engine);
    ASSERT_TRUE(old.setupError().isEmpty()) << old.setupError().toStdString();
    {
        Result<std::shared_ptr<Database>> before = Database::open(old.config(), {}, version);
        ASSERT_OK(before);
        const Result<int> opened = Migrations(**before).appliedVersion();
        ASSERT_OK(opened);
        ASSERT_EQ(*opened, version);
        insertVersion6Rows(**before);
        if (::testing::Test::HasFatalFailure())
            return;
    }
    Result<Store> migrated = Store::open(old.config());
    ASSERT_OK(migrated);
    const Result<int> applied = Migrations(migrated->database()).appliedVersion();
    ASSERT_OK(applied);
    EXPECT_EQ(*applied, Migrations::latestVersion());

    Result<std::optional<ClientRecord>> web = migrated->clients().find(u"acme"_s, u"web"_s);
    ASSERT_OK(web);
    ASSERT_TRUE(web->has_value());
    const QStringList callbacks{u"https://app.example/cb"_s, u"https://app.example/bye"_s};
    EXPECT_EQ((*web)->callbacks, callbacks);
    EXPECT_EQ((*web)->allowedLogoutUrls, callbacks);
    EXPECT_TRUE((*web)->webOrigins.isEmpty());

    // The new columns round-trip, and the change log carries them.
    ClientRecord changed = **web;
    changed.allowedLogoutUrls = {u"https://app.example/bye"_s};
    changed.webOrigins = {u"https://app.example"_s, u"http://localhost:3000"_s};
    ASSERT_OK(migrated->clients().update(changed));
    web = migrated->clients().find(u"acme"_s, u"web"_s);
    ASSERT_OK(web);
    EXPECT_EQ((*web)->allowedLogoutUrls, changed.allowedLogoutUrls);
    EXPECT_EQ((*web)->webOrigins, changed.webOrigins);
    EXPECT_EQ(ClientRecord::fromJson((*web)->toJson()), **web);
    ClientRecord fresh = client(u"acme"_s, u"fresh"_s);
    fresh.callbacks = {u"https://fresh.example/cb"_s};
    const Result<ClientRecord> made = migrated->clients().create(fresh);
    ASSERT_OK(made);
    EXPECT_TRUE(made->allowedLogoutUrls.isEmpty());

    // The old ticket is a password reset: not a verification ticket, but still a reset one.
    const QByteArray oldHash = QByteArray(32, 'o');
    const Result<PasswordResetRecord> asVerification = migrated->passwordResets().consume(
        u"acme"_s, oldHash, PasswordResetRepository::kEmailVerification);
    ASSERT_FALSE(asVerification.ok());
    EXPECT_EQ(asVerification.error().code, PasswordResetRepository::kInvalidToken);
    const Result<PasswordResetRecord> asReset =
        migrated->passwordResets().consume(u"acme"_s, oldHash);
    ASSERT_OK(asReset);
    EXPECT_EQ(asReset->purpose, QString(PasswordResetRepository::kPasswordReset));
    EXPECT_TRUE(asReset->email.isEmpty());
}

TEST_P(ClientUrlsMigrationTest, OlderClientsKeepTheirLogoutUrlsAndTicketsStayResets) {
    for (int version : {6, 7})
        migrateFrom(engine(), version);
}

GATEHOUSE_INSTANTIATE_ENGINES(ClientUrlsMigrationTest);

} // namespace
} // namespace gatehouse::store::test
