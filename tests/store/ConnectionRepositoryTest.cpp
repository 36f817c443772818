#include "StoreTestSupport.h"

#include "store/Migrations.h"

#include <QRegularExpression>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace gatehouse::store::test {
namespace {

class ConnectionRepositoryTest : public EngineTest {
protected:
    void SetUp() override {
        EngineTest::SetUp();
        if (!HasFatalFailure())
            ASSERT_OK(store().tenants().create(tenant(u"acme"_s)));
    }

    // The change records written since `sequence`.
    QList<ChangeRecord> changesSince(qint64 sequence) {
        Result<QList<ChangeRecord>> changes = store().changeLog().since(sequence, 100);
        EXPECT_TRUE(changes.ok()) << changes.error().toString().toStdString();
        return changes ? *changes : QList<ChangeRecord>();
    }

    qint64 latestSequence() {
        const Result<qint64> latest = store().changeLog().latestSequence();
        EXPECT_TRUE(latest.ok());
        return latest ? *latest : -1;
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

TEST_P(ConnectionRepositoryTest, ConnectionsAreCreatedFoundUpdatedAndRemovedWithChangeRecords) {
    const qint64 before = latestSequence();
    const Result<ConnectionRecord> created =
        store().connections().create(connection(u"acme"_s, u"corporate"_s, u"oidc"_s));
    ASSERT_OK(created);
    EXPECT_TRUE(QRegularExpression(u"^con_[A-Za-z0-9]{16}$"_s).match(created->id).hasMatch())
        << created->id.toStdString();
    EXPECT_TRUE(created->createdAt.isValid());

    const Result<std::optional<ConnectionRecord>> byId =
        store().connections().find(u"acme"_s, created->id);
    ASSERT_OK(byId);
    ASSERT_TRUE(byId->has_value());
    EXPECT_EQ(**byId, *created);
    EXPECT_EQ((*byId)->sealedSecret, connection({}, {}, u"oidc"_s).sealedSecret);
    const Result<std::optional<ConnectionRecord>> byName =
        store().connections().findByName(u"acme"_s, u"corporate"_s);
    ASSERT_OK(byName);
    ASSERT_TRUE(byName->has_value());
    EXPECT_EQ(**byName, *created);
    const Result<std::optional<ConnectionRecord>> elsewhere =
        store().connections().findByName(u"other"_s, u"corporate"_s);
    ASSERT_OK(elsewhere);
    EXPECT_FALSE(elsewhere->has_value());

    ConnectionRecord changed = *created;
    changed.options.insert(u"scope"_s, u"openid email"_s);
    changed.sealedSecret.clear();
    changed.enabledClients = {u"client-b"_s, u"client-a"_s, u"client-b"_s};
    const Result<ConnectionRecord> updated = store().connections().update(changed);
    ASSERT_OK(updated);
    EXPECT_EQ(updated->enabledClients, (QStringList{u"client-b"_s, u"client-a"_s}));
    const Result<std::optional<ConnectionRecord>> reread =
        store().connections().find(u"acme"_s, created->id);
    ASSERT_OK(reread);
    EXPECT_EQ(**reread, *updated);
    EXPECT_TRUE((*reread)->sealedSecret.isEmpty());

    ASSERT_OK(store().connections().create(connection(u"acme"_s, u"Alpha-1"_s)));
    const Result<QList<ConnectionRecord>> all = store().connections().list(u"acme"_s);
    ASSERT_OK(all);
    ASSERT_EQ(all->size(), 2);
    EXPECT_EQ(all->at(0).name, u"Alpha-1"_s);
    EXPECT_EQ(all->at(1).name, u"corporate"_s);

    ASSERT_OK(store().connections().remove(u"acme"_s, created->id));
    const Result<std::optional<ConnectionRecord>> gone =
        store().connections().find(u"acme"_s, created->id);
    ASSERT_OK(gone);
    EXPECT_FALSE(gone->has_value());
    expectFailure(store().connections().remove(u"acme"_s, created->id), "not_found", created->id);
    expectFailure(store().connections().update(changed), "not_found", created->id);

    const QList<ChangeRecord> changes = changesSince(before);
    ASSERT_EQ(changes.size(), 4);
    EXPECT_EQ(changes[0].operation, u"create"_s);
    EXPECT_EQ(changes[1].operation, u"update"_s);
    EXPECT_EQ(changes[3].operation, u"delete"_s);
    for (const ChangeRecord& change : changes) {
        EXPECT_EQ(change.entity, u"connection"_s);
        EXPECT_EQ(change.tenant, u"acme"_s);
    }
    EXPECT_EQ(changes[0].entityId, created->id);
    EXPECT_EQ(ConnectionRecord::fromJson(changes[0].payload), *created);
    EXPECT_EQ(ConnectionRecord::fromJson(changes[1].payload), *updated);
}

TEST_P(ConnectionRepositoryTest, NamesFollowAuth0Rules) {
    for (const QString& name :
         {u"a"_s, u"Username-Password-Authentication"_s, u"x9"_s, QString(128, u'n')}) {
        EXPECT_OK(store().connections().create(connection(u"acme"_s, name)));
    }
    for (const QString& name : {QString(), u"-corp"_s, u"corp-"_s, u"my corp"_s, u"my_corp"_s,
                                u"corp.example"_s, u"caf\u00e9"_s, QString(129, u'n')}) {
        SCOPED_TRACE(name.toStdString());
        expectFailure(store().connections().create(connection(u"acme"_s, name)), "invalid_request",
                      u"connection name"_s);
    }
    expectFailure(store().connections().create(connection(u"acme"_s, u"saml"_s, u"samlp"_s)),
                  "invalid_request", u"strategy"_s);
    expectFailure(store().connections().create(connection(u"acme"_s, u"x9"_s)), "conflict",
                  u"a connection named 'x9' already exists in tenant 'acme'"_s);
    expectFailure(store().connections().create(connection(u"nowhere"_s, u"x9"_s)), "not_found",
                  u"tenant 'nowhere'"_s);

    const Result<std::optional<ConnectionRecord>> existing =
        store().connections().findByName(u"acme"_s, u"x9"_s);
    ASSERT_OK(existing);
    ConnectionRecord sameId = connection(u"acme"_s, u"other"_s);
    sameId.id = (*existing)->id;
    expectFailure(store().connections().create(sameId), "conflict",
                  u"a connection with id '%1' already exists"_s.arg(sameId.id));
    ConnectionRecord renamed = **existing;
    renamed.name = u"x10"_s;
    expectFailure(store().connections().update(renamed), "invalid_request",
                  u"name of connection"_s);
    ConnectionRecord restrategized = **existing;
    restrategized.strategy = u"oidc"_s;
    expectFailure(store().connections().update(restrategized), "invalid_request",
                  u"strategy of connection"_s);
}

TEST_P(ConnectionRepositoryTest, NewClientsAreEnabledOnDatabaseConnectionsOnly) {
    ConnectionRecord database = ConnectionRepository::defaultDatabase(u"acme"_s, {u"c1"_s});
    ASSERT_OK(store().connections().create(database));
    ASSERT_OK(store().connections().create(connection(u"acme"_s, u"corporate"_s, u"oidc"_s)));
    ASSERT_OK(store().connections().create(connection(u"acme"_s, u"second-db"_s)));

    const qint64 before = latestSequence();
    ASSERT_OK(store().connections().enableOnDatabaseConnections(u"acme"_s, u"c2"_s));
    EXPECT_EQ(changesSince(before).size(), 2); // the two database connections
    const qint64 again = latestSequence();
    ASSERT_OK(store().connections().enableOnDatabaseConnections(u"acme"_s, u"c2"_s));
    EXPECT_EQ(latestSequence(), again) << "enabling twice must write nothing";

    const Result<QList<ConnectionRecord>> forC2 =
        store().connections().enabledFor(u"acme"_s, u"c2"_s);
    ASSERT_OK(forC2);
    ASSERT_EQ(forC2->size(), 2);
    EXPECT_EQ(forC2->at(0).name, QString(kDefaultDatabaseConnection));
    EXPECT_EQ(forC2->at(0).enabledClients, (QStringList{u"c1"_s, u"c2"_s}));
    EXPECT_EQ(forC2->at(1).name, u"second-db"_s);
    const Result<QList<ConnectionRecord>> forC1 =
        store().connections().enabledFor(u"acme"_s, u"c1"_s);
    ASSERT_OK(forC1);
    ASSERT_EQ(forC1->size(), 1);
    const Result<QList<ConnectionRecord>> unknown =
        store().connections().enabledFor(u"acme"_s, u"c3"_s);
    ASSERT_OK(unknown);
    EXPECT_TRUE(unknown->isEmpty());
}

TEST_P(ConnectionRepositoryTest, RemovingAConnectionRemovesItsUsersAndIdentities) {
    const Result<ConnectionRecord> corporate =
        store().connections().create(connection(u"acme"_s, u"corporate"_s, u"oidc"_s));
    ASSERT_OK(corporate);
    ASSERT_OK(store().connections().create(ConnectionRepository::defaultDatabase(u"acme"_s)));
    UserRecord upstream = user(u"acme"_s, u"ann@example.com"_s);
    upstream.connection = u"corporate"_s;
    upstream.userId = u"oidc|corporate|ann"_s;
    ASSERT_OK(store().users().create(upstream));
    const Result<UserRecord> local = store().users().create(user(u"acme"_s, u"ann@example.com"_s));
    ASSERT_OK(local);
    ASSERT_OK(
        store().identities().link(identity(u"acme"_s, u"corporate"_s, u"ann"_s, upstream.userId)));
    // Linked to a database user: survives the user, not the connection.
    ASSERT_OK(
        store().identities().link(identity(u"acme"_s, u"corporate"_s, u"ann-2"_s, local->userId)));

    const qint64 before = latestSequence();
    ASSERT_OK(store().connections().remove(u"acme"_s, corporate->id));
    EXPECT_EQ(countRows(db(), u"identities"_s), 0);
    const Result<QList<UserRecord>> left = store().users().list(u"acme"_s);
    ASSERT_OK(left);
    ASSERT_EQ(left->size(), 1);
    EXPECT_EQ(left->front().userId, local->userId);
    const QList<ChangeRecord> changes = changesSince(before);
    ASSERT_EQ(changes.size(), 1) << "the delete implies its cascade";
    EXPECT_EQ(changes.front().entity, u"connection"_s);
}

TEST_P(ConnectionRepositoryTest, RemovingATenantRemovesItsConnectionsUsersAndIdentities) {
    populateTenant(u"doomed"_s);
    populateTenant(u"kept"_s);
    ASSERT_OK(store().tenants().remove(u"doomed"_s));
    for (const QString& table : {u"connections"_s, u"users"_s, u"identities"_s}) {
        Result<QSqlQuery> left =
            db().exec(u"SELECT tenant, COUNT(*) FROM %1 GROUP BY tenant"_s.arg(table));
        ASSERT_OK(left);
        ASSERT_TRUE(left->next()) << table.toStdString();
        EXPECT_EQ(left->value(0).toString(), u"kept"_s) << table.toStdString();
        EXPECT_EQ(left->value(1).toInt(), 1) << table.toStdString();
        EXPECT_FALSE(left->next()) << table.toStdString();
    }
}

// A database at schema version 3 with a tenant, a client and a user, then opened by this
// Gatehouse: the user moves into the tenant's new database connection.
class ConnectionMigrationTest : public EngineTest {};

void insertV3Rows(Database& db) {
    ASSERT_OK(
        db.exec(u"INSERT INTO tenants (id, display_name, domain, signing_algorithm, "
                u"settings, created_at, updated_at) VALUES (?, ?, NULL, 'RS256', '{}', ?, ?)"_s,
                {u"acme"_s, u"Acme"_s, qint64(1000), qint64(2000)}));
    ASSERT_OK(
        db.exec(u"INSERT INTO tenants (id, display_name, domain, signing_algorithm, "
                u"settings, created_at, updated_at) VALUES (?, ?, NULL, 'RS256', '{}', ?, ?)"_s,
                {u"empty"_s, u"Empty"_s, qint64(1000), qint64(2000)}));
    for (const QString& clientId : {u"zz-client"_s, u"aa-client"_s}) {
        ASSERT_OK(db.exec(u"INSERT INTO clients (tenant, client_id, name, description, app_type, "
                          u"secret_hash, grant_types, callbacks, is_first_party, metadata, "
                          u"created_at, updated_at) VALUES ('acme', ?, ?, '', 'spa', NULL, '[]', "
                          u"'[]', ?, '{}', 1000, 1000)"_s,
                          {clientId, clientId, true}));
    }
    static const char hash[] = "$argon2id$\0\xff";
    ASSERT_OK(db.exec(u"INSERT INTO users (tenant, user_id, email, password_hash, email_verified, "
                      u"app_metadata, user_metadata, created_at, updated_at) "
                      u"VALUES ('acme', 'auth0|OldStyleId', 'old@example.com', ?, ?, "
                      u"'{\"roles\":[\"owner\"]}', '{}', 3000, 4000)"_s,
                      {QByteArray(hash, sizeof hash - 1), true}));
}

TEST_P(ConnectionMigrationTest, AVersion3DatabaseKeepsItsUsersInTheDefaultConnection) {
    TestDatabase old(engine());
    ASSERT_TRUE(old.setupError().isEmpty()) << old.setupError().toStdString();
    {
        Result<std::shared_ptr<Database>> v3 = Database::open(old.config(), {}, 3);
        ASSERT_OK(v3);
        const Result<int> version = Migrations(**v3).appliedVersion();
        ASSERT_OK(version);
        ASSERT_EQ(*version, 3);
        insertV3Rows(**v3);
        if (HasFatalFailure())
            return;
    }
    Result<Store> migrated = Store::open(old.config());
    ASSERT_OK(migrated);
    const Result<int> version = Migrations(migrated->database()).appliedVersion();
    ASSERT_OK(version);
    EXPECT_EQ(*version, Migrations::latestVersion());

    const Result<std::optional<ConnectionRecord>> database =
        migrated->connections().findByName(u"acme"_s, kDefaultDatabaseConnection);
    ASSERT_OK(database);
    ASSERT_TRUE(database->has_value());
    EXPECT_EQ((*database)->id, u"con_usernamepassword"_s);
    EXPECT_EQ((*database)->strategy, u"auth0"_s);
    EXPECT_EQ((*database)->options, QJsonObject());
    EXPECT_EQ((*database)->enabledClients, (QStringList{u"aa-client"_s, u"zz-client"_s}));
    EXPECT_EQ((*database)->createdAt, QDateTime::fromMSecsSinceEpoch(1000, Qt::UTC));
    const Result<QList<ConnectionRecord>> empty = migrated->connections().list(u"empty"_s);
    ASSERT_OK(empty);
    ASSERT_EQ(empty->size(), 1);
    EXPECT_TRUE(empty->front().enabledClients.isEmpty());

    const Result<std::optional<UserRecord>> moved =
        migrated->users().findByEmail(u"acme"_s, kDefaultDatabaseConnection, u"old@example.com"_s);
    ASSERT_OK(moved);
    ASSERT_TRUE(moved->has_value());
    static const char hash[] = "$argon2id$\0\xff";
    EXPECT_EQ((*moved)->userId, u"auth0|OldStyleId"_s);
    EXPECT_EQ((*moved)->passwordHash, QByteArray(hash, sizeof hash - 1));
    EXPECT_TRUE((*moved)->emailVerified);
    EXPECT_FALSE((*moved)->blocked);
    EXPECT_EQ((*moved)->loginsCount, 0);
    EXPECT_FALSE((*moved)->lastLogin.isValid());
    EXPECT_EQ((*moved)->appMetadata.value(u"roles"_s).toArray().first().toString(), u"owner"_s);
    EXPECT_EQ((*moved)->createdAt, QDateTime::fromMSecsSinceEpoch(3000, Qt::UTC));
    EXPECT_EQ((*moved)->updatedAt, QDateTime::fromMSecsSinceEpoch(4000, Qt::UTC));

    // The rebuilt table has the version 4 keys: unique per connection, named for conflicts.
    UserRecord again = user(u"acme"_s, u"old@example.com"_s);
    expectFailure(migrated->users().create(again), "conflict",
                  u"connection 'Username-Password-Authentication'"_s);
    ASSERT_OK(migrated->connections().create(connection(u"acme"_s, u"other-db"_s)));
    again.connection = u"other-db"_s;
    EXPECT_OK(migrated->users().create(again));
    EXPECT_EQ(countRows(migrated->database(), u"users"_s), 2);
    EXPECT_FALSE(migrated->database().exec(u"SELECT COUNT(*) FROM users_v3"_s).ok())
        << "the copy of the version 3 table is dropped";
}

GATEHOUSE_INSTANTIATE_ENGINES(ConnectionRepositoryTest);
GATEHOUSE_INSTANTIATE_ENGINES(ConnectionMigrationTest);

} // namespace
} // namespace gatehouse::store::test
