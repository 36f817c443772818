// Schema version 7: the system tenant's administrators (store::AdministratorRepository) and what
// the migration gives a data directory made before it (the owner init made, the dashboard's
// client, the system management client remembered). Both engines.
#include "StoreTestSupport.h"

#include "store/Migrations.h"

using namespace Qt::StringLiterals;

namespace gatehouse::store::test {
namespace {

const QString kSystem = u"system"_s;

class AdministratorRepositoryTest : public EngineTest {
protected:
    void SetUp() override {
        EngineTest::SetUp();
        if (HasFatalFailure())
            return;
        for (const QString& id : {kSystem, u"acme"_s, u"globex"_s}) {
            ASSERT_OK(store().tenants().create(tenant(id)));
            ASSERT_OK(store().connections().create(ConnectionRepository::defaultDatabase(id, {})));
        }
        const Result<UserRecord> made = store().users().create(user(kSystem, u"a@example.com"_s));
        ASSERT_OK(made);
        m_userId = made->userId;
    }

    AdministratorRecord record(const QString& role, const QStringList& tenants = {}) const {
        AdministratorRecord administrator;
        administrator.userId = m_userId;
        administrator.role = role;
        administrator.tenants = tenants;
        return administrator;
    }

    QString m_userId;
};

TEST_P(AdministratorRepositoryTest, PutFindListAndRemoveAreLogged) {
    const qint64 before = *store().changeLog().latestSequence();
    const Result<AdministratorRecord> made =
        store().administrators().put(record(u"admin"_s, {u"globex"_s, u"acme"_s, u"acme"_s}));
    ASSERT_OK(made);
    EXPECT_EQ(made->tenants, (QStringList{u"acme"_s, u"globex"_s})); // sorted, no duplicates
    const auto found = store().administrators().find(m_userId);
    ASSERT_OK(found);
    ASSERT_TRUE(found->has_value());
    EXPECT_EQ(**found, *made);

    const Result<AdministratorRecord> changed =
        store().administrators().put(record(u"support"_s, {u"acme"_s}));
    ASSERT_OK(changed);
    EXPECT_EQ(changed->createdAt, made->createdAt);
    EXPECT_EQ(store().administrators().list()->size(), 1);
    ASSERT_OK(store().administrators().remove(m_userId));
    EXPECT_FALSE(store().administrators().find(m_userId)->has_value());
    EXPECT_EQ(store().administrators().remove(m_userId).error().code, "not_found");

    const Result<QList<ChangeRecord>> changes = store().changeLog().since(before);
    ASSERT_OK(changes);
    QStringList operations;
    for (const ChangeRecord& change : *changes) {
        EXPECT_EQ(change.tenant, kSystem);
        EXPECT_EQ(change.entity, u"administrator"_s);
        EXPECT_EQ(change.entityId, m_userId);
        operations << change.operation;
    }
    EXPECT_EQ(operations, (QStringList{u"create"_s, u"update"_s, u"delete"_s}));
    EXPECT_EQ(changes->constLast().payload.value("role"_L1), u"support"_s);
}

TEST_P(AdministratorRepositoryTest, RefusesBadRolesTenantsAndUsers) {
    EXPECT_EQ(store().administrators().put(record(u"root"_s)).error().code, "invalid_request");
    EXPECT_EQ(store().administrators().put(record(u"owner"_s, {u"acme"_s})).error().code,
              "invalid_request");
    EXPECT_EQ(store().administrators().put(record(u"admin"_s, {u"system"_s})).error().code,
              "invalid_request");
    const Result<AdministratorRecord> unknown =
        store().administrators().put(record(u"admin"_s, {u"nowhere"_s}));
    ASSERT_FALSE(unknown.ok());
    EXPECT_EQ(unknown.error().code, "invalid_request");
    EXPECT_TRUE(unknown.error().message.contains(u"nowhere"_s));

    // A user of another tenant is not a user of the system tenant.
    const Result<UserRecord> outsider = store().users().create(user(u"acme"_s, u"o@example.com"_s));
    ASSERT_OK(outsider);
    AdministratorRecord other = record(u"owner"_s);
    other.userId = outsider->userId;
    EXPECT_EQ(store().administrators().put(other).error().code, "not_found");
    EXPECT_EQ(countRows(db(), u"administrators"_s), 0);
}

TEST_P(AdministratorRepositoryTest, OwnersAreCountedAndDeletedUsersLoseTheirRole) {
    ASSERT_OK(store().administrators().put(record(u"owner"_s)));
    const Result<UserRecord> second = store().users().create(user(kSystem, u"b@example.com"_s));
    ASSERT_OK(second);
    AdministratorRecord another = record(u"owner"_s);
    another.userId = second->userId;
    ASSERT_OK(store().administrators().put(another));
    EXPECT_EQ(*store().administrators().countOwners(), 2);
    EXPECT_FALSE(*store().administrators().isLastOwner(m_userId));
    ASSERT_OK(store().users().remove(kSystem, second->userId));
    EXPECT_EQ(*store().administrators().countOwners(), 1);
    EXPECT_TRUE(*store().administrators().isLastOwner(m_userId));
    EXPECT_FALSE(store().administrators().find(second->userId)->has_value());
}

TEST_P(AdministratorRepositoryTest, ForgettingATenantTakesItOutOfEveryList) {
    ASSERT_OK(store().administrators().put(record(u"admin"_s, {u"acme"_s, u"globex"_s})));
    ASSERT_OK(store().administrators().forgetTenant(u"acme"_s));
    EXPECT_EQ((*store().administrators().find(m_userId))->tenants, QStringList{u"globex"_s});
}

GATEHOUSE_INSTANTIATE_ENGINES(AdministratorRepositoryTest);

class AdministratorsMigrationTest : public EngineTest {};

// A version-6 data directory as `init` left it: the system tenant with its database connection
// (enabled for the system management client), the owner init made, another user, and a second
// tenant whose connection must stay as it was.
void insertVersion6Rows(Store& store, QString& ownerId, QString& otherId) {
    for (const QString& id : {kSystem, u"acme"_s})
        ASSERT_OK(store.tenants().create(tenant(id)));
    // Version 6's columns only (later versions add some to clients).
    ASSERT_OK(store.database().exec(
        u"INSERT INTO clients (tenant, client_id, name, description, app_type, secret_hash, "
        "grant_types, callbacks, is_first_party, metadata, created_at, updated_at) VALUES "
        "('system', 'sysmgmt0123', 'System management client', 'Created by gatehoused init', "
        "'non_interactive', NULL, '[\"client_credentials\"]', '[]', TRUE, '{}', 1, 1)"_s));
    ASSERT_OK(store.connections().create(
        ConnectionRepository::defaultDatabase(kSystem, {u"sysmgmt0123"_s})));
    ASSERT_OK(store.connections().create(ConnectionRepository::defaultDatabase(u"acme"_s, {})));
    UserRecord owner = user(kSystem, u"admin@gatehouse.localhost"_s);
    owner.appMetadata = QJsonObject{{u"roles"_s, QJsonArray{u"owner"_s}}};
    const Result<UserRecord> made = store.users().create(owner);
    ASSERT_OK(made);
    ownerId = made->userId;
    const Result<UserRecord> other = store.users().create(user(kSystem, u"x@example.com"_s));
    ASSERT_OK(other);
    otherId = other->userId;
}

TEST_P(AdministratorsMigrationTest, Version6DataGetsOwnerDashboardClientAndProtection) {
    TestDatabase old(engine());
    ASSERT_TRUE(old.setupError().isEmpty()) << old.setupError().toStdString();
    QString ownerId;
    QString otherId;
    {
        Result<std::shared_ptr<Database>> v6 = Database::open(old.config(), {}, 6);
        ASSERT_OK(v6);
        Store store(*v6);
        insertVersion6Rows(store, ownerId, otherId);
        if (HasFatalFailure())
            return;
    }
    Result<Store> migrated = Store::open(old.config());
    ASSERT_OK(migrated);

    const auto administrators = migrated->administrators().list();
    ASSERT_OK(administrators);
    ASSERT_EQ(administrators->size(), 1);
    EXPECT_EQ(administrators->constFirst().userId, ownerId);
    EXPECT_EQ(administrators->constFirst().role, u"owner"_s);
    EXPECT_TRUE(administrators->constFirst().tenants.isEmpty());
    EXPECT_FALSE(migrated->administrators().find(otherId)->has_value());

    const auto dashboard = migrated->clients().find(kSystem, kDashboardClientId);
    ASSERT_OK(dashboard);
    ASSERT_TRUE(dashboard->has_value());
    EXPECT_EQ((*dashboard)->appType, u"native"_s);
    EXPECT_TRUE((*dashboard)->secretHash.isEmpty());
    EXPECT_EQ((*dashboard)->grantTypes, (QStringList{u"authorization_code"_s, u"refresh_token"_s}));
    EXPECT_EQ((*dashboard)->callbacks, QStringList{kDashboardCallback});
    EXPECT_FALSE(migrated->clients().find(u"acme"_s, kDashboardClientId)->has_value());

    const auto systemConnections = migrated->connections().list(kSystem);
    ASSERT_OK(systemConnections);
    EXPECT_EQ(systemConnections->constFirst().enabledClients,
              (QStringList{u"sysmgmt0123"_s, kDashboardClientId}));
    const auto acmeConnections = migrated->connections().list(u"acme"_s);
    ASSERT_OK(acmeConnections);
    EXPECT_TRUE(acmeConnections->constFirst().enabledClients.isEmpty());

    const auto remembered = migrated->settings().get(kSystemManagementClientSetting);
    ASSERT_OK(remembered);
    ASSERT_TRUE(remembered->has_value());
    EXPECT_EQ(**remembered, u"sysmgmt0123"_s);

    // Applying again changes nothing.
    ASSERT_OK(Migrations(migrated->database()).apply());
    EXPECT_EQ(migrated->administrators().list()->size(), 1);
}

GATEHOUSE_INSTANTIATE_ENGINES(AdministratorsMigrationTest);

} // namespace
} // namespace gatehouse::store::test
