#include "StoreTestSupport.h"

using namespace Qt::StringLiterals;

namespace gatehouse::store::test {
namespace {

// Tenants, clients, resource servers and client grants.
class ApplicationRepositoriesTest : public EngineTest {};

void expectError(const Error& error, const QByteArray& code, const QString& fragment) {
    EXPECT_EQ(error.code, code) << error.toString().toStdString();
    EXPECT_TRUE(error.message.contains(fragment))
        << "'" << error.message.toStdString() << "' does not mention '" << fragment.toStdString()
        << "'";
}

template <typename T>
void expectFailure(const Result<T>& result, const QByteArray& code, const QString& fragment) {
    ASSERT_FALSE(result.ok()) << "unexpectedly succeeded";
    expectError(result.error(), code, fragment);
}

TEST_P(ApplicationRepositoriesTest, TenantsAreCreatedFoundUpdatedAndRemoved) {
    TenantRecord input = tenant(u"acme"_s);
    input.domain = u"Login.ACME.example"_s;
    input.signingAlgorithm = u"ES256"_s;
    const Result<TenantRecord> created = store().tenants().create(input);
    ASSERT_OK(created);
    EXPECT_EQ(created->domain, u"login.acme.example"_s);
    EXPECT_TRUE(created->createdAt.isValid());
    EXPECT_EQ(created->createdAt, created->updatedAt);

    const Result<std::optional<TenantRecord>> found = store().tenants().find(u"acme"_s);
    ASSERT_OK(found);
    ASSERT_TRUE(found->has_value());
    EXPECT_EQ(**found, *created);
    const Result<std::optional<TenantRecord>> byDomain =
        store().tenants().findByDomain(u"LOGIN.acme.example"_s);
    ASSERT_OK(byDomain);
    ASSERT_TRUE(byDomain->has_value());
    EXPECT_EQ((*byDomain)->id, u"acme"_s);

    TenantRecord changed = *created;
    changed.displayName = u"ACME Corp"_s;
    changed.domain.clear();
    changed.settings = {{u"logo"_s, u"https://acme.example/logo.svg"_s}};
    const Result<TenantRecord> updated = store().tenants().update(changed);
    ASSERT_OK(updated);
    const Result<std::optional<TenantRecord>> reread = store().tenants().find(u"acme"_s);
    ASSERT_OK(reread);
    EXPECT_EQ(**reread, *updated);
    EXPECT_EQ((*reread)->createdAt, created->createdAt);
    EXPECT_TRUE((*reread)->domain.isEmpty());

    ASSERT_OK(store().tenants().remove(u"acme"_s));
    const Result<std::optional<TenantRecord>> gone = store().tenants().find(u"acme"_s);
    ASSERT_OK(gone);
    EXPECT_FALSE(gone->has_value());
}

TEST_P(ApplicationRepositoriesTest, TenantsAreListedByIdAndValidated) {
    for (const QString& id : {u"zeta"_s, u"alpha"_s, u"m-1"_s})
        ASSERT_OK(store().tenants().create(tenant(id)));
    const Result<QList<TenantRecord>> listed = store().tenants().list();
    ASSERT_OK(listed);
    QStringList ids;
    for (const TenantRecord& record : *listed)
        ids << record.id;
    EXPECT_EQ(ids, (QStringList{u"alpha"_s, u"m-1"_s, u"zeta"_s}));

    expectFailure(store().tenants().create(tenant(u"Upper"_s)), "invalid_request", u"'Upper'"_s);
    expectFailure(store().tenants().create(tenant(u"-dash"_s)), "invalid_request", u"'-dash'"_s);
    expectFailure(store().tenants().create(tenant(QString(64, u'a'))), "invalid_request", u"63"_s);
    TenantRecord badAlgorithm = tenant(u"algo"_s);
    badAlgorithm.signingAlgorithm = u"HS256"_s;
    expectFailure(store().tenants().create(badAlgorithm), "invalid_request", u"signingAlgorithm"_s);
    TenantRecord badDomain = tenant(u"dom"_s);
    badDomain.domain = u"not a host"_s;
    expectFailure(store().tenants().create(badDomain), "invalid_request", u"domain"_s);
    expectFailure(store().tenants().update(tenant(u"missing"_s)), "not_found", u"'missing'"_s);
    const Result<void> removed = store().tenants().remove(u"missing"_s);
    ASSERT_FALSE(removed.ok());
    EXPECT_EQ(removed.error().code, QByteArrayLiteral("not_found"));
}

TEST_P(ApplicationRepositoriesTest, TenantConflictsNameTheField) {
    TenantRecord first = tenant(u"acme"_s);
    first.domain = u"login.acme.example"_s;
    ASSERT_OK(store().tenants().create(first));
    expectFailure(store().tenants().create(tenant(u"acme"_s)), "conflict",
                  u"a tenant with id 'acme' already exists"_s);
    TenantRecord second = tenant(u"other"_s);
    second.domain = u"LOGIN.acme.example"_s;
    const Result<TenantRecord> taken = store().tenants().create(second);
    expectFailure(taken, "conflict", u"the domain 'login.acme.example' is already used"_s);
    EXPECT_EQ(taken.error().httpStatus, 409);
    // Tenants without a domain do not collide with each other.
    ASSERT_OK(store().tenants().create(tenant(u"plain-1"_s)));
    ASSERT_OK(store().tenants().create(tenant(u"plain-2"_s)));
}

TEST_P(ApplicationRepositoriesTest, ClientsAreCreatedFoundUpdatedAndRemoved) {
    ASSERT_OK(store().tenants().create(tenant(u"acme"_s)));
    const Result<ClientRecord> created = store().clients().create(client(u"acme"_s, u"web"_s));
    ASSERT_OK(created);
    EXPECT_EQ(created->clientId.size(), 32);
    const Result<std::optional<ClientRecord>> found =
        store().clients().find(u"acme"_s, created->clientId);
    ASSERT_OK(found);
    ASSERT_TRUE(found->has_value());
    EXPECT_EQ(**found, *created);
    EXPECT_EQ((*found)->secretHash, client(u"acme"_s, u"web"_s).secretHash);

    ClientRecord changed = *created;
    changed.name = u"web app"_s;
    changed.appType = u"spa"_s;
    changed.secretHash.clear();
    changed.isFirstParty = false;
    changed.callbacks << u"http://localhost:3000/cb"_s;
    changed.description.clear();
    const Result<ClientRecord> updated = store().clients().update(changed);
    ASSERT_OK(updated);
    const Result<std::optional<ClientRecord>> reread =
        store().clients().find(u"acme"_s, created->clientId);
    ASSERT_OK(reread);
    EXPECT_EQ(**reread, *updated);
    EXPECT_TRUE((*reread)->secretHash.isEmpty());
    EXPECT_FALSE((*reread)->isFirstParty);

    ASSERT_OK(store().clients().remove(u"acme"_s, created->clientId));
    const Result<QList<ClientRecord>> none = store().clients().list(u"acme"_s);
    ASSERT_OK(none);
    EXPECT_TRUE(none->isEmpty());
    expectFailure(store().clients().update(changed), "not_found", created->clientId);
}

TEST_P(ApplicationRepositoriesTest, ClientNamesAreUniquePerTenant) {
    ASSERT_OK(store().tenants().create(tenant(u"acme"_s)));
    ASSERT_OK(store().tenants().create(tenant(u"globex"_s)));
    const Result<ClientRecord> first = store().clients().create(client(u"acme"_s, u"x"_s));
    ASSERT_OK(first);
    expectFailure(store().clients().create(client(u"acme"_s, u"x"_s)), "conflict",
                  u"a client named 'x' already exists in tenant 'acme'"_s);
    ASSERT_OK(store().clients().create(client(u"globex"_s, u"x"_s)));
    ClientRecord sameId = client(u"acme"_s, u"y"_s);
    sameId.clientId = first->clientId;
    expectFailure(store().clients().create(sameId), "conflict",
                  u"a client with id '%1' already exists in tenant 'acme'"_s.arg(first->clientId));
    const Result<ClientRecord> second = store().clients().create(client(u"acme"_s, u"y"_s));
    ASSERT_OK(second);
    ClientRecord rename = *second;
    rename.name = u"x"_s;
    expectFailure(store().clients().update(rename), "conflict", u"a client named 'x'"_s);

    const Result<QList<ClientRecord>> listed = store().clients().list(u"acme"_s);
    ASSERT_OK(listed);
    ASSERT_EQ(listed->size(), 2);
    EXPECT_EQ(listed->at(0).name, u"x"_s);
    EXPECT_EQ(listed->at(1).name, u"y"_s);
}

TEST_P(ApplicationRepositoriesTest, ClientsNeedAnExistingTenantAndValidFields) {
    expectFailure(store().clients().create(client(u"nowhere"_s, u"x"_s)), "not_found",
                  u"tenant 'nowhere' does not exist"_s);
    ASSERT_OK(store().tenants().create(tenant(u"acme"_s)));
    ClientRecord badType = client(u"acme"_s, u"x"_s);
    badType.appType = u"desktop"_s;
    expectFailure(store().clients().create(badType), "invalid_request", u"appType"_s);
    expectFailure(store().clients().create(client(u"acme"_s, u" "_s)), "invalid_request",
                  u"name is required"_s);
    EXPECT_EQ(countRows(db(), u"clients"_s), 0);
}

TEST_P(ApplicationRepositoriesTest, ResourceServersKeepTheirIdentifier) {
    ASSERT_OK(store().tenants().create(tenant(u"acme"_s)));
    const Result<ResourceServerRecord> created =
        store().resourceServers().create(resourceServer(u"acme"_s, u"https://api.acme"_s));
    ASSERT_OK(created);
    EXPECT_TRUE(created->id.startsWith(u"rs_"_s));
    const Result<std::optional<ResourceServerRecord>> byIdentifier =
        store().resourceServers().findByIdentifier(u"acme"_s, u"https://api.acme"_s);
    ASSERT_OK(byIdentifier);
    ASSERT_TRUE(byIdentifier->has_value());
    EXPECT_EQ(**byIdentifier, *created);

    ResourceServerRecord changed = *created;
    changed.scopes.append(QJsonObject{{u"value"_s, u"write:things"_s}});
    changed.tokenLifetimeSeconds = 600;
    changed.signingAlgorithm = u"RS256"_s;
    const Result<ResourceServerRecord> updated = store().resourceServers().update(changed);
    ASSERT_OK(updated);
    const Result<std::optional<ResourceServerRecord>> reread =
        store().resourceServers().find(u"acme"_s, created->id);
    ASSERT_OK(reread);
    EXPECT_EQ(**reread, *updated);

    changed.identifier = u"https://other.acme"_s;
    expectFailure(store().resourceServers().update(changed), "invalid_request",
                  u"cannot be changed"_s);
    expectFailure(
        store().resourceServers().create(resourceServer(u"acme"_s, u"https://api.acme"_s)),
        "conflict", u"a resource server with identifier 'https://api.acme' already exists"_s);
    ResourceServerRecord badScope = resourceServer(u"acme"_s, u"https://bad"_s);
    badScope.scopes = QJsonArray{QJsonObject{{u"value"_s, u"two words"_s}}};
    expectFailure(store().resourceServers().create(badScope), "invalid_request", u"scope"_s);

    ASSERT_OK(store().resourceServers().remove(u"acme"_s, created->id));
    const Result<QList<ResourceServerRecord>> none = store().resourceServers().list(u"acme"_s);
    ASSERT_OK(none);
    EXPECT_TRUE(none->isEmpty());
}

TEST_P(ApplicationRepositoriesTest, ClientGrantsAreFilteredAndUniquePerClientAndAudience) {
    ASSERT_OK(store().tenants().create(tenant(u"acme"_s)));
    const Result<ClientRecord> a = store().clients().create(client(u"acme"_s, u"a"_s));
    const Result<ClientRecord> b = store().clients().create(client(u"acme"_s, u"b"_s));
    ASSERT_OK(a);
    ASSERT_OK(b);
    for (const QString& audience : {u"https://one"_s, u"https://two"_s})
        ASSERT_OK(store().resourceServers().create(resourceServer(u"acme"_s, audience)));
    for (const ClientRecord* owner : {&*a, &*b}) {
        for (const QString& audience : {u"https://one"_s, u"https://two"_s})
            ASSERT_OK(
                store().clientGrants().create(clientGrant(u"acme"_s, owner->clientId, audience)));
    }
    const auto count = [&](const ClientGrantRepository::Filter& filter) {
        const Result<QList<ClientGrantRecord>> grants =
            store().clientGrants().list(u"acme"_s, filter);
        EXPECT_OK(grants);
        return grants ? grants->size() : -1;
    };
    EXPECT_EQ(count({}), 4);
    EXPECT_EQ(count({a->clientId, {}}), 2);
    EXPECT_EQ(count({{}, u"https://two"_s}), 2);
    EXPECT_EQ(count({a->clientId, u"https://two"_s}), 1);

    expectFailure(
        store().clientGrants().create(clientGrant(u"acme"_s, a->clientId, u"https://one"_s)),
        "conflict",
        u"client '%1' already has a grant for audience 'https://one'"_s.arg(a->clientId));
    expectFailure(
        store().clientGrants().create(clientGrant(u"acme"_s, u"ghost"_s, u"https://one"_s)),
        "not_found", u"client 'ghost' does not exist"_s);
    expectFailure(
        store().clientGrants().create(clientGrant(u"acme"_s, a->clientId, u"https://nope"_s)),
        "not_found", u"identifier 'https://nope'"_s);
}

TEST_P(ApplicationRepositoriesTest, ClientGrantScopesCanChangeButNotTheirTarget) {
    ASSERT_OK(store().tenants().create(tenant(u"acme"_s)));
    const Result<ClientRecord> app = store().clients().create(client(u"acme"_s, u"a"_s));
    ASSERT_OK(app);
    ASSERT_OK(store().resourceServers().create(resourceServer(u"acme"_s, u"https://one"_s)));
    const Result<ClientGrantRecord> created =
        store().clientGrants().create(clientGrant(u"acme"_s, app->clientId, u"https://one"_s));
    ASSERT_OK(created);
    EXPECT_TRUE(created->id.startsWith(u"cgr_"_s));
    ClientGrantRecord changed = *created;
    changed.scope = QStringList{u"read:things"_s, u"write:things"_s};
    const Result<ClientGrantRecord> updated = store().clientGrants().update(changed);
    ASSERT_OK(updated);
    const Result<std::optional<ClientGrantRecord>> found =
        store().clientGrants().find(u"acme"_s, created->id);
    ASSERT_OK(found);
    EXPECT_EQ(**found, *updated);
    changed.audience = u"https://two"_s;
    expectFailure(store().clientGrants().update(changed), "invalid_request",
                  u"cannot be changed"_s);
    ASSERT_OK(store().clientGrants().remove(u"acme"_s, created->id));
    const Result<void> again = store().clientGrants().remove(u"acme"_s, created->id);
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, QByteArrayLiteral("not_found"));
}

TEST_P(ApplicationRepositoriesTest, RemovingAClientOrAnApiRemovesItsGrants) {
    populateTenant(u"acme"_s);
    const Result<QList<ClientRecord>> apps = store().clients().list(u"acme"_s);
    ASSERT_OK(apps);
    ASSERT_EQ(apps->size(), 1);
    ASSERT_OK(store().clients().remove(u"acme"_s, apps->front().clientId));
    EXPECT_EQ(countRows(db(), u"client_grants"_s), 0);

    const Result<ClientRecord> other = store().clients().create(client(u"acme"_s, u"other"_s));
    ASSERT_OK(other);
    ASSERT_OK(store().clientGrants().create(
        clientGrant(u"acme"_s, other->clientId, u"https://api.example.com"_s)));
    const Result<QList<ResourceServerRecord>> apis = store().resourceServers().list(u"acme"_s);
    ASSERT_OK(apis);
    ASSERT_OK(store().resourceServers().remove(u"acme"_s, apis->front().id));
    EXPECT_EQ(countRows(db(), u"client_grants"_s), 0);
}

TEST_P(ApplicationRepositoriesTest, RemovingATenantRemovesEverythingItOwnsAndNothingElse) {
    populateTenant(u"doomed"_s);
    populateTenant(u"kept"_s);
    ASSERT_OK(store().settings().set(u"instance_id"_s, u"i-1"_s));
    const Result<qint64> before = store().changeLog().latestSequence();
    ASSERT_OK(before);

    ASSERT_OK(store().tenants().remove(u"doomed"_s));

    for (const QString& table :
         {u"clients"_s, u"resource_servers"_s, u"client_grants"_s, u"signing_keys"_s,
          u"connections"_s, u"users"_s, u"identities"_s}) {
        Result<QSqlQuery> left =
            db().exec(u"SELECT tenant, COUNT(*) FROM %1 GROUP BY tenant"_s.arg(table));
        ASSERT_OK(left);
        ASSERT_TRUE(left->next()) << table.toStdString();
        EXPECT_EQ(left->value(0).toString(), u"kept"_s) << table.toStdString();
        EXPECT_EQ(left->value(1).toInt(), 1) << table.toStdString();
        EXPECT_FALSE(left->next()) << table.toStdString();
    }
    EXPECT_EQ(countRows(db(), u"settings"_s), 1);
    const Result<QList<ChangeRecord>> changes = store().changeLog().since(*before, 100);
    ASSERT_OK(changes);
    ASSERT_EQ(changes->size(), 1);
    EXPECT_EQ(changes->front().operation, u"delete"_s);
    EXPECT_EQ(changes->front().entity, u"tenant"_s);
    EXPECT_EQ(changes->front().entityId, u"doomed"_s);
}

TEST_P(ApplicationRepositoriesTest, TimestampsComeFromTheClockInUtcMilliseconds) {
    FakeClock clock(QDateTime(QDate(2024, 2, 29), QTime(23, 59, 59, 123), Qt::UTC));
    reopen(clock.function());
    const Result<TenantRecord> created = store().tenants().create(tenant(u"acme"_s));
    ASSERT_OK(created);
    EXPECT_EQ(created->createdAt, clock.now());
    clock.advance(1500);
    const Result<TenantRecord> updated = store().tenants().update(*created);
    ASSERT_OK(updated);
    const Result<std::optional<TenantRecord>> found = store().tenants().find(u"acme"_s);
    ASSERT_OK(found);
    EXPECT_EQ((*found)->createdAt, QDateTime(QDate(2024, 2, 29), QTime(23, 59, 59, 123), Qt::UTC));
    EXPECT_EQ((*found)->updatedAt, QDateTime(QDate(2024, 3, 1), QTime(0, 0, 0, 623), Qt::UTC));
    EXPECT_EQ((*found)->updatedAt.timeSpec(), Qt::UTC);
    const Result<QList<ChangeRecord>> changes = store().changeLog().since(0, 10);
    ASSERT_OK(changes);
    ASSERT_EQ(changes->size(), 2);
    EXPECT_EQ(changes->back().at, clock.now());
}

GATEHOUSE_INSTANTIATE_ENGINES(ApplicationRepositoriesTest);

} // namespace
} // namespace gatehouse::store::test
