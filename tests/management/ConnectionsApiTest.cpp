// /api/v2/connections over HTTP: database and upstream OIDC connections, options checked per
// strategy, upstream client secrets sealed and never shown, enabled clients of the tenant only,
// deleting a connection deletes its users.

#include "ManagementTestServer.h"

#include "management/ConnectionsApi.h"

#include <QJsonDocument>
#include <gtest/gtest.h>

using namespace gatehouse;
using namespace gatehouse::management::test;
using namespace Qt::StringLiterals;

namespace {

const QString kAcme = u"acme"_s;
const QString kGlobex = u"globex"_s;
const QString kConnections = u"/api/v2/connections"_s;
const QString kSecretValue = u"upstream-secret-4f1c9a7e"_s;

class ConnectionsApi : public ::testing::Test {
protected:
    Reply post(const QJsonObject& body) {
        return server.call("POST", kAcme, kConnections, admin, body);
    }

    QJsonObject create(const QJsonObject& body) {
        const Reply reply = post(body);
        EXPECT_EQ(reply.status, 201) << reply;
        return reply.object();
    }

    Reply patch(const QString& id, const QJsonObject& body) {
        return server.call("PATCH", kAcme, kConnections + u'/' + id, admin, body);
    }

    static QJsonObject oidcOptions() {
        return {{u"issuer"_s, u"https://login.partner.example/"_s},
                {u"client_id"_s, u"gatehouse"_s},
                {u"client_secret"_s, kSecretValue},
                {u"scopes"_s, QJsonArray{u"openid"_s, u"email"_s}},
                {u"display_name"_s, u"Partner"_s}};
    }

    store::ConnectionRecord stored(const QString& id) {
        const auto found = server.store().connections().find(kAcme, id);
        EXPECT_TRUE(found.ok() && found->has_value());
        return found.ok() && found->has_value() ? **found : store::ConnectionRecord();
    }

    ManagementServer server;
    QByteArray admin = server.adminToken(kAcme);
};

QString idOf(const QJsonObject& connection) {
    return connection.value("id"_L1).toString();
}

} // namespace

TEST_F(ConnectionsApi, DatabaseConnectionsCrud) {
    const Reply initial = server.call("GET", kAcme, kConnections, admin);
    ASSERT_EQ(initial.status, 200) << initial;
    ASSERT_EQ(initial.array().size(), 1);
    EXPECT_EQ(initial.array().at(0).toObject().value("name"_L1).toString(),
              u"Username-Password-Authentication"_s);

    const QJsonObject created = create(
        {{u"name"_s, u"members"_s},
         {u"strategy"_s, u"auth0"_s},
         {u"options"_s,
          QJsonObject{{u"requires_username"_s, true},
                      {u"brute_force_protection"_s, true},
                      {u"password_complexity_options"_s, QJsonObject{{u"min_length"_s, 12}}}}},
         {u"enabled_clients"_s, QJsonArray{u"admin"_s}}});
    const QString id = idOf(created);
    EXPECT_TRUE(id.startsWith("con_"_L1));
    EXPECT_EQ(created.value("strategy"_L1).toString(), u"auth0"_s);
    EXPECT_EQ(created.value("realms"_L1).toArray(), QJsonArray{u"members"_s});
    EXPECT_EQ(created.value("enabled_clients"_L1).toArray(), QJsonArray{u"admin"_s});
    EXPECT_TRUE(created.value("options"_L1).toObject().value("requires_username"_L1).toBool());

    EXPECT_EQ(server.call("GET", kAcme, kConnections + u'/' + id, admin).object(), created);
    const Reply filtered =
        server.call("GET", kAcme, kConnections + u"?strategy=auth0&name=members"_s, admin);
    ASSERT_EQ(filtered.status, 200) << filtered;
    EXPECT_EQ(filtered.array().size(), 1);
    EXPECT_TRUE(
        server.call("GET", kAcme, kConnections + u"?strategy=oidc"_s, admin).array().isEmpty());

    const Reply patched = patch(id, {{u"enabled_clients"_s, QJsonArray{}}});
    ASSERT_EQ(patched.status, 200) << patched;
    EXPECT_TRUE(patched.object().value("enabled_clients"_L1).toArray().isEmpty());
    EXPECT_TRUE( // options untouched without `options`
        patched.object().value("options"_L1).toObject().value("requires_username"_L1).toBool());

    EXPECT_EQ(server.call("DELETE", kAcme, kConnections + u'/' + id, admin).status, 204);
    EXPECT_EQ(server.call("GET", kAcme, kConnections + u'/' + id, admin).status, 404);
}

TEST_F(ConnectionsApi, OptionsAreCheckedPerStrategy) {
    const qint64 before = server.latestChange();
    const auto withOptions = [](const QString& strategy, const QJsonObject& options) {
        return QJsonObject{
            {u"name"_s, u"checked"_s}, {u"strategy"_s, strategy}, {u"options"_s, options}};
    };
    expectApiError(post(withOptions(u"auth0"_s, {{u"mfa"_s, true}})), 400, "invalid_body",
                   "unknown field 'options.mfa'");
    expectApiError(post(withOptions(u"auth0"_s, {{u"requires_username"_s, u"yes"_s}})), 400,
                   "invalid_body", "'options.requires_username' must be a boolean");
    expectApiError(post(withOptions(u"auth0"_s, {{u"passwordPolicy"_s, u"extreme"_s}})), 400,
                   "invalid_password_policy", "passwordPolicy");
    expectApiError(
        post(withOptions(u"auth0"_s, {{u"password_policy"_s, QJsonObject{{u"min_length"_s, 0}}}})),
        400, "invalid_password_policy", "min_length");
    QJsonObject tls = oidcOptions();
    tls.insert(u"tls_ca_file"_s, u"/etc/ssl/private/ca.pem"_s);
    expectApiError(post(withOptions(u"oidc"_s, tls)), 400, "invalid_body", "'options.tls_ca_file'");
    QJsonObject insecure = oidcOptions();
    insecure.insert(u"issuer"_s, u"http://login.partner.example/"_s);
    expectApiError(post(withOptions(u"oidc"_s, insecure)), 400, "invalid_connection",
                   "options.issuer");
    QJsonObject noClient = oidcOptions();
    noClient.remove(u"client_id"_s);
    expectApiError(post(withOptions(u"oidc"_s, noClient)), 400, "invalid_connection",
                   "options.client_id");
    QJsonObject numericSecret = oidcOptions();
    numericSecret.insert(u"client_secret"_s, 42);
    expectApiError(post(withOptions(u"oidc"_s, numericSecret)), 400, "invalid_body",
                   "'options.client_secret'");
    expectApiError(post(withOptions(u"ldap"_s, {})), 400, "invalid_body", "'strategy'");
    expectApiError(post({{u"name"_s, u"bad name!"_s}, {u"strategy"_s, u"auth0"_s}}), 400,
                   "invalid_request", "connection name");
    expectApiError(post({{u"name"_s, u"x"_s}, {u"strategy"_s, u"auth0"_s}, {u"options"_s, 1}}), 400,
                   "invalid_body", "'options' must be an object");
    expectApiError(post({{u"name"_s, u"x"_s},
                         {u"strategy"_s, u"auth0"_s},
                         {u"enabled_clients"_s, QJsonArray{u"admin"_s, u"nobody"_s}}}),
                   400, "invalid_body", "'enabled_clients[1]'");
    EXPECT_EQ(server.latestChange(), before);

    const QString id = idOf(create({{u"name"_s, u"fixed"_s}, {u"strategy"_s, u"auth0"_s}}));
    expectApiError(patch(id, {{u"name"_s, u"renamed"_s}}), 400, "invalid_body",
                   "unknown field 'name'");
    expectApiError(patch(id, {{u"strategy"_s, u"oidc"_s}}), 400, "invalid_body",
                   "unknown field 'strategy'");
    expectApiError(post({{u"name"_s, u"fixed"_s}, {u"strategy"_s, u"auth0"_s}}), 409, "conflict",
                   "duplicate 'name'");
}

TEST_F(ConnectionsApi, UpstreamSecretsAreSealedAndNeverReturned) {
    const Reply created = post({{u"name"_s, u"partner"_s},
                                {u"strategy"_s, u"oidc"_s},
                                {u"options"_s, oidcOptions()},
                                {u"enabled_clients"_s, QJsonArray{u"admin"_s}}});
    ASSERT_EQ(created.status, 201) << created;
    EXPECT_FALSE(created.body.contains(kSecretValue.toUtf8())) << created;
    EXPECT_FALSE(created.body.contains("client_secret")) << created;
    const QString id = idOf(created.object());
    EXPECT_EQ(created.object().value("display_name"_L1).toString(), u"Partner"_s);
    EXPECT_EQ(created.object().value("options"_L1).toObject().value("client_id"_L1).toString(),
              u"gatehouse"_s);

    // Sealed under the master key for this tenant and id; the options never hold it.
    store::ConnectionRecord record = stored(id);
    EXPECT_FALSE(record.options.contains("client_secret"_L1));
    EXPECT_FALSE(record.sealedSecret.contains(kSecretValue.toUtf8()));
    const QByteArray ad = management::ConnectionsApi::sealedSecretAssociatedData(kAcme, id);
    EXPECT_EQ(ad, "connection_secret:acme:" + id.toUtf8());
    EXPECT_EQ(server.sealer().open(record.sealedSecret, ad).value(), kSecretValue.toUtf8());
    EXPECT_FALSE(
        server.sealer()
            .open(record.sealedSecret, QByteArray("connection_secret:globex:" + id.toUtf8()))
            .ok());
    // Nor does the change log carry it in clear.
    const auto changes = server.store().changeLog().since(0, 1000);
    ASSERT_TRUE(changes.ok());
    for (const store::ChangeRecord& change : *changes)
        EXPECT_FALSE(QJsonDocument(change.payload).toJson().contains(kSecretValue.toUtf8()));

    for (const QString& path : QStringList{kConnections, kConnections + u'/' + id}) {
        const Reply read = server.call("GET", kAcme, path, admin);
        ASSERT_EQ(read.status, 200) << read;
        EXPECT_FALSE(read.body.contains(kSecretValue.toUtf8())) << read;
        EXPECT_FALSE(read.body.contains("client_secret")) << read;
    }

    // A PATCH of the options as GET shows them (no secret) keeps the secret.
    QJsonObject shown = created.object().value("options"_L1).toObject();
    shown.insert(u"display_name"_s, u"Partner SSO"_s);
    const Reply kept = patch(id, {{u"options"_s, shown}});
    ASSERT_EQ(kept.status, 200) << kept;
    EXPECT_EQ(kept.object().value("display_name"_L1).toString(), u"Partner SSO"_s);
    EXPECT_EQ(server.sealer().open(stored(id).sealedSecret, ad).value(), kSecretValue.toUtf8());

    shown.insert(u"client_secret"_s, u"rotated-secret"_s);
    const Reply rotated = patch(id, {{u"options"_s, shown}});
    ASSERT_EQ(rotated.status, 200) << rotated;
    EXPECT_FALSE(rotated.body.contains("rotated-secret"));
    EXPECT_EQ(server.sealer().open(stored(id).sealedSecret, ad).value(), "rotated-secret");

    shown.insert(u"client_secret"_s, QString());
    ASSERT_EQ(patch(id, {{u"options"_s, shown}}).status, 200);
    EXPECT_TRUE(stored(id).sealedSecret.isEmpty());
}

TEST_F(ConnectionsApi, AStoredCaFileSurvivesPatchesAndIsNotShown) {
    // The operator's setting, written straight into the store.
    store::ConnectionRecord upstream;
    upstream.tenant = kAcme;
    upstream.name = u"internal"_s;
    upstream.strategy = u"oidc"_s;
    upstream.options = {{u"issuer"_s, u"http://127.0.0.1:9/"_s},
                        {u"client_id"_s, u"gh"_s},
                        {u"tls_ca_file"_s, u"/nonexistent/ca.pem"_s}};
    const auto created = server.store().connections().create(upstream);
    ASSERT_TRUE(created.ok());
    const Reply shown = server.call("GET", kAcme, kConnections + u'/' + created->id, admin);
    ASSERT_EQ(shown.status, 200) << shown;
    EXPECT_FALSE(shown.body.contains("tls_ca_file")) << shown;
    // Validation reads the kept file, which does not exist here: refused, nothing changes.
    const Reply patched =
        patch(created->id, {{u"options"_s, QJsonObject{{u"issuer"_s, u"http://127.0.0.1:9/"_s},
                                                       {u"client_id"_s, u"gh2"_s}}}});
    expectApiError(patched, 400, "invalid_connection", "tls_ca_file");
    EXPECT_EQ(stored(created->id).options.value("tls_ca_file"_L1).toString(),
              u"/nonexistent/ca.pem"_s);
}

TEST_F(ConnectionsApi, DeletingAConnectionDeletesItsUsers) {
    const QString id = idOf(create({{u"name"_s, u"temporary"_s}, {u"strategy"_s, u"auth0"_s}}));
    const Reply user = server.call("POST", kAcme, u"/api/v2/users"_s, admin,
                                   QJsonObject{{u"connection"_s, u"temporary"_s},
                                               {u"email"_s, u"temp@example.com"_s},
                                               {u"password"_s, u"correct horse battery staple"_s}});
    ASSERT_EQ(user.status, 201) << user;
    ASSERT_EQ(server.call("DELETE", kAcme, kConnections + u'/' + id, admin).status, 204);
    const auto found =
        server.store().users().find(kAcme, user.object().value("user_id"_L1).toString());
    ASSERT_TRUE(found.ok());
    EXPECT_FALSE(found->has_value());

    // The default database connection may go too, as in Auth0.
    const Reply all = server.call("GET", kAcme, kConnections, admin);
    const QString defaultId = idOf(all.array().at(0).toObject());
    EXPECT_EQ(server.call("DELETE", kAcme, kConnections + u'/' + defaultId, admin).status, 204);
}

TEST_F(ConnectionsApi, AnotherTenantsConnectionIsNotFoundAndScopesAreEnforced) {
    const QByteArray globexAdmin = server.adminToken(kGlobex);
    const Reply theirs = server.call("GET", kGlobex, kConnections, globexAdmin);
    ASSERT_EQ(theirs.status, 200) << theirs;
    const QString path = kConnections + u'/' + idOf(theirs.array().at(0).toObject());
    const qint64 before = server.latestChange();
    EXPECT_EQ(server.call("GET", kAcme, path, admin).status, 404);
    EXPECT_EQ(patch(path.section(u'/', -1), {{u"enabled_clients"_s, QJsonArray{}}}).status, 404);
    EXPECT_EQ(server.call("DELETE", kAcme, path, admin).status, 404);
    EXPECT_EQ(server.latestChange(), before);
    // Another tenant's client cannot be enabled either.
    expectApiError(post({{u"name"_s, u"x"_s},
                         {u"strategy"_s, u"auth0"_s},
                         {u"enabled_clients"_s, QJsonArray{u"globex-only"_s}}}),
                   400, "invalid_body", "'enabled_clients[0]'");

    const QByteArray reader = server.token(kAcme, u"reader"_s);
    for (const QByteArray& method : {QByteArray("GET"), QByteArray("POST")}) {
        const Reply reply = server.call(method, kAcme, kConnections, reader, QJsonObject{});
        EXPECT_EQ(reply.status, 403) << reply;
        EXPECT_EQ(reply.error(), u"insufficient_scope"_s);
    }
    for (const QByteArray& method : {QByteArray("GET"), QByteArray("PATCH"), QByteArray("DELETE")})
        EXPECT_EQ(server.call(method, kAcme, path, reader, QJsonObject{}).status, 403);
}
