#include "tenancy/TenancyTestSupport.h"

#include "tenancy/ManagementApi.h"

namespace gatehouse::tenancy {
namespace {

class TenantProvisionerTest : public ::testing::Test, public test::TenancyEnvironment {
protected:
    store::TenantRecord record(const QString& id,
                               const QString& algorithm = QStringLiteral("ES256")) {
        store::TenantRecord tenant;
        tenant.id = id;
        tenant.displayName = id;
        tenant.signingAlgorithm = algorithm;
        return tenant;
    }
    qint64 latestSequence() { return store().changeLog().latestSequence().value(); }
    void expectNothingStoredFor(const QString& id) {
        EXPECT_FALSE(store().tenants().find(id).value().has_value());
        EXPECT_TRUE(store().signingKeys().listForTenant(id).value().isEmpty());
        EXPECT_TRUE(store().resourceServers().list(id).value().isEmpty());
        EXPECT_TRUE(store().connections().list(id).value().isEmpty());
    }
};

TEST_F(TenantProvisionerTest, CreatesTenantKeysAndManagementApi) {
    Result<store::TenantRecord> created = provisioner->create(record(QStringLiteral("acme"), {}));
    ASSERT_OK(created);
    EXPECT_EQ(created->signingAlgorithm, QStringLiteral("RS256")); // the default
    const auto keys = store().signingKeys().listForTenant(QStringLiteral("acme")).value();
    ASSERT_EQ(keys.size(), 2);
    EXPECT_EQ(keys.at(0).algorithm, QStringLiteral("RS256"));

    const auto api = store()
                         .resourceServers()
                         .findByIdentifier(QStringLiteral("acme"), ManagementApi::kIdentifier)
                         .value();
    ASSERT_TRUE(api);
    EXPECT_TRUE(api->isSystem);
    QStringList scopes;
    for (const QJsonValue& scope : api->scopes)
        scopes.append(scope.toObject().value(QStringLiteral("value")).toString());
    EXPECT_EQ(scopes, ManagementApi::scopes(false));
}

TEST_F(TenantProvisionerTest, EveryTenantGetsItsDatabaseConnectionEnabledForItsClients) {
    QString early;
    ASSERT_OK(provisioner->create(
        record(QStringLiteral("acme")), SystemTenantId::Refuse,
        [&](store::Store& inside, const store::TenantRecord& tenant) -> Result<void> {
            store::ClientRecord client;
            client.tenant = tenant.id;
            client.name = QStringLiteral("early");
            auto created = inside.clients().create(client);
            if (!created)
                return created.error();
            early = created->clientId;
            return inside.connections().enableOnDatabaseConnections(tenant.id, early);
        }));
    const auto connections = store().connections().list(QStringLiteral("acme")).value();
    ASSERT_EQ(connections.size(), 1);
    EXPECT_EQ(connections.front().name, QString(store::kDefaultDatabaseConnection));
    EXPECT_EQ(connections.front().strategy, QStringLiteral("auth0"));
    EXPECT_TRUE(connections.front().id.startsWith(QStringLiteral("con_")));
    EXPECT_EQ(connections.front().enabledClients, QStringList{early});

    // Each tenant has its own, with its own id.
    ASSERT_OK(provisioner->create(record(QStringLiteral("globex"))));
    const auto other = store()
                           .connections()
                           .findByName(QStringLiteral("globex"), store::kDefaultDatabaseConnection)
                           .value();
    ASSERT_TRUE(other);
    EXPECT_NE(other->id, connections.front().id);
    EXPECT_TRUE(other->enabledClients.isEmpty());
}

TEST_F(TenantProvisionerTest, TheSystemTenantNeedsTheFlagAndGetsTenantScopes) {
    EXPECT_EQ(provisioner->create(record(QStringLiteral("system"))).error().code,
              "invalid_tenant_id");
    ASSERT_OK(provisioner->create(record(QStringLiteral("system")), SystemTenantId::Allow));
    const auto api = store()
                         .resourceServers()
                         .findByIdentifier(QStringLiteral("system"), ManagementApi::kIdentifier)
                         .value();
    ASSERT_TRUE(api);
    EXPECT_EQ(api->scopes.size(), ManagementApi::scopes(true).size());
}

TEST_F(TenantProvisionerTest, InvalidInputStoresNothing) {
    const qint64 before = latestSequence();
    EXPECT_EQ(provisioner->create(record(QStringLiteral("Bad_Id"))).error().code,
              "invalid_tenant_id");
    EXPECT_EQ(provisioner->create(record(QStringLiteral("api"))).error().code, "invalid_tenant_id");
    EXPECT_EQ(
        provisioner->create(record(QStringLiteral("acme"), QStringLiteral("HS256"))).error().code,
        "invalid_request");
    EXPECT_EQ(latestSequence(), before);
    expectNothingStoredFor(QStringLiteral("acme"));
}

TEST_F(TenantProvisionerTest, AFailureLateInTheTransactionLeavesNothing) {
    const qint64 before = latestSequence();
    bool ran = false;
    Result<store::TenantRecord> created = provisioner->create(
        record(QStringLiteral("acme")), SystemTenantId::Refuse,
        [&](store::Store& inside, const store::TenantRecord& tenant) -> Result<void> {
            ran = true;
            // Everything so far is visible inside the transaction...
            EXPECT_EQ(inside.signingKeys().listForTenant(tenant.id).value().size(), 2);
            EXPECT_EQ(inside.connections().list(tenant.id).value().size(), 1);
            return Error::internal(QStringLiteral("injected failure"));
        });
    EXPECT_TRUE(ran);
    ASSERT_FALSE(created.ok());
    EXPECT_EQ(created.error().message, QStringLiteral("injected failure"));
    // ...and none of it survives.
    expectNothingStoredFor(QStringLiteral("acme"));
    EXPECT_EQ(latestSequence(), before);
}

TEST_F(TenantProvisionerTest, ADuplicateIdIsAConflictAndKeepsTheFirstTenant) {
    ASSERT_OK(provisioner->create(record(QStringLiteral("acme"))));
    const auto keysBefore = store().signingKeys().listForTenant(QStringLiteral("acme")).value();
    EXPECT_EQ(provisioner->create(record(QStringLiteral("acme"))).error().code, "conflict");
    EXPECT_EQ(store().signingKeys().listForTenant(QStringLiteral("acme")).value(), keysBefore);
    EXPECT_EQ(store().resourceServers().list(QStringLiteral("acme")).value().size(), 1);
}

} // namespace
} // namespace gatehouse::tenancy
