// /api/v2/clients over HTTP: CRUD, secrets shown once and working at the token endpoint,
// rotation, grants removed with their client, other tenants' ids.

#include "ManagementTestServer.h"

#include "crypto/Encoding.h"

#include <gtest/gtest.h>

using namespace gatehouse;
using namespace gatehouse::management::test;

namespace {

const QString kAcme = QStringLiteral("acme");
const QString kGlobex = QStringLiteral("globex");
const QString kClients = QStringLiteral("/api/v2/clients");

class ClientsApi : public ::testing::Test {
protected:
    QJsonObject create(const QJsonObject& body) {
        const Reply reply = server.call("POST", kAcme, kClients, admin, body);
        EXPECT_EQ(reply.status, 201) << reply;
        return reply.object();
    }

    // A grant on acme's Management API, so that the client can get tokens.
    void grant(const QString& clientId, const QJsonArray& scopes) {
        const Reply reply =
            server.call("POST", kAcme, QStringLiteral("/api/v2/client-grants"), admin,
                        QJsonObject{{QStringLiteral("client_id"), clientId},
                                    {QStringLiteral("audience"), server.audience(kAcme)},
                                    {QStringLiteral("scope"), scopes}});
        ASSERT_EQ(reply.status, 201) << reply;
    }

    ManagementServer server;
    QByteArray admin = server.adminToken(kAcme);
};

QString idOf(const QJsonObject& client) {
    return client.value(QLatin1String("client_id")).toString();
}

QString secretOf(const QJsonObject& client) {
    return client.value(QLatin1String("client_secret")).toString();
}

} // namespace

TEST_F(ClientsApi, CreateGetListUpdateDelete) {
    const QJsonObject created = create({
        {QStringLiteral("name"), QStringLiteral("Billing")},
        {QStringLiteral("description"), QStringLiteral("the billing backend")},
        {QStringLiteral("app_type"), QStringLiteral("regular_web")},
        {QStringLiteral("callbacks"), QJsonArray{QStringLiteral("https://billing.example/cb")}},
        {QStringLiteral("client_metadata"),
         QJsonObject{{QStringLiteral("team"), QStringLiteral("b")}}},
    });
    const QString id = idOf(created);
    // 24 random bytes, base64url: 192 bits, URL-safe.
    ASSERT_EQ(id.size(), 32);
    EXPECT_TRUE(crypto::base64UrlDecode(id.toLatin1()).ok());
    EXPECT_EQ(created.value(QLatin1String("name")).toString(), QStringLiteral("Billing"));
    EXPECT_EQ(created.value(QLatin1String("tenant")).toString(), kAcme);
    EXPECT_EQ(created.value(QLatin1String("grant_types")).toArray().size(), 3);
    EXPECT_EQ(created.value(QLatin1String("token_endpoint_auth_method")).toString(),
              QStringLiteral("client_secret_post"));
    EXPECT_GE(secretOf(created).size(), 43); // >= 256 bits

    const Reply got = server.call("GET", kAcme, kClients + u'/' + id, admin);
    ASSERT_EQ(got.status, 200) << got;
    EXPECT_EQ(got.object().value(QLatin1String("description")).toString(),
              QStringLiteral("the billing backend"));

    const Reply listed = server.call("GET", kAcme, kClients, admin);
    ASSERT_EQ(listed.status, 200) << listed;
    QStringList ids;
    for (const QJsonValue& client : listed.array())
        ids << idOf(client.toObject());
    EXPECT_TRUE(ids.contains(id));
    EXPECT_TRUE(ids.contains(QStringLiteral("admin")));

    const Reply patched =
        server.call("PATCH", kAcme, kClients + u'/' + id, admin,
                    QJsonObject{{QStringLiteral("name"), QStringLiteral("Bill")}});
    ASSERT_EQ(patched.status, 200) << patched;
    EXPECT_EQ(patched.object().value(QLatin1String("name")).toString(), QStringLiteral("Bill"));
    // Only the given field changed.
    EXPECT_EQ(patched.object().value(QLatin1String("description")).toString(),
              QStringLiteral("the billing backend"));
    EXPECT_EQ(patched.object().value(QLatin1String("callbacks")).toArray().size(), 1);
    EXPECT_FALSE(patched.object().contains(QLatin1String("client_secret")));

    const Reply deleted = server.call("DELETE", kAcme, kClients + u'/' + id, admin);
    EXPECT_EQ(deleted.status, 204) << deleted;
    EXPECT_TRUE(deleted.body.isEmpty());
    EXPECT_EQ(server.call("GET", kAcme, kClients + u'/' + id, admin).status, 404);
    EXPECT_EQ(server.call("DELETE", kAcme, kClients + u'/' + id, admin).status, 404);
}

TEST_F(ClientsApi, ANewClientIsEnabledOnTheDatabaseConnectionsOnly) {
    store::ConnectionRecord upstream;
    upstream.tenant = kAcme;
    upstream.name = QStringLiteral("corporate");
    upstream.strategy = QStringLiteral("oidc");
    ASSERT_TRUE(server.store().connections().create(upstream).ok());

    const QString id = idOf(create({{QStringLiteral("name"), QStringLiteral("Shop")}}));
    const auto enabled = server.store().connections().enabledFor(kAcme, id);
    ASSERT_TRUE(enabled.ok());
    ASSERT_EQ(enabled->size(), 1);
    EXPECT_EQ(enabled->front().name, QString(store::kDefaultDatabaseConnection));

    // A refused client leaves the connections as they were.
    const auto before = server.store().connections().list(kAcme);
    ASSERT_TRUE(before.ok());
    const Reply duplicate =
        server.call("POST", kAcme, kClients, admin,
                    QJsonObject{{QStringLiteral("name"), QStringLiteral("Shop")}});
    EXPECT_EQ(duplicate.status, 409) << duplicate;
    EXPECT_EQ(server.store().connections().list(kAcme).value(), *before);
}

TEST_F(ClientsApi, SecretIsShownOnlyAtCreationAndWorksAtTheTokenEndpoint) {
    const QJsonObject created =
        create({{QStringLiteral("name"), QStringLiteral("Worker")},
                {QStringLiteral("app_type"), QStringLiteral("non_interactive")}});
    const QString id = idOf(created);
    const QString secret = secretOf(created);
    ASSERT_FALSE(secret.isEmpty());

    const Reply got = server.call("GET", kAcme, kClients + u'/' + id, admin);
    EXPECT_FALSE(got.object().contains(QLatin1String("client_secret")));
    EXPECT_FALSE(got.body.contains(secret.toLatin1()));
    const Reply listed = server.call("GET", kAcme, kClients, admin);
    EXPECT_FALSE(listed.body.contains("\"client_secret\""));

    // Stored hashed, never in clear.
    const auto stored = server.store().clients().find(kAcme, id);
    ASSERT_TRUE(stored.ok() && stored->has_value());
    EXPECT_FALSE((*stored)->secretHash.contains(secret.toLatin1()));

    grant(id, {QStringLiteral("read:clients")});
    EXPECT_EQ(server.requestToken(kAcme, id, secret).status, 200);
    EXPECT_EQ(server.requestToken(kAcme, id, QStringLiteral("wrong")).status, 401);
}

TEST_F(ClientsApi, RotateSecretReturnsANewOneAndTheOldStopsWorking) {
    const QJsonObject created =
        create({{QStringLiteral("name"), QStringLiteral("Rotated")},
                {QStringLiteral("app_type"), QStringLiteral("non_interactive")}});
    const QString id = idOf(created);
    const QString oldSecret = secretOf(created);
    grant(id, {QStringLiteral("read:clients")});
    ASSERT_EQ(server.requestToken(kAcme, id, oldSecret).status, 200);

    const Reply rotated =
        server.call("POST", kAcme, kClients + u'/' + id + QStringLiteral("/rotate-secret"), admin);
    ASSERT_EQ(rotated.status, 200) << rotated;
    const QString newSecret = secretOf(rotated.object());
    ASSERT_FALSE(newSecret.isEmpty());
    EXPECT_NE(newSecret, oldSecret);

    const Reply old = server.requestToken(kAcme, id, oldSecret);
    EXPECT_EQ(old.status, 401) << old;
    EXPECT_EQ(old.error(), QStringLiteral("invalid_client"));
    EXPECT_EQ(server.requestToken(kAcme, id, newSecret).status, 200);
    EXPECT_FALSE(server.call("GET", kAcme, kClients + u'/' + id, admin)
                     .object()
                     .contains(QLatin1String("client_secret")));
}

TEST_F(ClientsApi, PublicClientsHaveNoSecret) {
    const QJsonObject spa = create({{QStringLiteral("name"), QStringLiteral("Web app")},
                                    {QStringLiteral("app_type"), QStringLiteral("spa")}});
    EXPECT_FALSE(spa.contains(QLatin1String("client_secret")));
    EXPECT_EQ(spa.value(QLatin1String("token_endpoint_auth_method")).toString(),
              QStringLiteral("none"));
    const Reply rotate = server.call(
        "POST", kAcme, kClients + u'/' + idOf(spa) + QStringLiteral("/rotate-secret"), admin);
    EXPECT_EQ(rotate.status, 400) << rotate;

    const Reply withCredentials =
        server.call("POST", kAcme, kClients, admin,
                    QJsonObject{{QStringLiteral("name"), QStringLiteral("Bad")},
                                {QStringLiteral("app_type"), QStringLiteral("native")},
                                {QStringLiteral("grant_types"),
                                 QJsonArray{QStringLiteral("client_credentials")}}});
    EXPECT_EQ(withCredentials.status, 400) << withCredentials;
    EXPECT_TRUE(withCredentials.description().contains(QLatin1String("'grant_types'")));

    // Becoming confidential creates the first secret, shown in that response only.
    const Reply confidential =
        server.call("PATCH", kAcme, kClients + u'/' + idOf(spa), admin,
                    QJsonObject{{QStringLiteral("app_type"), QStringLiteral("regular_web")}});
    ASSERT_EQ(confidential.status, 200) << confidential;
    EXPECT_FALSE(secretOf(confidential.object()).isEmpty());
}

TEST_F(ClientsApi, DeletingAClientRemovesItsGrants) {
    const QString id =
        idOf(create({{QStringLiteral("name"), QStringLiteral("Granted")},
                     {QStringLiteral("app_type"), QStringLiteral("non_interactive")}}));
    grant(id, {QStringLiteral("read:clients")});
    store::ClientGrantRepository::Filter filter{id, {}};
    ASSERT_EQ(server.store().clientGrants().list(kAcme, filter)->size(), 1);

    ASSERT_EQ(server.call("DELETE", kAcme, kClients + u'/' + id, admin).status, 204);
    EXPECT_TRUE(server.store().clientGrants().list(kAcme, filter)->isEmpty());
    const Reply grants =
        server.call("GET", kAcme, QStringLiteral("/api/v2/client-grants?client_id=") + id, admin);
    ASSERT_EQ(grants.status, 200) << grants;
    EXPECT_TRUE(grants.array().isEmpty());
}

TEST_F(ClientsApi, AnotherTenantsClientIsNotFound) {
    const QByteArray globexAdmin = server.adminToken(kGlobex);
    const Reply created = server.call("POST", kGlobex, kClients, globexAdmin,
                                      QJsonObject{{QStringLiteral("name"), QStringLiteral("G")}});
    ASSERT_EQ(created.status, 201);
    const QString path = kClients + u'/' + idOf(created.object());
    const qint64 before = server.latestChange();

    EXPECT_EQ(server.call("GET", kAcme, path, admin).status, 404);
    EXPECT_EQ(server
                  .call("PATCH", kAcme, path, admin,
                        QJsonObject{{QStringLiteral("name"), QStringLiteral("stolen")}})
                  .status,
              404);
    EXPECT_EQ(server.call("POST", kAcme, path + QStringLiteral("/rotate-secret"), admin).status,
              404);
    EXPECT_EQ(server.call("DELETE", kAcme, path, admin).status, 404);
    EXPECT_EQ(server.latestChange(), before);
    EXPECT_EQ(server.call("GET", kGlobex, path, globexAdmin).object().value(QLatin1String("name")),
              QStringLiteral("G"));
}

TEST_F(ClientsApi, ListPagesWithTotals) {
    for (int i = 0; i < 5; ++i)
        create({{QStringLiteral("name"), QStringLiteral("paged-%1").arg(i)}});
    // admin, reader and the five.
    const Reply page = server.call(
        "GET", kAcme, kClients + QStringLiteral("?page=1&per_page=3&include_totals=true"), admin);
    ASSERT_EQ(page.status, 200) << page;
    EXPECT_EQ(page.object().value(QLatin1String("total")).toInt(), 7);
    EXPECT_EQ(page.object().value(QLatin1String("start")).toInt(), 3);
    EXPECT_EQ(page.object().value(QLatin1String("limit")).toInt(), 3);
    EXPECT_EQ(page.object().value(QLatin1String("clients")).toArray().size(), 3);

    const Reply bad = server.call("GET", kAcme, kClients + QStringLiteral("?per_page=500"), admin);
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(bad.error(), QStringLiteral("invalid_query_string"));
}
