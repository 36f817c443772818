// /api/v2/tenants of the system tenant over HTTP: a tenant made through the API works at once
// (tokens, its own Management API), and deleting it removes everything it had.

#include "ManagementTestServer.h"

#include "crypto/Jwt.h"

#include <gtest/gtest.h>

using namespace gatehouse;
using namespace gatehouse::management::test;

namespace {

const QString kSystem = QStringLiteral("system");
const QString kTenants = QStringLiteral("/api/v2/tenants");

const QString kInitech = QStringLiteral("initech");

class TenantsApi : public ::testing::Test {
protected:
    Reply createTenant(const QJsonObject& body) {
        return server.call("POST", kSystem, kTenants, system, body);
    }

    // Tenant initech (EdDSA) made through the API, with a client made there by the system token
    // and granted read:clients on initech's Management API.
    struct Initech {
        QString clientId;
        QString secret;
        QString grantId;
    };
    Initech createInitech() {
        const Reply created =
            createTenant({{QStringLiteral("id"), kInitech},
                          {QStringLiteral("friendly_name"), QStringLiteral("Initech")},
                          {QStringLiteral("signing_alg"), QStringLiteral("EdDSA")}});
        EXPECT_EQ(created.status, 201) << created;
        EXPECT_EQ(created.object().value(QLatin1String("id")).toString(), kInitech);
        const Reply client = server.call(
            "POST", kInitech, QStringLiteral("/api/v2/clients"), system,
            QJsonObject{{QStringLiteral("name"), QStringLiteral("ops")},
                        {QStringLiteral("app_type"), QStringLiteral("non_interactive")}});
        EXPECT_EQ(client.status, 201) << client;
        const QString clientId = client.object().value(QLatin1String("client_id")).toString();
        const Reply grant = server.call(
            "POST", kInitech, QStringLiteral("/api/v2/client-grants"), system,
            QJsonObject{{QStringLiteral("client_id"), clientId},
                        {QStringLiteral("audience"), server.audience(kInitech)},
                        {QStringLiteral("scope"), QJsonArray{QStringLiteral("read:clients")}}});
        EXPECT_EQ(grant.status, 201) << grant;
        return {clientId, client.object().value(QLatin1String("client_secret")).toString(),
                grant.object().value(QLatin1String("id")).toString()};
    }

    ManagementServer server;
    QByteArray system = server.systemToken();
};

} // namespace

TEST_F(TenantsApi, ACreatedTenantIsServedAtOnce) {
    const Initech initech = createInitech();
    const QByteArray token = server.token(kInitech, initech.clientId, initech.secret);
    EXPECT_EQ(crypto::decodeJwt(token)->header.value(QLatin1String("alg")).toString(),
              QStringLiteral("EdDSA"));
    EXPECT_EQ(server.call("GET", kInitech, QStringLiteral("/api/v2/clients"), token).status, 200);

    // Its Management API does not define the `*:tenants` scopes: only the system tenant's does.
    const Reply widened = server.call(
        "PATCH", kInitech, QStringLiteral("/api/v2/client-grants/") + initech.grantId, system,
        QJsonObject{{QStringLiteral("scope"), QJsonArray{QStringLiteral("read:tenants")}}});
    EXPECT_EQ(widened.status, 400) << widened;

    const Reply listed = server.call("GET", kSystem, kTenants, system);
    ASSERT_EQ(listed.status, 200) << listed;
    QStringList ids;
    for (const QJsonValue& tenant : listed.array())
        ids << tenant.toObject().value(QLatin1String("id")).toString();
    EXPECT_EQ(ids,
              (QStringList{QStringLiteral("acme"), QStringLiteral("globex"), kInitech, kSystem}));
}

TEST_F(TenantsApi, UpdateAndDeleteWithEverythingItHad) {
    const Initech initech = createInitech();
    const QByteArray token = server.token(kInitech, initech.clientId, initech.secret);
    const QString path = kTenants + u'/' + kInitech;
    const Reply patched = server.call(
        "PATCH", kSystem, path, system,
        QJsonObject{{QStringLiteral("friendly_name"), QStringLiteral("Initech LLC")},
                    {QStringLiteral("domain"), QStringLiteral("login.initech.example")}});
    ASSERT_EQ(patched.status, 200) << patched;
    EXPECT_EQ(patched.object().value(QLatin1String("domain")).toString(),
              QStringLiteral("login.initech.example"));
    EXPECT_EQ(server.call("GET", kSystem, path, system)
                  .object()
                  .value(QLatin1String("friendly_name"))
                  .toString(),
              QStringLiteral("Initech LLC"));

    const Reply deleted = server.call("DELETE", kSystem, path, system);
    ASSERT_EQ(deleted.status, 204) << deleted;
    EXPECT_EQ(server.call("GET", kSystem, path, system).status, 404);
    // Everything it had is gone, and it is no longer served.
    EXPECT_TRUE(server.store().clients().list(kInitech)->isEmpty());
    EXPECT_TRUE(server.store().clientGrants().list(kInitech)->isEmpty());
    EXPECT_TRUE(server.store().signingKeys().listForTenant(kInitech)->isEmpty());
    EXPECT_TRUE(server.store().resourceServers().list(kInitech)->isEmpty());
    EXPECT_EQ(server.call("GET", kInitech, QStringLiteral("/api/v2/clients"), token).status, 404);
    EXPECT_EQ(server.requestToken(kInitech, initech.clientId, initech.secret).status, 404);
}

TEST_F(TenantsApi, TheSystemTenantCannotBeDeleted) {
    const Reply refused =
        server.call("DELETE", kSystem, kTenants + QStringLiteral("/system"), system);
    EXPECT_EQ(refused.status, 403) << refused;
    EXPECT_EQ(refused.error(), QStringLiteral("operation_not_allowed"));
    ASSERT_TRUE(server.store().tenants().find(kSystem)->has_value());
}

TEST_F(TenantsApi, BadTenantsAreRefusedNamingTheField) {
    const qint64 before = server.latestChange();
    struct Case {
        QJsonObject body;
        int status;
        const char* field;
    };
    const QList<Case> cases{
        {{{QStringLiteral("id"), QStringLiteral("acme")}}, 409, "'id'"},
        {{{QStringLiteral("id"), QStringLiteral("Bad_Id")}}, 400, "'id'"},
        {{{QStringLiteral("id"), QStringLiteral("system")}}, 400, "'id'"},
        {{{QStringLiteral("id"), QStringLiteral("settings")}}, 400, "'id'"},
        {{{QStringLiteral("friendly_name"), QStringLiteral("no id")}}, 400, "'id'"},
        {{{QStringLiteral("id"), QStringLiteral("x1")},
          {QStringLiteral("signing_alg"), QStringLiteral("HS256")}},
         400,
         "'signing_alg'"},
        {{{QStringLiteral("id"), QStringLiteral("x1")},
          {QStringLiteral("domain"), QStringLiteral("not a host")}},
         400,
         "'domain'"},
        {{{QStringLiteral("id"), QStringLiteral("x1")},
          {QStringLiteral("nmae"), QStringLiteral("x")}},
         400,
         "'nmae'"},
    };
    for (const Case& c : cases) {
        const Reply reply = createTenant(c.body);
        EXPECT_EQ(reply.status, c.status) << reply;
        EXPECT_TRUE(reply.description().contains(QLatin1String(c.field))) << reply;
    }
    EXPECT_EQ(server.latestChange(), before);

    ASSERT_EQ(createTenant({{QStringLiteral("id"), QStringLiteral("x1")},
                            {QStringLiteral("domain"), QStringLiteral("x1.example")}})
                  .status,
              201);
    const Reply sameDomain =
        createTenant({{QStringLiteral("id"), QStringLiteral("x2")},
                      {QStringLiteral("domain"), QStringLiteral("X1.example")}});
    EXPECT_EQ(sameDomain.status, 409) << sameDomain;
    EXPECT_TRUE(sameDomain.description().contains(QLatin1String("'domain'"))) << sameDomain;
    EXPECT_FALSE(server.store().tenants().find(QStringLiteral("x2"))->has_value());
}
