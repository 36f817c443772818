// Schema version 6: a database made before the Management API had connections gets the four
// connections scopes on each tenant's Management API and in the grants that held every write
// scope (the management clients `init` makes); narrower grants and other APIs stay as they were.
#include "StoreTestSupport.h"

#include "store/Migrations.h"

using namespace Qt::StringLiterals;

namespace gatehouse::store::test {
namespace {

class ManagementScopesMigrationTest : public EngineTest {};

const QString kManagementApi = u"urn:gatehouse:management-api"_s;

const QStringList& connectionScopes() {
    static const QStringList scopes{u"read:connections"_s, u"create:connections"_s,
                                    u"update:connections"_s, u"delete:connections"_s};
    return scopes;
}

// The write scopes a version-5 management client held, and a read scope.
const QStringList& version5Scopes() {
    static const QStringList scopes{
        u"read:clients"_s,         u"delete:clients"_s,      u"delete:resource_servers"_s,
        u"delete:client_grants"_s, u"update:signing_keys"_s, u"update:tenant_settings"_s,
        u"create:users"_s,         u"delete:users"_s};
    return scopes;
}

void insertVersion5Rows(Store& store) {
    ASSERT_OK(store.tenants().create(tenant(u"acme"_s)));
    ResourceServerRecord api = resourceServer(u"acme"_s, kManagementApi);
    api.isSystem = true;
    api.scopes = {};
    for (const QString& scope : version5Scopes())
        api.scopes.append(QJsonObject{{u"value"_s, scope}, {u"description"_s, scope}});
    ASSERT_OK(store.resourceServers().create(api));
    ASSERT_OK(store.resourceServers().create(resourceServer(u"acme"_s, u"https://api.example/"_s)));
    for (const QString& name : {u"full"_s, u"narrow"_s}) {
        // In SQL: the repository writes columns that later versions added.
        ASSERT_OK(store.database().exec(
            u"INSERT INTO clients (tenant, client_id, name, description, app_type, secret_hash, "
            u"grant_types, callbacks, is_first_party, metadata, created_at, updated_at) "
            u"VALUES ('acme', ?, ?, '', 'regular_web', NULL, '[]', '[]', ?, '{}', 1000, 1000)"_s,
            {name, name, true}));
        ClientGrantRecord grant = clientGrant(u"acme"_s, name, kManagementApi);
        grant.scope = name == "full"_L1 ? version5Scopes() : QStringList{u"read:clients"_s};
        ASSERT_OK(store.clientGrants().create(grant));
    }
}

TEST_P(ManagementScopesMigrationTest, Version5ManagementApisAndFullGrantsGainConnectionsScopes) {
    TestDatabase old(engine());
    ASSERT_TRUE(old.setupError().isEmpty()) << old.setupError().toStdString();
    {
        Result<std::shared_ptr<Database>> v5 = Database::open(old.config(), {}, 5);
        ASSERT_OK(v5);
        Store store(*v5);
        insertVersion5Rows(store);
        if (HasFatalFailure())
            return;
    }
    Result<Store> migrated = Store::open(old.config());
    ASSERT_OK(migrated);

    const Result<std::optional<ResourceServerRecord>> api =
        migrated->resourceServers().findByIdentifier(u"acme"_s, kManagementApi);
    ASSERT_OK(api);
    ASSERT_TRUE(api->has_value());
    QStringList values;
    for (const QJsonValue& scope : (*api)->scopes) {
        values << scope.toObject().value("value"_L1).toString();
        EXPECT_EQ(scope.toObject().value("description"_L1), scope.toObject().value("value"_L1));
    }
    EXPECT_EQ(values, version5Scopes() + connectionScopes());

    const Result<QList<ClientGrantRecord>> grants = migrated->clientGrants().list(u"acme"_s, {});
    ASSERT_OK(grants);
    ASSERT_EQ(grants->size(), 2);
    for (const ClientGrantRecord& grant : *grants) {
        const Result<std::optional<ClientRecord>> owner =
            migrated->clients().find(u"acme"_s, grant.clientId);
        ASSERT_OK(owner);
        if ((*owner)->name == "full"_L1)
            EXPECT_EQ(grant.scope, version5Scopes() + connectionScopes());
        else
            EXPECT_EQ(grant.scope, QStringList{u"read:clients"_s});
    }

    // Other APIs are untouched, and running the step again changes nothing.
    const Result<std::optional<ResourceServerRecord>> other =
        migrated->resourceServers().findByIdentifier(u"acme"_s, u"https://api.example/"_s);
    ASSERT_OK(other);
    EXPECT_EQ((*other)->scopes, resourceServer(u"acme"_s, u"https://api.example/"_s).scopes);
    ASSERT_OK(Migrations(migrated->database()).apply());
}

GATEHOUSE_INSTANTIATE_ENGINES(ManagementScopesMigrationTest);

} // namespace
} // namespace gatehouse::store::test
