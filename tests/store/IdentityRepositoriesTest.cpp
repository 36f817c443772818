#include "StoreTestSupport.h"

#include <QRegularExpression>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace gatehouse::store::test {
namespace {

// Signing keys, users and instance settings.
class IdentityRepositoriesTest : public EngineTest {
protected:
    void SetUp() override {
        EngineTest::SetUp();
        if (!HasFatalFailure())
            ASSERT_OK(store().tenants().create(tenant(u"acme"_s)));
    }
};

template <typename T>
void expectFailure(const Result<T>& result, const QByteArray& code, const QString& fragment) {
    ASSERT_FALSE(result.ok()) << "unexpectedly succeeded";
    EXPECT_EQ(result.error().code, code) << result.error().toString().toStdString();
    EXPECT_TRUE(result.error().message.contains(fragment))
        << "'" << result.error().message.toStdString() << "' does not mention '"
        << fragment.toStdString() << "'";
}

TEST_P(IdentityRepositoriesTest, SigningKeysRotateInsideOneTransaction) {
    FakeClock clock(QDateTime(QDate(2025, 1, 1), QTime(12, 0), Qt::UTC));
    reopen(clock.function());
    const Result<SigningKeyRecord> first =
        store().signingKeys().create(signingKey(u"acme"_s, u"k1"_s, KeyStatus::Current));
    ASSERT_OK(first);
    EXPECT_EQ(first->activatedAt, clock.now());
    EXPECT_FALSE(first->retiredAt.isValid());
    clock.advance(1000);
    const Result<SigningKeyRecord> next =
        store().signingKeys().create(signingKey(u"acme"_s, u"k2"_s, KeyStatus::Next));
    ASSERT_OK(next);
    EXPECT_FALSE(next->activatedAt.isValid());

    expectFailure(store().signingKeys().setStatus(u"acme"_s, u"k2"_s, KeyStatus::Current),
                  "conflict", u"tenant 'acme' already has a current signing key"_s);

    clock.advance(1000);
    const Result<void> rotated = store().transaction([&]() -> Result<void> {
        if (auto demoted = store().signingKeys().setStatus(u"acme"_s, u"k1"_s, KeyStatus::Previous);
            !demoted)
            return demoted.error();
        if (auto promoted = store().signingKeys().setStatus(u"acme"_s, u"k2"_s, KeyStatus::Current);
            !promoted)
            return promoted.error();
        return {};
    });
    ASSERT_OK(rotated);

    const Result<std::optional<SigningKeyRecord>> current =
        store().signingKeys().findCurrent(u"acme"_s);
    ASSERT_OK(current);
    ASSERT_TRUE(current->has_value());
    EXPECT_EQ((*current)->kid, u"k2"_s);
    EXPECT_EQ((*current)->activatedAt, clock.now());
    EXPECT_EQ((*current)->sealedPrivateKey, signingKey({}, {}, KeyStatus::Next).sealedPrivateKey);
    const Result<QList<SigningKeyRecord>> keys = store().signingKeys().listForTenant(u"acme"_s);
    ASSERT_OK(keys);
    ASSERT_EQ(keys->size(), 2);
    EXPECT_EQ(keys->at(0).kid, u"k1"_s);
    EXPECT_EQ(keys->at(0).status, KeyStatus::Previous);
    EXPECT_EQ(keys->at(0).retiredAt, clock.now());
    EXPECT_EQ(keys->at(0).publicJwk.value(u"kid"_s).toString(), u"k1"_s);
}

TEST_P(IdentityRepositoriesTest, RevokedKeysStayRevokedAndKidsAreUnique) {
    ASSERT_OK(store().signingKeys().create(signingKey(u"acme"_s, u"k1"_s, KeyStatus::Previous)));
    const Result<SigningKeyRecord> revoked =
        store().signingKeys().setStatus(u"acme"_s, u"k1"_s, KeyStatus::Revoked);
    ASSERT_OK(revoked);
    EXPECT_TRUE(revoked->retiredAt.isValid());
    expectFailure(store().signingKeys().setStatus(u"acme"_s, u"k1"_s, KeyStatus::Current),
                  "invalid_request", u"revoked"_s);
    expectFailure(store().signingKeys().create(signingKey(u"acme"_s, u"k1"_s, KeyStatus::Next)),
                  "conflict", u"a signing key with kid 'k1' already exists in tenant 'acme'"_s);
    expectFailure(store().signingKeys().create(signingKey(u"nowhere"_s, u"k1"_s, KeyStatus::Next)),
                  "not_found", u"tenant 'nowhere'"_s);
    expectFailure(store().signingKeys().setStatus(u"acme"_s, u"zz"_s, KeyStatus::Current),
                  "not_found", u"signing key 'zz'"_s);
    SigningKeyRecord unsealed = signingKey(u"acme"_s, u"k9"_s, KeyStatus::Next);
    unsealed.sealedPrivateKey.clear();
    expectFailure(store().signingKeys().create(unsealed), "invalid_request", u"sealedPrivateKey"_s);

    ASSERT_OK(store().signingKeys().remove(u"acme"_s, u"k1"_s));
    const Result<std::optional<SigningKeyRecord>> gone =
        store().signingKeys().find(u"acme"_s, u"k1"_s);
    ASSERT_OK(gone);
    EXPECT_FALSE(gone->has_value());
}

TEST_P(IdentityRepositoriesTest, UsersAreFoundByEmailWhateverItsCase) {
    const Result<UserRecord> created =
        store().users().create(user(u"acme"_s, u"  Alice@Example.COM "_s));
    ASSERT_OK(created);
    EXPECT_EQ(created->email, u"alice@example.com"_s);
    EXPECT_TRUE(QRegularExpression(u"^auth0\\|[0-9a-f]{24}$"_s).match(created->userId).hasMatch())
        << created->userId.toStdString();
    EXPECT_EQ(created->connection, QString(kDefaultDatabaseConnection));
    const Result<std::optional<UserRecord>> found =
        store().users().findByEmail(u"acme"_s, kDefaultDatabaseConnection, u"ALICE@example.com"_s);
    ASSERT_OK(found);
    ASSERT_TRUE(found->has_value());
    EXPECT_EQ(**found, *created);
    const Result<std::optional<UserRecord>> elsewhere =
        store().users().findByEmail(u"other"_s, kDefaultDatabaseConnection, u"alice@example.com"_s);
    ASSERT_OK(elsewhere);
    EXPECT_FALSE(elsewhere->has_value());

    expectFailure(store().users().create(user(u"acme"_s, u"alice@EXAMPLE.com"_s)), "conflict",
                  u"a user with e-mail 'alice@example.com' already exists in connection "
                  u"'Username-Password-Authentication' of tenant 'acme'"_s);
    expectFailure(store().users().create(user(u"acme"_s, u"not-an-address"_s)), "invalid_request",
                  u"e-mail"_s);
}

TEST_P(IdentityRepositoriesTest, UsersAreUpdatedRemovedAndPaged) {
    const Result<UserRecord> created =
        store().users().create(user(u"acme"_s, u"bob@example.com"_s));
    ASSERT_OK(created);
    UserRecord changed = *created;
    changed.emailVerified = true;
    changed.passwordHash = QByteArrayLiteral("$argon2id$new");
    changed.appMetadata = {{u"plan"_s, u"pro"_s}};
    const Result<UserRecord> updated = store().users().update(changed);
    ASSERT_OK(updated);
    const Result<std::optional<UserRecord>> found =
        store().users().find(u"acme"_s, created->userId);
    ASSERT_OK(found);
    EXPECT_EQ(**found, *updated);

    for (int i = 0; i < 5; ++i)
        ASSERT_OK(store().users().create(user(u"acme"_s, u"user%1@example.com"_s.arg(i))));
    UserRecord noEmail = user(u"acme"_s, {});
    ASSERT_OK(store().users().create(noEmail));
    ASSERT_OK(store().users().create(noEmail)); // users without e-mail do not collide
    const Result<qint64> count = store().users().count(u"acme"_s);
    ASSERT_OK(count);
    EXPECT_EQ(*count, 8);
    const Result<QList<UserRecord>> page = store().users().list(u"acme"_s, 3, 2);
    ASSERT_OK(page);
    ASSERT_EQ(page->size(), 2);
    const Result<QList<UserRecord>> all = store().users().list(u"acme"_s, 0, 100);
    ASSERT_OK(all);
    ASSERT_EQ(all->size(), 8);
    EXPECT_EQ(page->at(0), all->at(3));
    EXPECT_EQ(page->at(1), all->at(4));

    ASSERT_OK(store().users().remove(u"acme"_s, created->userId));
    expectFailure(store().users().update(changed), "not_found", created->userId);
}

TEST_P(IdentityRepositoriesTest, EmailsAndUsernamesAreUniquePerConnection) {
    UserRecord local = user(u"acme"_s, u"sam@example.com"_s);
    local.username = u"Sam"_s;
    const Result<UserRecord> first = store().users().create(local);
    ASSERT_OK(first);
    EXPECT_EQ(first->username, u"sam"_s);
    UserRecord upstream = local;
    upstream.connection = u"corporate"_s;
    upstream.userId = u"oidc|corporate|1234"_s;
    // The same e-mail and username in another connection.
    ASSERT_OK(store().users().create(upstream));

    UserRecord duplicate = user(u"acme"_s, u"SAM@example.com"_s);
    expectFailure(store().users().create(duplicate), "conflict",
                  u"e-mail 'sam@example.com' already exists in connection "
                  u"'Username-Password-Authentication'"_s);
    duplicate.email = u"sam2@example.com"_s;
    duplicate.username = u"SAM"_s;
    expectFailure(store().users().create(duplicate), "conflict",
                  u"username 'sam' already exists in connection"_s);
    duplicate.username = u"two words"_s;
    expectFailure(store().users().create(duplicate), "invalid_request", u"username"_s);
    duplicate.username.clear();
    duplicate.connection = u"-bad"_s;
    expectFailure(store().users().create(duplicate), "invalid_request", u"connection name"_s);

    const Result<std::optional<UserRecord>> byName =
        store().users().findByUsername(u"acme"_s, u"corporate"_s, u" SAM "_s);
    ASSERT_OK(byName);
    ASSERT_TRUE(byName->has_value());
    EXPECT_EQ((*byName)->userId, u"oidc|corporate|1234"_s);
    const Result<QList<UserRecord>> everywhere =
        store().users().listByEmail(u"acme"_s, u"Sam@Example.com"_s);
    ASSERT_OK(everywhere);
    ASSERT_EQ(everywhere->size(), 2);
    EXPECT_EQ(everywhere->at(0).connection, QString(kDefaultDatabaseConnection));
    EXPECT_EQ(everywhere->at(1).connection, u"corporate"_s);

    UserRecord moved = *first;
    moved.connection = u"corporate"_s;
    expectFailure(store().users().update(moved), "invalid_request",
                  u"connection of user '%1' cannot be changed"_s.arg(first->userId));
}

TEST_P(IdentityRepositoriesTest, ProfileEditsAreLoggedAndLoginsAreNot) {
    FakeClock clock(QDateTime(QDate(2025, 3, 1), QTime(8, 0), Qt::UTC));
    reopen(clock.function());
    const Result<UserRecord> created =
        store().users().create(user(u"acme"_s, u"pat@example.com"_s));
    ASSERT_OK(created);
    EXPECT_EQ(created->loginsCount, 0);

    const Result<qint64> beforeLogins = store().changeLog().latestSequence();
    ASSERT_OK(beforeLogins);
    clock.advance(60'000);
    ASSERT_OK(store().users().recordLogin(u"acme"_s, created->userId, u"203.0.113.7"_s));
    clock.advance(60'000);
    ASSERT_OK(store().users().recordLogin(u"acme"_s, created->userId, u"2001:db8::1"_s));
    const Result<qint64> afterLogins = store().changeLog().latestSequence();
    ASSERT_OK(afterLogins);
    EXPECT_EQ(*afterLogins, *beforeLogins) << "a login is not configuration";
    expectFailure(store().users().recordLogin(u"acme"_s, u"auth0|nobody"_s, u"192.0.2.1"_s),
                  "not_found", u"auth0|nobody"_s);

    const Result<std::optional<UserRecord>> loggedIn =
        store().users().find(u"acme"_s, created->userId);
    ASSERT_OK(loggedIn);
    EXPECT_EQ((*loggedIn)->loginsCount, 2);
    EXPECT_EQ((*loggedIn)->lastIp, u"2001:db8::1"_s);
    EXPECT_EQ((*loggedIn)->lastLogin, clock.now());
    EXPECT_EQ((*loggedIn)->updatedAt, created->updatedAt);

    // A profile edit made from a stale copy keeps the statistics and is logged.
    UserRecord edited = *created;
    edited.name = u"Pat Doe"_s;
    edited.givenName = u"Pat"_s;
    edited.familyName = u"Doe"_s;
    edited.nickname = u"pat"_s;
    edited.picture = u"https://example.com/pat.png"_s;
    edited.blocked = true;
    clock.advance(1000);
    const Result<UserRecord> updated = store().users().update(edited);
    ASSERT_OK(updated);
    EXPECT_EQ(updated->loginsCount, 2);
    EXPECT_EQ(updated->lastLogin, (*loggedIn)->lastLogin);
    const Result<std::optional<UserRecord>> reread =
        store().users().find(u"acme"_s, created->userId);
    ASSERT_OK(reread);
    EXPECT_EQ(**reread, *updated);
    EXPECT_TRUE((*reread)->blocked);
    EXPECT_EQ((*reread)->familyName, u"Doe"_s);
    const Result<QList<ChangeRecord>> changes = store().changeLog().since(*afterLogins, 10);
    ASSERT_OK(changes);
    ASSERT_EQ(changes->size(), 1);
    EXPECT_EQ(changes->front().entity, u"user"_s);
    EXPECT_EQ(changes->front().operation, u"update"_s);
    EXPECT_EQ(UserRecord::fromJson(changes->front().payload), *updated);
}

TEST_P(IdentityRepositoriesTest, IdentitiesLinkUpstreamAccountsToUsers) {
    UserRecord upstream = user(u"acme"_s, u"kim@example.com"_s);
    upstream.connection = u"corporate"_s;
    upstream.userId = u"oidc|corporate|abc"_s;
    ASSERT_OK(store().users().create(upstream));
    const Result<qint64> before = store().changeLog().latestSequence();
    ASSERT_OK(before);

    const Result<IdentityRecord> linked =
        store().identities().link(identity(u"acme"_s, u"corporate"_s, u"abc"_s, upstream.userId));
    ASSERT_OK(linked);
    ASSERT_OK(
        store().identities().link(identity(u"acme"_s, u"another"_s, u"abc"_s, upstream.userId)));
    expectFailure(
        store().identities().link(identity(u"acme"_s, u"corporate"_s, u"abc"_s, upstream.userId)),
        "conflict", u"'abc' of connection 'corporate' is already linked"_s);
    expectFailure(
        store().identities().link(identity(u"acme"_s, u"corporate"_s, u"xyz"_s, u"auth0|nobody"_s)),
        "not_found", u"user 'auth0|nobody'"_s);

    const Result<std::optional<IdentityRecord>> found =
        store().identities().find(u"acme"_s, u"corporate"_s, u"abc"_s);
    ASSERT_OK(found);
    ASSERT_TRUE(found->has_value());
    EXPECT_EQ(**found, *linked);
    const Result<QList<IdentityRecord>> mine =
        store().identities().listForUser(u"acme"_s, upstream.userId);
    ASSERT_OK(mine);
    ASSERT_EQ(mine->size(), 2);
    EXPECT_EQ(mine->at(0).connection, u"another"_s);
    EXPECT_EQ(mine->at(1).connection, u"corporate"_s);

    const Result<IdentityRecord> refreshed = store().identities().updateProfile(
        u"acme"_s, u"corporate"_s, u"abc"_s, {{u"name"_s, u"Kim"_s}});
    ASSERT_OK(refreshed);
    EXPECT_EQ(refreshed->profile.value(u"name"_s).toString(), u"Kim"_s);
    ASSERT_OK(store().identities().unlink(u"acme"_s, u"corporate"_s, u"abc"_s));
    expectFailure(store().identities().unlink(u"acme"_s, u"corporate"_s, u"abc"_s), "not_found",
                  u"'abc' of connection 'corporate'"_s);

    const Result<QList<ChangeRecord>> changes = store().changeLog().since(*before, 10);
    ASSERT_OK(changes);
    ASSERT_EQ(changes->size(), 4);
    EXPECT_EQ(changes->at(0).entity, u"identity"_s);
    EXPECT_EQ(changes->at(0).entityId, u"corporate|abc"_s);
    EXPECT_EQ(changes->at(0).operation, u"create"_s);
    EXPECT_EQ(IdentityRecord::fromJson(changes->at(0).payload), *linked);
    EXPECT_EQ(changes->at(2).operation, u"update"_s);
    EXPECT_EQ(changes->at(3).operation, u"delete"_s);

    ASSERT_OK(store().users().remove(u"acme"_s, upstream.userId));
    EXPECT_EQ(countRows(db(), u"identities"_s), 0) << "identities go with their user";
}

TEST_P(IdentityRepositoriesTest, InstanceSettingsAreStoredAndCreatedOnce) {
    const Result<std::optional<QString>> missing = store().settings().get(u"instance_id"_s);
    ASSERT_OK(missing);
    EXPECT_FALSE(missing->has_value());

    const Result<QString> id = store().settings().getOrCreate(
        u"instance_id"_s, [] { return QUuid::createUuid().toString(); });
    ASSERT_OK(id);
    int calls = 0;
    const Result<QString> again = store().settings().getOrCreate(u"instance_id"_s, [&] {
        ++calls;
        return u"other"_s;
    });
    ASSERT_OK(again);
    EXPECT_EQ(*again, *id);
    EXPECT_EQ(calls, 0);

    ASSERT_OK(store().settings().set(u"public_domain"_s, u"auth.example.com"_s));
    const Result<QMap<QString, QString>> all = store().settings().all();
    ASSERT_OK(all);
    EXPECT_EQ(all->value(u"public_domain"_s), u"auth.example.com"_s);
    EXPECT_EQ(all->value(u"instance_id"_s), *id);
    ASSERT_OK(store().settings().remove(u"public_domain"_s));
    const Result<void> gone = store().settings().remove(u"public_domain"_s);
    ASSERT_FALSE(gone.ok());
    EXPECT_EQ(gone.error().code, QByteArrayLiteral("not_found"));
}

TEST_P(IdentityRepositoriesTest, RecordsSurviveTheirJsonForm) {
    populateTenant(u"json"_s);
    const Result<QList<UserRecord>> users = store().users().list(u"json"_s);
    ASSERT_OK(users);
    ASSERT_FALSE(users->isEmpty());
    EXPECT_EQ(UserRecord::fromJson(users->front().toJson()), users->front());
    const Result<QList<SigningKeyRecord>> keys = store().signingKeys().listForTenant(u"json"_s);
    ASSERT_OK(keys);
    ASSERT_FALSE(keys->isEmpty());
    EXPECT_EQ(SigningKeyRecord::fromJson(keys->front().toJson()), keys->front());
    const Result<QList<ResourceServerRecord>> apis = store().resourceServers().list(u"json"_s);
    ASSERT_OK(apis);
    ASSERT_FALSE(apis->isEmpty());
    EXPECT_EQ(ResourceServerRecord::fromJson(apis->front().toJson()), apis->front());
    const Result<QList<ClientGrantRecord>> grants = store().clientGrants().list(u"json"_s);
    ASSERT_OK(grants);
    ASSERT_FALSE(grants->isEmpty());
    EXPECT_EQ(ClientGrantRecord::fromJson(grants->front().toJson()), grants->front());
    const Result<QList<ConnectionRecord>> connections = store().connections().list(u"json"_s);
    ASSERT_OK(connections);
    ASSERT_FALSE(connections->isEmpty());
    EXPECT_EQ(ConnectionRecord::fromJson(connections->front().toJson()), connections->front());
    const Result<QList<IdentityRecord>> identities =
        store().identities().listForUser(u"json"_s, users->front().userId);
    ASSERT_OK(identities);
    ASSERT_FALSE(identities->isEmpty());
    EXPECT_EQ(IdentityRecord::fromJson(identities->front().toJson()), identities->front());
    ASSERT_OK(store().users().recordLogin(u"json"_s, users->front().userId, u"192.0.2.9"_s));
    const Result<std::optional<UserRecord>> withLogin =
        store().users().find(u"json"_s, users->front().userId);
    ASSERT_OK(withLogin);
    EXPECT_EQ(UserRecord::fromJson((*withLogin)->toJson()), **withLogin);
    const Result<std::optional<TenantRecord>> owner = store().tenants().find(u"json"_s);
    ASSERT_OK(owner);
    EXPECT_EQ(TenantRecord::fromJson((*owner)->toJson()), **owner);
}

GATEHOUSE_INSTANTIATE_ENGINES(IdentityRepositoriesTest);

} // namespace
} // namespace gatehouse::store::test
